import { createServer, type IncomingMessage, type Server } from 'node:http';

/** An error in the shape AWS JSON-protocol services answer. */
export class AwsServiceError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

type Operation = (input: Record<string, unknown>) => Promise<unknown>;

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * A loopback server speaking the AWS JSON protocol (`X-Amz-Target: <Prefix>.<Operation>`),
 * so the SDK clients of the product talk to local stand-ins unchanged.
 */
export async function startAwsJsonServer(
  host: string,
  port: number,
  operations: Record<string, Operation>,
): Promise<Server> {
  const server = createServer(async (req, res) => {
    const target = String(req.headers['x-amz-target'] ?? '');
    const operation = operations[target.split('.').pop() ?? ''];
    const reply = (status: number, body: unknown) => {
      res.writeHead(status, { 'Content-Type': 'application/x-amz-json-1.0' });
      res.end(JSON.stringify(body));
    };
    try {
      if (!operation)
        throw new AwsServiceError('UnknownOperationException', `Unsupported operation ${target}`);
      const raw = await readBody(req);
      reply(200, await operation(raw ? JSON.parse(raw) : {}));
    } catch (error) {
      if (error instanceof AwsServiceError)
        reply(error.status, { __type: error.type, message: error.message });
      else reply(500, { __type: 'InternalFailure', message: (error as Error).message });
    }
  });
  await new Promise<void>((resolvePromise) => server.listen(port, host, resolvePromise));
  return server;
}
