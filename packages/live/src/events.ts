/** The API Gateway WebSocket event fields these handlers read (the local gateway builds the same). */
export interface WebSocketEvent {
  requestContext: {
    routeKey: string;
    eventType: 'CONNECT' | 'MESSAGE' | 'DISCONNECT';
    connectionId: string;
    domainName: string;
    stage: string;
    requestId?: string;
    identity?: { sourceIp?: string };
  };
  /** `$connect` only: the handshake's headers and query. */
  headers?: Record<string, string | undefined> | null;
  queryStringParameters?: Record<string, string | undefined> | null;
  body?: string | null;
  isBase64Encoded?: boolean;
}

/**
 * What API Gateway makes of a route's answer: on `$connect`, a non-2xx status refuses the
 * handshake, and `Sec-WebSocket-Protocol` names the subprotocol the connection speaks.
 */
export interface WebSocketAnswer {
  statusCode: number;
  body?: string;
  headers?: Record<string, string>;
}

/** The subprotocol of GraphQL subscriptions (the graphql-ws library's). */
export const GRAPHQL_WS_PROTOCOL = 'graphql-transport-ws';

/**
 * The subprotocol to answer the handshake with: graphql-transport-ws when the client offers it.
 * A browser drops a connection whose answer names none of the protocols it offered, so a client
 * offering only others gets none named (and no connection), as a server without them would.
 */
export function chosenProtocol(event: WebSocketEvent): string | undefined {
  const offered = (headerOf(event, 'sec-websocket-protocol') ?? '').split(',').map((p) => p.trim());
  return offered.includes(GRAPHQL_WS_PROTOCOL) ? GRAPHQL_WS_PROTOCOL : undefined;
}

function headerOf(event: WebSocketEvent, name: string): string | undefined {
  for (const [key, value] of Object.entries(event.headers ?? {}))
    if (key.toLowerCase() === name) return value ?? undefined;
  return undefined;
}

/**
 * The handshake's credentials: an `Authorization` header, else a `?token=` query parameter (a
 * browser's WebSocket cannot set headers), and an `X-API-Key` header or `?api_key=`.
 */
export function credentialsOf(event: WebSocketEvent): { authorization?: string; apiKey?: string } {
  const token = event.queryStringParameters?.token;
  return {
    authorization: headerOf(event, 'authorization') ?? (token ? `Bearer ${token}` : undefined),
    apiKey: headerOf(event, 'x-api-key') ?? event.queryStringParameters?.api_key ?? undefined,
  };
}

/** The message's text (API Gateway base64-encodes binary frames). */
export function messageText(event: WebSocketEvent): string {
  const body = event.body ?? '';
  return event.isBase64Encoded ? Buffer.from(body, 'base64').toString('utf8') : body;
}
