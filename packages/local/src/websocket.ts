import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { type RawData, type WebSocket, WebSocketServer } from 'ws';
import { type WebSocketRouteKey, webSocketRoutes } from '../../../functions/ws/routes';
import { invokeFunction } from './lambda-runtime';
import { LOCAL_CREDENTIALS, type LocalSettings } from './settings';

/** Where the live-detection WebSocket API is served (seed 002). */
export const LIVE_PATH = '/ws/detection/live';
/** The Management API's connection path, as the SDK calls it on the endpoint it is given. */
const CONNECTIONS = /^\/@connections\/([^/]+)$/;
/** API Gateway's WebSocket message limit; past it the connection is closed (1009). */
const MAX_PAYLOAD_BYTES = 128 * 1024;
/** The subprotocol `$connect` chose, kept on the request until the upgrade answers it. */
const CHOSEN_PROTOCOL = Symbol('chosenProtocol');

interface Connection {
  socket: WebSocket;
  connectedAt: number;
  /** Messages are run one after another, so answers come in the order samples were sent. */
  queue: Promise<void>;
}

function refuse(socket: Duplex, status: number, reason: string): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/** The route selection expression `$request.body.type`, over the routes the CDK stack defines. */
function routeOf(body: string): WebSocketRouteKey {
  try {
    const type = (JSON.parse(body) as { type?: unknown })?.type;
    return typeof type === 'string' && !type.startsWith('$') && type in webSocketRoutes
      ? (type as WebSocketRouteKey)
      : '$default';
  } catch {
    return '$default';
  }
}

/**
 * The local API Gateway WebSocket API: upgrades on the gateway's own server at {@link LIVE_PATH},
 * hands the deployed handlers the events API Gateway builds (`$connect`, messages by route,
 * `$disconnect`), and stands in for the Management API (`POST /@connections/{id}` writes to
 * the socket, `DELETE` closes it) for PostToConnection.
 */
export class LocalWebSocketApi {
  private readonly server = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_PAYLOAD_BYTES,
    // API Gateway answers the subprotocol `$connect` named in its Sec-WebSocket-Protocol header.
    handleProtocols: (_offered, req) =>
      (req as IncomingMessage & { [CHOSEN_PROTOCOL]?: string })[CHOSEN_PROTOCOL] ?? false,
  });
  private readonly connections = new Map<string, Connection>();

  constructor(private readonly settings: LocalSettings) {}

  /** Serves upgrades on the gateway's HTTP server. */
  attach(http: Server): void {
    http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      this.upgrade(req, socket, head).catch((error: Error) => {
        console.error(`websocket: ${error.stack ?? error.message}`);
        refuse(socket, 500, 'Internal Server Error');
      });
    });
  }

  /** Whether a request is for the Management API stand-in. */
  serves(req: IncomingMessage): boolean {
    return CONNECTIONS.test(new URL(req.url ?? '/', 'http://localhost').pathname);
  }

  /** The Management API stand-in: only callers signing with the stack's own key pair (IAM on AWS). */
  async manage(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const id = decodeURIComponent(
      CONNECTIONS.exec(new URL(req.url ?? '/', 'http://localhost').pathname)?.[1] ?? '',
    );
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const answer = (status: number, body?: unknown) => {
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(body === undefined ? '' : JSON.stringify(body));
    };
    if (!req.headers.authorization?.includes(`Credential=${LOCAL_CREDENTIALS.accessKeyId}/`))
      return answer(403, { message: 'Forbidden' });
    const connection = this.connections.get(id);
    if (!connection) return answer(410, { message: 'Gone' });
    if (req.method === 'POST') {
      const data = Buffer.concat(chunks);
      // PostToConnection refuses a message over the WebSocket API's 128 KB, as it does on AWS.
      if (data.length > MAX_PAYLOAD_BYTES)
        return answer(413, {
          message: `Message too long: ${data.length} bytes, at most ${MAX_PAYLOAD_BYTES}`,
        });
      connection.socket.send(data.toString('utf8'));
      return answer(200);
    }
    if (req.method === 'DELETE') {
      connection.socket.close(1000);
      return answer(204);
    }
    if (req.method === 'GET')
      return answer(200, {
        connectedAt: new Date(connection.connectedAt).toISOString(),
        identity: { sourceIp: '127.0.0.1' },
      });
    return answer(405, { message: 'Method Not Allowed' });
  }

  /** Closes every connection (their `$disconnect` still runs). */
  close(): void {
    for (const { socket } of this.connections.values()) socket.terminate();
    this.server.close();
  }

  private context(connectionId: string, routeKey: string, eventType: string, connectedAt: number) {
    return {
      routeKey,
      eventType,
      connectionId,
      connectedAt,
      domainName: `${this.settings.host}:${this.settings.ports.api}`,
      stage: 'v1',
      apiId: 'local',
      requestId: randomUUID(),
      requestTimeEpoch: Date.now(),
      identity: { sourceIp: '127.0.0.1' },
    };
  }

  private async upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== LIVE_PATH) return refuse(socket, 404, 'Not Found');
    const connectionId = randomBytes(12).toString('base64url');
    const connectedAt = Date.now();
    const headers: Record<string, string> = {};
    for (let i = 0; i < req.rawHeaders.length; i += 2)
      headers[req.rawHeaders[i] ?? ''] = req.rawHeaders[i + 1] ?? '';
    const answer = (await invokeFunction(
      webSocketRoutes.$connect,
      {
        requestContext: this.context(connectionId, '$connect', 'CONNECT', connectedAt),
        headers,
        queryStringParameters: url.searchParams.size > 0 ? Object.fromEntries(url.searchParams) : null,
        isBase64Encoded: false,
      },
      10,
    )) as { statusCode?: number; body?: string; headers?: Record<string, string> };
    const status = answer?.statusCode ?? 500;
    if (status < 200 || status > 299) return refuse(socket, status, answer?.body ?? 'Refused');
    const protocol = Object.entries(answer.headers ?? {}).find(
      ([name]) => name.toLowerCase() === 'sec-websocket-protocol',
    )?.[1];
    if (protocol) (req as IncomingMessage & { [CHOSEN_PROTOCOL]?: string })[CHOSEN_PROTOCOL] = protocol;
    this.server.handleUpgrade(req, socket, head, (ws) => this.opened(connectionId, connectedAt, ws));
  }

  private opened(connectionId: string, connectedAt: number, socket: WebSocket): void {
    const connection: Connection = { socket, connectedAt, queue: Promise.resolve() };
    this.connections.set(connectionId, connection);
    socket.on('message', (data: RawData, isBinary: boolean) => {
      const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
      connection.queue = connection.queue.then(() =>
        this.message(connectionId, connectedAt, bytes, isBinary),
      );
    });
    socket.on('close', (code: number) => {
      this.connections.delete(connectionId);
      connection.queue = connection.queue.then(() =>
        this.invoke(webSocketRoutes.$disconnect, {
          requestContext: {
            ...this.context(connectionId, '$disconnect', 'DISCONNECT', connectedAt),
            disconnectStatusCode: code,
          },
          isBase64Encoded: false,
        }),
      );
    });
  }

  private async message(connectionId: string, connectedAt: number, bytes: Buffer, isBinary: boolean) {
    const body = isBinary ? bytes.toString('base64') : bytes.toString('utf8');
    const route = isBinary ? '$default' : routeOf(body);
    await this.invoke(webSocketRoutes[route], {
      requestContext: {
        ...this.context(connectionId, route, 'MESSAGE', connectedAt),
        messageId: randomUUID(),
      },
      body,
      isBase64Encoded: isBinary,
    });
  }

  /** Runs a route's function; a failing one is logged, as API Gateway would drop its answer. */
  private async invoke(handler: string, event: unknown): Promise<void> {
    try {
      await invokeFunction(handler, event, 29);
    } catch (error) {
      console.error(`websocket ${handler}: ${(error as Error).stack ?? (error as Error).message}`);
    }
  }
}
