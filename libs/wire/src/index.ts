export * from './errors';
export * from './model';
export * from './json-reader';
export * from './ip';
export * from './date';
export * from './decode';
export * from './encode';
export * from './compare';
