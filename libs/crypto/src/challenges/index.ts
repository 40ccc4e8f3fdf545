export * from './challenge';
export * from './messages';
export * from './verify';
