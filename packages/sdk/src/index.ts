/** pynomaly-js: the TypeScript/JavaScript client of the Pynomaly API. */
export { type ClientOptions, PynomalyClient, type UploadFile } from './client.js';
export { Connection, type PynomalyClientOptions, type Session, unwrap } from './connection.js';
export * from './errors.js';
export type { components, operations, paths } from './generated/openapi.js';
export { type LiveMessage, type LiveSocket, openLiveSocket } from './live.js';
export { backoffMs, type RetryPolicy, retryable, retryingFetch } from './transport.js';
export { DIRECT_UPLOAD_MAX_BYTES, type Progress } from './uploads.js';
