export * from './detection';
export * from './preprocess';
export * from './statistics';
export * from './tabular-datasets';
