/** pynomaly-js: the TypeScript/JavaScript client of the Pynomaly API. */
export { type ClientOptions, PynomalyClient, type UploadFile } from './client';
export { Connection, type PynomalyClientOptions, type Session, unwrap } from './connection';
export * from './errors';
export type { components, operations, paths } from './generated/openapi';
export { type LiveMessage, type LiveSocket, openLiveSocket } from './live';
export { backoffMs, type RetryPolicy, retryable, retryingFetch } from './transport';
export { DIRECT_UPLOAD_MAX_BYTES, type Progress } from './uploads';
