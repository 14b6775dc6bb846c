/**
 * The live WebSocket API's routes, selected by `$request.body.type`, and the function each runs:
 * seed 002's `detect` messages, and the graphql-transport-ws messages of GraphQL subscriptions.
 * The CDK stack (infra/constructs/live-detection.ts) and the local WebSocket API read this table.
 */
export const webSocketRoutes = {
  $connect: 'ws/connect',
  $disconnect: 'ws/disconnect',
  $default: 'ws/message',
  detect: 'ws/message',
  connection_init: 'ws/graphql',
  subscribe: 'ws/graphql',
  complete: 'ws/graphql',
  ping: 'ws/graphql',
  pong: 'ws/graphql',
} as const;

export type WebSocketRouteKey = keyof typeof webSocketRoutes;
