import { createConnection } from 'node:net';

/** True when something accepts TCP connections on the port. */
function isListening(port: number, host: string): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    const socket = createConnection({ port, host });
    socket.once('connect', () => {
      socket.end();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Resolves once something accepts TCP connections on the port. */
export async function waitForPort(port: number, host: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await isListening(port, host)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`Nothing listening on ${host}:${port} after ${timeoutMs} ms`);
}

/** Fails when something already listens on the port: a stack left running would otherwise be silently reused. */
export async function assertPortFree(port: number, host: string): Promise<void> {
  if (await isListening(port, host)) {
    throw new Error(
      `Port ${port} on ${host} is in use: is another Pynomaly stack running? (set PYNOMALY_PORT to move it)`,
    );
  }
}
