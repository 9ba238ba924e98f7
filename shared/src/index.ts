export * from './catalog.ts';
export * from './types.ts';
export * from './metrics.ts';
export * from './api.ts';
export * from './regionSearch.ts';
export * from './trends.ts';
export * from './messages.ts';
export * from './checkDetail.ts';
