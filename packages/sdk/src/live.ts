/**
 * Live detection over WebSocket (seed 002's `client.createWebSocket('/ws/detection/live')`):
 * the browser's WebSocket where there is one, the `ws` package in Node (which can send the
 * credentials as headers; a browser sends the token as `?token=`). Messages sent before the
 * socket opens are queued.
 */

/** A message of the live API: `{type: 'detect', data: {sample: [...]}}` out, `anomaly_result` in. */
export type LiveMessage = { type: string; data?: unknown } & Record<string, unknown>;

export interface LiveSocket {
  send(message: LiveMessage): void;
  onMessage(listener: (message: LiveMessage) => void): void;
  onError(listener: (error: unknown) => void): void;
  /** Resolves once the connection is open (rejects if it cannot be). */
  readonly opened: Promise<void>;
  close(): void;
}

interface MinimalSocket {
  send(data: string): void;
  close(): void;
  addEventListener(type: 'open' | 'message' | 'error' | 'close', listener: (event: never) => void): void;
}

/** Opens `url` with `headers` (Node) or the token in the query (browsers). */
export function openLiveSocket(url: string, headers: Record<string, string>): LiveSocket {
  const messageListeners: Array<(message: LiveMessage) => void> = [];
  const errorListeners: Array<(error: unknown) => void> = [];
  const queue: string[] = [];
  let socket: MinimalSocket | undefined;
  let open = false;

  const opened = (async () => {
    const Browser = (globalThis as { WebSocket?: new (url: string) => MinimalSocket }).WebSocket;
    if (Browser) {
      const token = headers.Authorization?.replace(/^Bearer /, '');
      const withToken = token
        ? `${url}${url.includes('?') ? '&' : '?'}token=${encodeURIComponent(token)}`
        : url;
      socket = new Browser(withToken);
    } else {
      const { default: NodeSocket } = await import('ws');
      socket = new NodeSocket(url, { headers }) as unknown as MinimalSocket;
    }
    const ready = socket;
    ready.addEventListener('message', (event: { data: unknown }) => {
      const message = JSON.parse(String(event.data)) as LiveMessage;
      for (const listener of messageListeners) listener(message);
    });
    ready.addEventListener('error', (event: unknown) => {
      for (const listener of errorListeners) listener(event);
    });
    await new Promise<void>((resolve, reject) => {
      ready.addEventListener('open', () => resolve());
      ready.addEventListener('close', () => reject(new Error('The live connection closed before it opened')));
    });
    open = true;
    for (const data of queue.splice(0)) ready.send(data);
  })();
  opened.catch((error: unknown) => {
    for (const listener of errorListeners) listener(error);
  });

  return {
    send(message) {
      const data = JSON.stringify(message);
      if (open && socket) socket.send(data);
      else queue.push(data);
    },
    onMessage: (listener) => void messageListeners.push(listener),
    onError: (listener) => void errorListeners.push(listener),
    opened,
    close: () => socket?.close(),
  };
}
