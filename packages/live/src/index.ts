/**
 * @pynomaly/live — live detection over WebSocket (connections, messages, warm-up scoring,
 * replies, tenant alert broadcasts), its HTTP twin (streams), and the real-time monitor.
 */
export * from './alerts';
export * from './connections';
export * from './events';
export * from './live';
export * from './messages';
export * from './monitor';
export * from './poster';
export * from './streaming';
export * from './streams';
export * from './subscriptions';
export * from './warmup';
