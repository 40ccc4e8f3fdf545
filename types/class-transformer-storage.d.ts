// class-transformer keeps its @Type() registry in a module without its own typings (NestJS reads it
// the same way); the one lookup we use:
declare module 'class-transformer/cjs/storage' {
  export const defaultMetadataStorage: {
    findTypeMetadata(target: object, property: string): { typeFunction(): unknown } | undefined;
  };
}
