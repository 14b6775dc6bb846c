export * from './detection';
export * from './exports';
export * from './performance';
export * from './preprocess';
export * from './statistics';
export * from './tabular-datasets';
