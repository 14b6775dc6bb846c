/** @pynomaly/live — live detection over WebSocket: connections, messages, warm-up scoring, replies. */
export * from './connections';
export * from './events';
export * from './live';
export * from './messages';
export * from './poster';
export * from './warmup';
