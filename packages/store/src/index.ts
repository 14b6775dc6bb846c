export * from './anomalies';
export * from './blobs';
export * from './datasets';
export * from './reports';
export * from './schema';
export * from './sessions';
export { isConditionFailure, keys, Table } from './table';
export * from './threats';
export * from './types';
