import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { emitTaskMetrics, resetEmfMetrics } from './emf';
import { NotFoundError } from './errors';
import { httpHandler } from './http/handler';

interface EmfLine {
  _aws: { CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string }[] }[] };
  [field: string]: unknown;
}

/** The EMF lines written to stdout while `run` runs. */
async function emfLines(run: () => Promise<unknown>): Promise<EmfLine[]> {
  const lines: string[] = [];
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    lines.push(String(chunk));
    return true;
  });
  try {
    await run();
  } finally {
    write.mockRestore();
  }
  return lines
    .flatMap((chunk) => chunk.split('\n'))
    .filter((line) => line.includes('"_aws"'))
    .map((line) => JSON.parse(line) as EmfLine);
}

const context = { awsRequestId: 'aws-1', functionName: 'f' } as Context;
const event = {
  httpMethod: 'GET',
  resource: '/api/v1/datasets/{dataset_id}',
  path: '/api/v1/datasets/d1',
  headers: {},
  pathParameters: { dataset_id: 'd1' },
  requestContext: { requestId: 'req-1', identity: { sourceIp: '192.0.2.1' } },
} as unknown as APIGatewayProxyEvent;

describe('EMF metrics', () => {
  beforeEach(() => {
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false');
    vi.stubEnv('POWERTOOLS_METRICS_NAMESPACE', 'Pynomaly');
    vi.stubEnv('POWERTOOLS_SERVICE_NAME', 'pynomaly');
    resetEmfMetrics();
  });
  afterEach(() => {
    vi.unstubAllEnvs();
    resetEmfMetrics();
  });

  it('writes one line per request, by service and route id, with the status class', async () => {
    vi.stubEnv('ROUTE_ID', 'GetDataset');
    const handler = httpHandler(async () => ({ statusCode: 200, headers: {}, body: '{}' }), {
      budget: 'none',
    });
    const [line, ...rest] = await emfLines(() => handler(event, context));
    expect(rest).toEqual([]);
    const [directive] = line?._aws.CloudWatchMetrics ?? [];
    expect(directive?.Namespace).toBe('Pynomaly');
    expect(directive?.Dimensions).toEqual([['service', 'route']]);
    expect(directive?.Metrics.map((m) => m.Name).sort()).toEqual([
      'ClientErrors',
      'Latency',
      'Requests',
      'ServerErrors',
    ]);
    expect(line).toMatchObject({
      service: 'pynomaly',
      route: 'GetDataset',
      Requests: 1,
      ClientErrors: 0,
      ServerErrors: 0,
    });
  });

  it('counts an error answer, and falls back to method and resource template without a route id', async () => {
    vi.stubEnv('ROUTE_ID', '');
    const notFound = httpHandler(
      async () => {
        throw new NotFoundError('Dataset not found');
      },
      { budget: 'none' },
    );
    const crash = httpHandler(
      async () => {
        throw new Error('boom');
      },
      { budget: 'none' },
    );
    const lines = await emfLines(async () => {
      await notFound(event, context);
      await crash(event, context);
    });
    expect(lines).toMatchObject([
      { route: 'GET /api/v1/datasets/{dataset_id}', ClientErrors: 1, ServerErrors: 0 },
      { route: 'GET /api/v1/datasets/{dataset_id}', ClientErrors: 0, ServerErrors: 1 },
    ]);
  });

  it('counts a finished detection and a failed task by task name', async () => {
    const lines = await emfLines(async () => {
      emitTaskMetrics('Detect', { output: { dataset_id: 'd', anomaly_count: 3 } });
      emitTaskMetrics('Triage', { output: { anomaly_id: 'a' } });
      emitTaskMetrics('Parse', { failed: true });
    });
    expect(lines).toMatchObject([
      { service: 'pynomaly', task: 'Detect', DatasetsAnalysed: 1, AnomaliesFound: 3 },
      { service: 'pynomaly', task: 'Parse', TaskFailures: 1 },
    ]);
  });

  it('writes nothing when disabled, as the local stack and the unit tests run', async () => {
    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'true');
    resetEmfMetrics();
    const handler = httpHandler(async () => ({ statusCode: 200, headers: {}, body: '{}' }), {
      budget: 'none',
    });
    expect(await emfLines(() => handler(event, context))).toEqual([]);
  });
});
