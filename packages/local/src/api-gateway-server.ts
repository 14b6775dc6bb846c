/**
 * The API Gateway management stand-in: the calls packages/auth/src/usage-keys.ts makes, plus
 * GetUsagePlan(s) and UpdateUsagePlan of the throttle and quota figures, in API Gateway's own
 * REST-JSON protocol (paths and verbs, JSON bodies, errors named by the `x-amzn-ErrorType`
 * header), so the product's SDK client talks to it unchanged through
 * `AWS_ENDPOINT_URL_API_GATEWAY`. The keys and plans it manages are the ones the local gateway
 * meters with (usage-plans.ts).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { LocalSettings } from './settings';
import { ApiGatewayError, type LocalApiKey, type LocalUsagePlan, type LocalUsagePlans } from './usage-plans';

type Answer = { status: number; body?: unknown };
type Operation = (
  params: string[],
  query: URLSearchParams,
  body: Record<string, unknown>,
) => Answer | Promise<Answer>;

/** `ApiKey`, its value only when asked for. */
function apiKey(key: LocalApiKey, withValue: boolean) {
  const { value, ...rest } = key;
  return { ...rest, stageKeys: [], ...(withValue ? { value } : {}) };
}

/** `UsagePlanKey`. */
const usagePlanKey = (key: LocalApiKey) => ({
  id: key.id,
  type: 'API_KEY',
  name: key.name,
  value: key.value,
});

/** `UsagePlan`. */
const usagePlan = (plan: LocalUsagePlan) => ({
  id: plan.id,
  name: plan.name,
  apiStages: [{ apiId: 'local', stage: 'v1' }],
  throttle: { rateLimit: plan.limits.rateLimit, burstLimit: plan.limits.burstLimit },
  quota: { limit: plan.limits.dailyQuota, offset: 0, period: 'DAY' },
});

/**
 * A page of `items` as API Gateway pages: `limit` (default 25, at most 500) from `position`,
 * the list under the JSON name `item`.
 */
function page<T, R>(
  items: T[],
  query: URLSearchParams,
  shape: (item: T) => R,
): { item: R[]; position?: string } {
  const limit = Math.min(500, Number(query.get('limit') ?? 25) || 25);
  const from = Number(query.get('position') ?? 0) || 0;
  const next = from + limit;
  return {
    item: items.slice(from, next).map(shape),
    ...(next < items.length ? { position: String(next) } : {}),
  };
}

function routes(plans: LocalUsagePlans): Array<[string, RegExp, Operation]> {
  const text = (body: Record<string, unknown>, name: string) =>
    typeof body[name] === 'string' ? (body[name] as string) : undefined;
  return [
    [
      'POST',
      /^\/apikeys$/,
      (_, __, body) => ({
        status: 201,
        body: apiKey(
          plans.createKey({
            name: text(body, 'name'),
            value: text(body, 'value'),
            description: text(body, 'description'),
            enabled: body.enabled === true,
          }),
          true,
        ),
      }),
    ],
    [
      'GET',
      /^\/apikeys$/,
      (_, query) => {
        const withValues = query.get('includeValues') === 'true';
        const keys = plans.listKeys(query.get('name') ?? '');
        return { status: 200, body: page(keys, query, (k) => apiKey(k, withValues)) };
      },
    ],
    [
      'GET',
      /^\/apikeys\/([^/]+)$/,
      ([id], query) => ({
        status: 200,
        body: apiKey(plans.getKey(id ?? ''), query.get('includeValue') === 'true'),
      }),
    ],
    [
      'DELETE',
      /^\/apikeys\/([^/]+)$/,
      ([id]) => {
        plans.deleteKey(id ?? '');
        return { status: 202 };
      },
    ],
    [
      'GET',
      /^\/usageplans$/,
      (_, query) => ({ status: 200, body: page([...plans.plans], query, usagePlan) }),
    ],
    ['GET', /^\/usageplans\/([^/]+)$/, ([id]) => ({ status: 200, body: usagePlan(plans.getPlan(id ?? '')) })],
    [
      'PATCH',
      /^\/usageplans\/([^/]+)$/,
      ([id], _, body) => {
        const operations = Array.isArray(body.patchOperations) ? body.patchOperations : [];
        return { status: 200, body: usagePlan(plans.updatePlan(id ?? '', operations)) };
      },
    ],
    [
      'POST',
      /^\/usageplans\/([^/]+)\/keys$/,
      ([planId], _, body) => {
        if (body.keyType !== 'API_KEY')
          throw new ApiGatewayError(400, 'BadRequestException', 'Invalid key type specified');
        return { status: 201, body: usagePlanKey(plans.addPlanKey(planId ?? '', text(body, 'keyId') ?? '')) };
      },
    ],
    [
      'GET',
      /^\/usageplans\/([^/]+)\/keys$/,
      ([planId], query) => {
        const prefix = query.get('name') ?? '';
        const members = plans.planKeysOf(planId ?? '').filter((k) => k.name.startsWith(prefix));
        return { status: 200, body: page(members, query, usagePlanKey) };
      },
    ],
    [
      'GET',
      /^\/usageplans\/([^/]+)\/keys\/([^/]+)$/,
      ([planId, keyId]) => ({ status: 200, body: usagePlanKey(plans.getPlanKey(planId ?? '', keyId ?? '')) }),
    ],
    [
      'DELETE',
      /^\/usageplans\/([^/]+)\/keys\/([^/]+)$/,
      ([planId, keyId]) => {
        plans.deletePlanKey(planId ?? '', keyId ?? '');
        return { status: 202 };
      },
    ],
  ];
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks).toString('utf8');
  if (!raw) return {};
  try {
    return JSON.parse(raw) as Record<string, unknown>;
  } catch {
    throw new ApiGatewayError(400, 'BadRequestException', 'Invalid JSON in request body');
  }
}

function reply(res: ServerResponse, answer: Answer, errorType?: string): void {
  res.writeHead(answer.status, {
    'Content-Type': 'application/json',
    ...(errorType ? { 'x-amzn-ErrorType': errorType } : {}),
  });
  res.end(answer.body === undefined ? '' : JSON.stringify(answer.body));
}

/** Serves the management calls on `settings.ports.apiGateway`. */
export async function startApiGatewayStandIn(
  settings: LocalSettings,
  plans: LocalUsagePlans,
): Promise<Server> {
  const table = routes(plans);
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = (req.method ?? 'GET').toUpperCase();
    try {
      for (const [verb, pattern, operation] of table) {
        const match = verb === method ? pattern.exec(url.pathname) : null;
        if (!match) continue;
        const params = match.slice(1).map((p) => decodeURIComponent(p));
        return reply(res, await operation(params, url.searchParams, await readJson(req)));
      }
      throw new ApiGatewayError(404, 'NotFoundException', `Unsupported ${method} ${url.pathname} locally`);
    } catch (error) {
      if (error instanceof ApiGatewayError)
        return reply(res, { status: error.status, body: { message: error.message } }, error.type);
      reply(res, { status: 500, body: { message: (error as Error).message } }, 'InternalFailure');
    }
  });
  await new Promise<void>((resolve) => server.listen(settings.ports.apiGateway, settings.host, resolve));
  return server;
}
