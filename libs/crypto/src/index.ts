export * from './ed25519';
export * from './httpsig';
export * from './challenges';
export * from './replay-cache';
