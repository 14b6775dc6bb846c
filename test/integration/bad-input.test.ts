/**
 * Issue #9, item 8: bad input answers a 4xx RFC 7807 problem, never a 5xx. The id and fuzz
 * cases are generated from the route table, so a route is covered as soon as it is declared.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { jsonSchemaOf } from '../../functions/http/openapi';
import { type RouteDefinition, routes } from '../../functions/routes';
import { apiUrl, authed, newAdmin, waitForAnalysis } from '../support/client';
import { securityLogsWorkbook } from '../support/security-logs';

type Json = Record<string, unknown>;
type Call = ReturnType<typeof authed>;
const jsonBody = (body: unknown, method = 'POST') => ({
  method,
  headers: { 'Content-Type': 'application/json' },
  body: typeof body === 'string' ? body : JSON.stringify(body),
});
const hasBody = (route: RouteDefinition) => route.method !== 'GET' && route.method !== 'DELETE';
const fill = (path: string, value: (name: string) => string) =>
  path.replace(/\{(\w+)\}/g, (_, name: string) => value(name));

/** Why an answer is not a 4xx problem, or undefined when it is one. */
async function notAProblem(response: Response): Promise<string | undefined> {
  const text = await response.text();
  if (response.status < 400 || response.status >= 500) return `${response.status} ${text.slice(0, 200)}`;
  if (!response.headers.get('content-type')?.includes('application/problem+json'))
    return `${response.status} as ${response.headers.get('content-type')}`;
  return (JSON.parse(text) as Json).status === response.status ? undefined : `status field of ${text}`;
}

/**
 * Why an answer of the GraphQL routes is neither a problem nor a GraphQL refusal: GraphQL over
 * HTTP answers a document it refuses (syntax, validation, limits) 400 with its `errors`, each
 * with `extensions.code` (docs/adr/0012-graphql.md); the request around it is a problem.
 */
async function notARefusal(response: Response): Promise<string | undefined> {
  if (response.headers.get('content-type')?.includes('application/problem+json'))
    return notAProblem(response);
  const text = await response.text();
  const errors =
    response.status === 400 ? ((JSON.parse(text) as Json).errors as Json[] | undefined) : undefined;
  const coded =
    errors?.length && errors.every((e) => typeof (e.extensions as Json | undefined)?.code === 'string');
  return coded ? undefined : `${response.status} ${text.slice(0, 200)}`;
}

/** Deterministic rows in [0, 1) of `d` features. */
function rows(n: number, d: number, seed = 5): number[][] {
  let state = seed;
  const next = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return Math.round((state / 4294967296) * 1000) / 1000;
  };
  return Array.from({ length: n }, () => Array.from({ length: d }, next));
}

/**
 * Polls a queued run until it ends. The local stack runs queued tasks in its own process, so
 * a heavy one holds the server and a kept-alive connection may be reset: that poll is retried.
 */
async function poll(call: Call, url: string, timeoutMs = 120_000): Promise<Json> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const result = (await call(url)
      .then((r) => r.json())
      .catch(() => ({ status: 'running' }))) as Json;
    if (result.status !== 'running') return result;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${url} did not finish`);
}

describe('bad input against the local stack', () => {
  let admin: Call;
  let token = '';
  /**
   * An administrator of this file's own, signed in with a code: the fuzz calls every route,
   * MFA enrolment and switching it off included, which would spoil the suite's administrator.
   */
  let signIn: () => Promise<string>;
  /** Real ids of the admin's resources, by the collection a path parameter names. */
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    const fuzzer = await newAdmin(`fuzz-admin-${Date.now().toString(36)}`, 'Fuzz-Admin-Password-1');
    ({ token, signIn } = fuzzer);
    admin = authed(token);
    const form = new FormData();
    form.append('file', new Blob([securityLogsWorkbook().file]), 'security_logs.xlsx');
    const workbook = (await (
      await admin('/api/anomaly/datasets/upload', { method: 'POST', body: form })
    ).json()) as Json;
    const created = async (path: string, body: unknown) =>
      (await (await admin(path, jsonBody(body))).json()) as Json;
    const dataset = await created('/api/v1/datasets', { name: 'fuzz', data: rows(120, 3) });
    const datasetId = String(dataset.dataset_id);
    const trained = async (algorithm: string) => {
      const detector = await created('/api/v1/detectors', { name: algorithm, algorithm });
      await admin(`/api/v1/detectors/${detector.id}/train`, jsonBody({ dataset_id: datasetId }));
      return String(detector.id);
    };
    const [zscore, hbos] = [await trained('zscore'), await trained('hbos')];
    const ensemble = await created('/api/v1/ensembles', { name: 'pair', detector_ids: [zscore, hbos] });
    const detection = await created('/api/v1/detection/detect', { dataset_id: datasetId });
    const study = { name: 's', dataset_id: datasetId, algorithms: ['zscore'] };
    const experiment = await created('/api/v1/experiments', study);
    const pipeline = await created('/api/v1/automl/create', { ...study, max_trials: 1 });
    const key = await created('/api/v1/api-keys', { name: 'fuzz', scopes: ['datasets:read'] });
    const { session } = await waitForAnalysis(token, String(workbook._id));
    const [report] = (await (
      await admin(`/api/anomaly/anomaly-reports?dataset_id=${workbook._id}`)
    ).json()) as Json[];
    Object.assign(ids, {
      'v1/datasets': datasetId,
      detectors: zscore,
      models: zscore,
      ensembles: String(ensemble.id),
      ensemble: String(ensemble.id),
      'detection/results': String(detection.detection_id),
      experiments: String(experiment.id),
      'automl/pipelines': String(pipeline.id),
      'api-keys': String(key.id),
      'anomaly/datasets': String(workbook._id),
      'anomaly/anomaly-reports': String(report?.id),
      'anomaly/anomalies': String(report?.anomaly_id),
      'anomaly/analysis-sessions': String((session as unknown as Json).id),
      export: 'csv',
    });
  }, 180_000);

  describe('ids no resource can have (item 8.1)', () => {
    const withIds = routes.flatMap((route) =>
      route.paths.filter((p) => p.includes('{')).map((path) => ({ route, path })),
    );

    it('answers 400 naming the parameter, on every route with a path parameter, for 1,100 and 5,000 bytes', async () => {
      expect(withIds.length).toBeGreaterThanOrEqual(29);
      const failures: string[] = [];
      for (const { route, path } of withIds) {
        for (const bytes of [1100, 5000]) {
          const url = fill(path, () => 'a'.repeat(bytes));
          const response = await admin(
            url,
            hasBody(route) ? jsonBody({}, route.method) : { method: route.method },
          );
          const problem = response.status === 400 ? ((await response.clone().json()) as Json) : {};
          const wrong = await notAProblem(response);
          if (wrong || problem.code !== 'VALIDATION_ERROR')
            failures.push(`${route.method} ${path} (${bytes} B): ${wrong ?? JSON.stringify(problem)}`);
        }
      }
      expect(failures).toEqual([]);
    });

    it('answers 400 for control characters in an id, and 404 for a well-formed unknown one', async () => {
      for (const id of ['a%00b', 'a%0Ab', '%7F']) {
        const response = await admin(`/api/anomaly/datasets/${id}`);
        expect(response.status, id).toBe(400);
        expect(await notAProblem(response), id).toBeUndefined();
      }
      expect((await admin('/api/v1/detectors/01jqnotthere')).status).toBe(404);
    });
  });

  describe('paths that are not valid percent-encoding (item 8.3)', () => {
    it('answers 400 before routing or authorizing, as API Gateway does', async () => {
      const broken = [
        '/api/anomaly/datasets/%E0%A4%A',
        '/api/anomaly/datasets/%ZZ',
        '/api/anomaly/datasets/%',
        '/api/v1/detectors/%ED%A0%80/train', // an encoded lone surrogate: not UTF-8
        '/api/no-such-route/%C3',
        '/api/health/%FF',
      ];
      for (const path of broken) {
        for (const call of [admin, (p: string) => fetch(`${apiUrl()}${p}`)]) {
          const response = await call(path);
          expect(response.status, path).toBe(400);
          expect(await notAProblem(response), path).toBeUndefined();
        }
      }
    });
  });

  describe('PATCH of a report with nothing to change (item 8.2)', () => {
    it('answers 200 with the report unchanged, like PUT of a detector with {}', async () => {
      const url = `/api/anomaly/anomaly-reports/${ids['anomaly/anomaly-reports']}`;
      const before = (await (await admin(url)).json()) as Json;
      const patched = await admin(url, jsonBody({}, 'PATCH'));
      expect(patched.status).toBe(200);
      expect(await patched.json()).toEqual(before);
      expect((await admin(url, { method: 'PATCH' })).status).toBe(200);
      expect(await (await admin(url)).json()).toEqual(before);
      const detector = await admin(`/api/v1/detectors/${ids.detectors}`, jsonBody({}, 'PUT'));
      expect(detector.status).toBe(200);
    });
  });

  describe('work past the request limit (item 8.4)', () => {
    it('queues a detection estimated over the budget at once (202), and the queue completes it', async () => {
      const data = rows(200_000, 3);
      const started = Date.now();
      const response = await admin(
        '/api/v1/detection/detect',
        jsonBody({ data, algorithm: 'isolation_forest', parameters: { n_estimators: 1500 } }),
      );
      expect(response.status).toBe(202);
      expect(Date.now() - started).toBeLessThan(10_000);
      const queued = (await response.json()) as Json;
      expect(queued).toMatchObject({ status: 'running', n_samples: 200_000 });
      const done = await poll(admin, String(queued.result_url));
      expect(done).toMatchObject({ status: 'completed', n_samples: 200_000 });
      expect(Number(done.anomaly_count)).toBeGreaterThan(0);
    });

    it('still detects a small run at once (200)', async () => {
      const response = await admin('/api/v1/detection/detect', jsonBody({ data: rows(500, 3) }));
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ status: 'completed', n_samples: 500 });
    });

    it('refuses with 422 WORK_TOO_LARGE, before doing it, heavy work that cannot be queued', async () => {
      const heavy: Array<[string, unknown]> = [
        ['/api/v1/performance/benchmark', { algorithm: 'knn', n_samples: 100_000, n_features: 20 }],
        [
          '/api/v1/explainability/shap',
          { algorithm: 'knn', data: rows(2000, 12), row_index: 0, n_samples: 2000 },
        ],
        ['/api/v1/explainability/feature-importance', { algorithm: 'lof', data: rows(40_000, 10) }],
      ];
      for (const [path, body] of heavy) {
        const started = Date.now();
        const response = await admin(path, jsonBody(body));
        expect(response.status, path).toBe(422);
        expect((await response.clone().json()) as Json, path).toMatchObject({ code: 'WORK_TOO_LARGE' });
        expect(await notAProblem(response), path).toBeUndefined();
        expect(Date.now() - started, path).toBeLessThan(5_000);
      }
    });

    it('fails only the batch entry that would overrun the request, and runs the rest', async () => {
      const response = await admin(
        '/api/v1/detection/batch',
        jsonBody({
          datasets: [
            { name: 'small', data: rows(300, 3) },
            { name: 'huge', data: rows(200_000, 3), parameters: { n_estimators: 1500 } },
          ],
        }),
      );
      expect(response.status).toBe(200);
      const { results } = (await response.json()) as { results: Json[] };
      expect(results[0]).toMatchObject({ name: 'small', status: 'completed' });
      expect(results[1]).toMatchObject({ name: 'huge', status: 'failed' });
      expect(String(results[1]?.error)).toMatch(/estimated at \d+ s/);
    });
  });

  describe('hostile bodies, queries and content types on every route', () => {
    const bodies: Array<[string, string | undefined, string]> = [
      ['malformed JSON', 'application/json', '{"a":'],
      ['an array', 'application/json', '[1,2,3]'],
      ['null', 'application/json', 'null'],
      ['a number', 'application/json', '1e999'],
      ['deep nesting', 'application/json', `${'['.repeat(5000)}${']'.repeat(5000)}`],
      ['prototype keys', 'application/json', '{"__proto__":{"admin":true},"constructor":{"prototype":{}}}'],
      ['text', 'text/plain', 'hello'],
      ['a form', 'application/x-www-form-urlencoded', 'a=1&b=2'],
      ['multipart without a boundary', 'multipart/form-data', 'abc'],
      [
        'broken multipart',
        'multipart/form-data; boundary=x',
        '--x\r\nContent-Disposition: form-data; name="file"',
      ],
      ['bytes', 'application/octet-stream', '\u0000\u00ff\u0001'],
    ];
    /** Every field of the route's body schema set to one hostile value at once. */
    const fieldValues: unknown[] = [[], {}, -1e308, 'x'.repeat(20_000), [[{}]]];
    const fieldsOf = (route: RouteDefinition): string[] => {
      const schema = route.request?.body ?? route.request?.multipart;
      if (!schema) return ['data', 'dataset_id', 'name'];
      const collect = (s: Json): string[] => [
        ...Object.keys((s.properties as Json | undefined) ?? {}),
        ...((s.allOf as Json[] | undefined) ?? []).flatMap(collect),
      ];
      return collect(jsonSchemaOf(schema));
    };
    // Long values stay within the 16 KB Node (and ~10 KB API Gateway) allow a request line.
    const queryValues = ['-1', '1e308', 'NaN', '9'.repeat(40), 'x'.repeat(2000), '0x10', '', '%00'];
    // Public routes count per address and these budgets are small; a logout ends the session,
    // and every later call with its token would count as a refused credential. A few cases each.
    const scarce: Record<string, number> = {
      Register: 3,
      Login: 8,
      VerifyLoginMfa: 8,
      Refresh: 8,
      Logout: 3,
    };

    it('never answers 5xx, and answers every 4xx as a problem', async () => {
      // Its own session, in case a logout case ends it: those come last.
      const call = authed(await signIn());
      const ordered = [...routes].sort((a, b) => Number(a.id === 'Logout') - Number(b.id === 'Logout'));
      const cases: Array<[string, string, RequestInit]> = [];
      for (const route of ordered) {
        // Real ids, so handlers get past their lookups; deletes get unknown ones and delete nothing.
        const path = fill(route.paths[0] ?? '', (name) => {
          const collection = Object.keys(ids).find((c) => (route.paths[0] ?? '').includes(`/${c}/{${name}}`));
          return route.method === 'DELETE' || !collection ? 'unknown-id' : (ids[collection] ?? 'unknown-id');
        });
        const { method } = route;
        const mine: Array<[string, string, RequestInit]> = [];
        if (hasBody(route)) {
          for (const [label, type, body] of bodies)
            mine.push([
              `${route.id} ${label}`,
              path,
              { method, body, headers: type ? { 'Content-Type': type } : {} },
            ]);
          for (const value of fieldValues) {
            const body = Object.fromEntries(fieldsOf(route).map((f) => [f, value]));
            mine.push([
              `${route.id} fields = ${JSON.stringify(value).slice(0, 20)}`,
              path,
              jsonBody(body, method),
            ]);
          }
        }
        const query = route.request?.query
          ? Object.keys((jsonSchemaOf(route.request.query).properties as Json | undefined) ?? {})
          : ['limit'];
        for (const value of queryValues) {
          const search = query
            .map((q) => `${q}=${value === '%00' ? value : encodeURIComponent(value)}`)
            .join('&');
          mine.push([`${route.id} ?${search.slice(0, 40)}`, `${path}?${search}`, { method }]);
        }
        mine.push([`${route.id} ?repeated`, `${path}?a[b]=1&${query[0]}=1&${query[0]}=-1`, { method }]);
        cases.push(...mine.slice(0, scarce[route.id] ?? mine.length));
      }
      const failures: string[] = [];
      const started = Date.now();
      // Four at a time, in route order, so the logout cases still come last.
      for (let i = 0; i < cases.length; i += 4) {
        await Promise.all(
          cases.slice(i, i + 4).map(async ([label, path, init]) => {
            const response = await call(path, init);
            if (response.status < 400 && response.status >= 200) return void (await response.arrayBuffer());
            const graphql = label.startsWith('Graphql');
            const wrong = await (graphql ? notARefusal(response) : notAProblem(response));
            if (wrong) failures.push(`${label}: ${wrong}`);
          }),
        );
      }
      expect(failures).toEqual([]);
      expect(Date.now() - started).toBeLessThan(60_000);
    }, 120_000);
  });
});
