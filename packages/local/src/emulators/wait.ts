import { createConnection } from 'node:net';

/** Resolves once something accepts TCP connections on the port. */
export async function waitForPort(port: number, host: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const open = await new Promise<boolean>((resolvePromise) => {
      const socket = createConnection({ port, host });
      socket.once('connect', () => {
        socket.end();
        resolvePromise(true);
      });
      socket.once('error', () => resolvePromise(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`Nothing listening on ${host}:${port} after ${timeoutMs} ms`);
}

/** Fails when something already listens on the port: a stack left running would otherwise be silently reused. */
export async function assertPortFree(port: number, host: string): Promise<void> {
  const inUse = await new Promise<boolean>((resolvePromise) => {
    const socket = createConnection({ port, host });
    socket.once('connect', () => {
      socket.end();
      resolvePromise(true);
    });
    socket.once('error', () => resolvePromise(false));
  });
  if (inUse)
    throw new Error(
      `Port ${port} on ${host} is in use: is another Pynomaly stack running? (set PYNOMALY_PORT to move it)`,
    );
}
