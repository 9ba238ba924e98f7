export * from './catalog.ts';
export * from './types.ts';
