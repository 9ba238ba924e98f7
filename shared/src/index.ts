export * from './catalog.ts';
export * from './types.ts';
export * from './metrics.ts';
