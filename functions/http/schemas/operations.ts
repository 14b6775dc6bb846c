import { z } from 'zod';

/** Health probes and the API reference: what `functions/routes/operations.ts` and `GET /api/health` answer. */

const timestamp = z.string().describe('ISO 8601');

/** `GET /api/health`: the service answers; it checks nothing else. */
export const livenessAnswer = z.object({
  status: z.literal('healthy'),
  service: z.literal('anomaly-detection'),
  timestamp,
});

/** One dependency, checked with a cheap read. */
export const dependencyAnswer = z.object({
  name: z.string().describe('`dynamodb`, `s3`, `cognito` or `stepfunctions`'),
  status: z.enum(['healthy', 'unhealthy']),
  latency_ms: z.number().int().min(0),
  error: z.string().optional().describe('The name of the error the check met, when unhealthy'),
});

/**
 * `GET /api/v1/admin/system/status`: each dependency's health. Answered with 503 when one is
 * unhealthy (`status: degraded`), the same report.
 */
export const systemStatusAnswer = z
  .object({
    // packages/core types it a string: checked against the two it can be when answered.
    status: z.string().pipe(z.enum(['healthy', 'degraded'])),
    region: z.string(),
    timestamp,
    dependencies: z.array(dependencyAnswer),
  })
  .meta({
    examples: [
      {
        status: 'healthy',
        region: 'eu-west-1',
        timestamp: '2026-03-02T09:30:00.000Z',
        dependencies: [
          { name: 'dynamodb', status: 'healthy', latency_ms: 12 },
          { name: 's3', status: 'healthy', latency_ms: 18 },
          { name: 'cognito', status: 'healthy', latency_ms: 25 },
          { name: 'stepfunctions', status: 'healthy', latency_ms: 21 },
        ],
      },
    ],
  });

/** `GET /api/v1/health/detailed`: the system status, with this instance's uptime. */
export const healthDetailedAnswer = systemStatusAnswer.extend({
  service: z.literal('pynomaly'),
  uptime_seconds: z.number().int().min(0).describe("This function instance's, since it started"),
});

/** `GET /api/v1/health/dependencies`. */
export const healthDependenciesAnswer = systemStatusAnswer.pick({ status: true, dependencies: true });

/**
 * `GET /api/openapi.json`: an OpenAPI 3.1 document. Open by nature: its shape is the OpenAPI
 * specification's (https://spec.openapis.org/oas/v3.1.0), not this API's, and it grows with
 * every route; only its top-level members are named here.
 */
export const openApiAnswer = z.looseObject({
  openapi: z.literal('3.1.0'),
  info: z.looseObject({ title: z.string(), version: z.string() }),
  servers: z.array(z.looseObject({ url: z.string() })).describe('This deployment, as the request reached it'),
  paths: z.record(z.string(), z.unknown()),
  webhooks: z.record(z.string(), z.unknown()),
  components: z.record(z.string(), z.unknown()),
});
