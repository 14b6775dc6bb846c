/**
 * The API reference, generated from the route table: paths, scopes and the very zod schemas the
 * handlers validate with, so the document cannot drift from what the API accepts.
 */
import { apiKeyScopes, MAX_PATH_PARAMETER_BYTES, mfaScopes, productEvents } from '@pynomaly/core';
import { type ZodType, z } from 'zod';
import packageJson from '../../package.json' with { type: 'json' };
import { type HttpMethod, type RouteDefinition, type RouteResponse, routes } from '../routes';

/** A JSON Schema (2020-12, the dialect of OpenAPI 3.1). */
export type JsonSchema = Record<string, unknown>;

/** A parameter of an operation. */
export interface Parameter {
  name: string;
  in: 'path' | 'query';
  required: boolean;
  schema: JsonSchema;
}

/** A request body, by media type. */
export interface RequestBody {
  required: boolean;
  content: Record<string, { schema: JsonSchema }>;
}

/** One method of one path. */
export interface Operation {
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  /** `[]` on public routes: no credentials needed. */
  security: Record<string, string[]>[];
  parameters?: Parameter[];
  requestBody?: RequestBody;
  responses: Record<string, unknown>;
  /** The scope the authorizer requires. */
  'x-scope'?: string;
  /** The canonical path of an alias. */
  'x-alias-of'?: string;
}

/** The OpenAPI 3.1 document of the API. */
export interface OpenApiDocument {
  openapi: '3.1.0';
  info: { title: string; version: string; description: string };
  servers: { url: string; description: string }[];
  tags: { name: string; description: string }[];
  paths: Record<string, Partial<Record<Lowercase<HttpMethod>, Operation>>>;
  /** What a registered webhook receives: one signed POST per catalogued event type. */
  webhooks: Record<string, { post: Record<string, unknown> }>;
  components: Record<string, Record<string, unknown>>;
}

const SIGNATURE_HEADERS = [
  ['webhook-id', 'The message id (`msg_…`): the same on every retry and redelivery; deduplicate on it'],
  [
    'webhook-timestamp',
    'Seconds since the epoch when this attempt was signed; refuse it when more than 5 minutes off',
  ],
  [
    'webhook-signature',
    '`v1,` + base64 HMAC-SHA256 of `<webhook-id>.<webhook-timestamp>.<body>` keyed with the base64-decoded secret after `whsec_`; several space-separated during a rotation',
  ],
] as const;

/**
 * The OpenAPI 3.1 `webhooks` section: for each event of the catalogue (packages/core/src/events.ts)
 * the request a subscribed endpoint receives, as Standard Webhooks signs it.
 */
function webhooksOf(): OpenApiDocument['webhooks'] {
  return Object.fromEntries(
    productEvents.map((event) => [
      event.detailType,
      {
        post: {
          operationId: `webhook_${event.detailType.replace(/\./g, '_')}`,
          summary: `${event.detailType} (version ${event.version})`,
          tags: ['webhooks'],
          security: [],
          parameters: SIGNATURE_HEADERS.map(([name, description]) => ({
            name,
            in: 'header',
            required: true,
            description,
            schema: { type: 'string' },
          })),
          requestBody: {
            required: true,
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['type', 'timestamp', 'data'],
                  properties: {
                    type: { type: 'string', const: event.detailType },
                    timestamp: { type: 'string', format: 'date-time' },
                    data: (({ $schema: _, ...rest }) => rest)(z.toJSONSchema(event.schema) as JsonSchema),
                  },
                },
              },
            },
          },
          responses: {
            '200': {
              description:
                'Any 2xx acknowledges the message; anything else, or no answer in 15 s, is retried',
            },
          },
        },
      },
    ]),
  );
}

/** Tag of each area, by the first path segment after `/api` and the version, where they differ. */
const TAG_OF_SEGMENT: Record<string, string> = {
  anomaly: 'triage',
  'openapi.json': 'reference',
  docs: 'reference',
  redoc: 'reference',
};

/** Every tag, in the order the reference shows them. */
const TAGS: Record<string, string> = {
  health: 'Liveness and the health of each dependency',
  auth: 'Sign-in, tokens and accounts',
  mfa: 'Second factors: TOTP and SMS',
  admin: 'Users, audit trail and system status (administrators)',
  'api-keys': 'API keys with scopes (administrators)',
  triage: 'Security-log workbooks: anomalies, triage reports, analysis sessions',
  datasets: 'Tabular datasets for detection',
  detection: 'Detection runs and their results',
  streaming: 'Server-side detection streams fed samples over HTTP (the twin of live detection)',
  detectors: 'Detectors: algorithms with parameters, trained on datasets',
  models: 'Trained detectors',
  ensembles: 'Several detectors combined',
  experiments: 'Detectors compared on one dataset',
  automl: 'Automatic search for the best detector',
  autonomous: 'Detection of every new upload',
  settings: "A tenant's settings: the severity from which findings raise alerts",
  explainability: 'Why a row is anomalous: SHAP, LIME, feature importance',
  export: 'Detections and datasets as CSV, Excel or JSON',
  performance: 'Request metrics, the real-time monitor and benchmarks',
  webhooks: 'Signed HTTP callbacks of product events (Standard Webhooks), their deliveries and redelivery',
  graphql:
    'Datasets, models and detections through one GraphQL endpoint (seed 002); a document GraphQL refuses (syntax, validation, depth, cost) is answered 400 with a GraphQL `errors` list, not a problem',
  reference: 'This document and its browsable page',
};

/** Answers every route may give, as RFC 7807 problems (packages/core/src/http/problem.ts). */
const PROBLEMS: Record<string, string> = {
  '400': 'The request is invalid (a malformed path parameter too); `errors` lists the fields',
  '401': 'No valid token or API key',
  '403': 'The caller lacks the scope (`MFA_REQUIRED`: it needs a sign-in with a second factor)',
  '404': 'No such resource',
  '409': 'The resource conflicts with an existing one',
  '413': 'The body is larger than the limit',
  '415': 'The body is not of a type the route reads',
  '422':
    'The input is well-formed but cannot be processed; `WORK_TOO_LARGE`: more work than the request may do',
  '429': 'Too many requests: wait `Retry-After` seconds',
  '500': 'Something failed on our side; quote the `request_id`',
};

const RATE_LIMIT_HEADERS = {
  'X-RateLimit-Limit': { $ref: '#/components/headers/X-RateLimit-Limit' },
  'X-RateLimit-Remaining': { $ref: '#/components/headers/X-RateLimit-Remaining' },
  'X-RateLimit-Reset': { $ref: '#/components/headers/X-RateLimit-Reset' },
};

const JSON_ANSWER = { 'application/json': { schema: {} } };

const SUCCESS: Record<RouteResponse, [status: string, response: Record<string, unknown>]> = {
  json: ['200', { description: 'OK', headers: RATE_LIMIT_HEADERS, content: JSON_ANSWER }],
  created: ['201', { description: 'Created', headers: RATE_LIMIT_HEADERS, content: JSON_ANSWER }],
  empty: ['204', { description: 'Done; no body', headers: RATE_LIMIT_HEADERS }],
  file: [
    '200',
    {
      description: 'The file; `Content-Disposition` names it and `Content-Type` tells its format',
      headers: {
        ...RATE_LIMIT_HEADERS,
        'Content-Disposition': { schema: { type: 'string' }, description: 'attachment; filename=…' },
      },
      content: { '*/*': { schema: { type: 'string', contentMediaType: 'application/octet-stream' } } },
    },
  ],
  html: [
    '200',
    {
      description: 'The page',
      headers: RATE_LIMIT_HEADERS,
      content: { 'text/html': { schema: { type: 'string' } } },
    },
  ],
};

/** The tag of a route: its area, read from the canonical path like the infra reads its stack key. */
export function tagOf(route: Pick<RouteDefinition, 'paths'>): string {
  const segments = (route.paths[0] ?? '').split('/').filter((s) => s !== '');
  while (segments.length > 1 && /^(api|v\d+)$/.test(segments[0] ?? '')) segments.shift();
  const segment = segments[0] ?? '';
  const tag = TAG_OF_SEGMENT[segment] ?? segment;
  if (!(tag in TAGS)) throw new Error(`Route ${route.paths[0]} has no tag: add "${tag}" to TAGS`);
  return tag;
}

/**
 * A zod schema as the JSON Schema a client sends (defaults make fields optional), or with
 * `output` as what a route answers.
 */
export function jsonSchemaOf(schema: ZodType, io: 'input' | 'output' = 'input'): JsonSchema {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { io }) as JsonSchema;
  return rest;
}

function parametersOf(route: RouteDefinition, path: string): Parameter[] {
  // checkPathParameters refuses longer ones (in UTF-8 bytes, so at most this many characters).
  const pathSchema = { type: 'string', minLength: 1, maxLength: MAX_PATH_PARAMETER_BYTES };
  const inPath = [...path.matchAll(/\{(\w+)\}/g)].map(
    ([, name]): Parameter => ({ name: name ?? '', in: 'path', required: true, schema: pathSchema }),
  );
  if (!route.request?.query) return inPath;
  const query = jsonSchemaOf(route.request.query);
  const required = (query.required as string[] | undefined) ?? [];
  const properties = (query.properties ?? {}) as Record<string, JsonSchema>;
  return [
    ...inPath,
    ...Object.entries(properties).map(
      ([name, schema]): Parameter => ({ name, in: 'query', required: required.includes(name), schema }),
    ),
  ];
}

function requestBodyOf(route: RouteDefinition): RequestBody | undefined {
  const { body, multipart } = route.request ?? {};
  if (multipart)
    return { required: true, content: { 'multipart/form-data': { schema: jsonSchemaOf(multipart) } } };
  if (!body) return undefined;
  // An absent body reads as `{}` (parseJsonBody), so only a schema refusing `{}` needs one.
  return {
    required: !body.safeParse({}).success,
    content: { 'application/json': { schema: jsonSchemaOf(body) } },
  };
}

function securityOf(route: RouteDefinition): Record<string, string[]>[] {
  if (route.auth === 'public') return [];
  const keysAllowed = (apiKeyScopes as readonly string[]).includes(route.scope ?? '');
  return keysAllowed ? [{ bearerAuth: [] }, { apiKey: [] }] : [{ bearerAuth: [] }];
}

function descriptionOf(route: RouteDefinition, aliasOf: string | undefined): string | undefined {
  const lines: string[] = [];
  if (aliasOf) lines.push(`Alias of \`${route.method} ${aliasOf}\`.`);
  if (route.auth === 'user') {
    lines.push(
      securityOf(route).length > 1
        ? `Needs the \`${route.scope}\` scope, from the user's role or the API key's scopes.`
        : `Needs the \`${route.scope}\` scope, which only a signed-in user's role grants: API keys cannot carry it.`,
    );
    if ((mfaScopes as readonly string[]).includes(route.scope ?? ''))
      lines.push(
        'And a sign-in completed with a second factor (`POST /api/v1/auth/mfa/verify`): an administrator signed in with a password alone is answered `403` with `code: "MFA_REQUIRED"` and how to enrol.',
      );
  }
  return lines.length > 0 ? lines.join('\n\n') : undefined;
}

/**
 * A route API Gateway answers itself stores the body and answers at once: what is wrong with
 * the file shows later, on the dataset and its session (`rejected`, `error` with the reason).
 */
function storedBodyResponses(): Record<string, unknown> {
  const problem = (code: string) => ({ $ref: `#/components/responses/Problem${code}` });
  return {
    '201': {
      description:
        'Stored, to be checked and analysed: the dataset as far as the request tells (`_id`, `user_id`, `uploaded_at`, `status`). A file that is not a sound .xlsx with data, or over the upload quota, ends as a `rejected` dataset whose session is `error` with the reason',
      content: JSON_ANSWER,
    },
    '401': problem('401'),
    '403': problem('403'),
    '413': problem('413'),
    '500': problem('500'),
    '503': { description: 'The upload could not be stored; try again' },
  };
}

function responsesOf(route: RouteDefinition): Record<string, unknown> {
  if (route.integration) return storedBodyResponses();
  const [status, success] = SUCCESS[route.response ?? 'json'];
  const responses: Record<string, unknown> = {
    [status]: route.answer
      ? { ...success, content: { 'application/json': { schema: jsonSchemaOf(route.answer, 'output') } } }
      : success,
  };
  // Health probes answer their report with 503 when a dependency is down.
  if (route.needs?.includes('dependencies'))
    responses['503'] = { description: 'A dependency is unhealthy; the same report', content: JSON_ANSWER };
  // Routes that queue work answer 202 with the run to poll when they do; GraphQL answers a
  // queued detection as a result whose status is running, with 200.
  if (route.needs?.includes('detectionPipeline') && tagOf(route) !== 'graphql')
    responses['202'] = {
      description: 'Queued (`async: true`, or too much work to wait for): the run, with `result_url` to poll',
      headers: RATE_LIMIT_HEADERS,
      content: JSON_ANSWER,
    };
  if (route.needs?.includes('studyPipeline'))
    responses['202'] = {
      description:
        'Queued (`async: true`, or too much work to wait for): the running record; poll its GET until it completes',
      headers: RATE_LIMIT_HEADERS,
      content: JSON_ANSWER,
    };
  if (route.needs?.includes('ingestPipeline'))
    responses['202'] = {
      description:
        'Too large to convert within the request: the upload, `processing` on the ingest state machine, with `status_url` to poll until it is `completed` (its `dataset_id`) or `failed` (its `error_message`)',
      headers: RATE_LIMIT_HEADERS,
      content: JSON_ANSWER,
    };
  // Other success statuses the route documents the answer of (the 202 above, say).
  for (const [code, schema] of Object.entries(route.answers ?? {}))
    responses[code] = {
      ...((responses[code] as Record<string, unknown> | undefined) ?? {
        description: 'OK',
        headers: RATE_LIMIT_HEADERS,
      }),
      content: { 'application/json': { schema: jsonSchemaOf(schema, 'output') } },
    };
  for (const code of Object.keys(PROBLEMS))
    responses[code] = { $ref: `#/components/responses/Problem${code}` };
  return responses;
}

function operationOf(route: RouteDefinition, path: string, alias: number): Operation {
  const aliasOf = alias > 0 ? route.paths[0] : undefined;
  const parameters = parametersOf(route, path);
  const requestBody = requestBodyOf(route);
  const description = descriptionOf(route, aliasOf);
  return {
    operationId: alias > 0 ? `${route.id}Alias${alias}` : route.id,
    summary: route.summary ?? route.id,
    ...(description ? { description } : {}),
    tags: [tagOf(route)],
    security: securityOf(route),
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(requestBody ? { requestBody } : {}),
    responses: responsesOf(route),
    ...(route.scope ? { 'x-scope': route.scope } : {}),
    ...(aliasOf ? { 'x-alias-of': aliasOf } : {}),
  };
}

function componentsOf(): OpenApiDocument['components'] {
  const integer = (description: string) => ({ schema: { type: 'integer' }, description });
  return {
    securitySchemes: {
      bearerAuth: {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'JWT',
        description: 'The `access_token` of `POST /api/v1/auth/login`',
      },
      apiKey: {
        type: 'apiKey',
        in: 'header',
        name: 'X-API-Key',
        description: 'A key from `POST /api/v1/api-keys` (`pyn_…`); it works where its scopes allow',
      },
    },
    headers: {
      'X-RateLimit-Limit': integer("Requests per hour of the caller's tier"),
      'X-RateLimit-Remaining': integer('Requests left in this hour'),
      'X-RateLimit-Reset': integer('When the count starts again, in seconds since the epoch'),
      'Retry-After': integer('Seconds to wait before trying again'),
    },
    schemas: {
      Problem: {
        type: 'object',
        description: 'An RFC 7807 problem; the routes add `code` and `request_id`',
        required: ['type', 'title', 'status'],
        properties: {
          type: { type: 'string' },
          title: { type: 'string' },
          status: { type: 'integer' },
          detail: { type: 'string' },
          instance: { type: 'string' },
          code: { type: 'string', description: 'Stable machine code, e.g. `VALIDATION_ERROR`' },
          request_id: { type: 'string' },
          errors: {
            type: 'array',
            items: {
              type: 'object',
              required: ['field', 'message'],
              properties: { field: { type: 'string' }, message: { type: 'string' } },
            },
          },
        },
      },
    },
    responses: Object.fromEntries(
      Object.entries(PROBLEMS).map(([code, description]) => [
        `Problem${code}`,
        {
          description,
          headers:
            code === '429'
              ? { 'Retry-After': { $ref: '#/components/headers/Retry-After' }, ...RATE_LIMIT_HEADERS }
              : RATE_LIMIT_HEADERS,
          content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
        },
      ]),
    ),
  };
}

/** The OpenAPI 3.1 document of a route table: each path once per alias, aliases marked `x-alias-of`. */
export function openApiDocument(table: readonly RouteDefinition[] = routes): OpenApiDocument {
  const paths: OpenApiDocument['paths'] = {};
  for (const route of table) {
    route.paths.forEach((path, alias) => {
      paths[path] = { ...paths[path], [route.method.toLowerCase()]: operationOf(route, path, alias) };
    });
  }
  const used = new Set(table.map(tagOf));
  return {
    openapi: '3.1.0',
    info: {
      title: 'Pynomaly API',
      version: packageJson.version,
      description:
        'Anomaly detection and security-log triage. Errors are RFC 7807 `application/problem+json`; every answer carries `X-RateLimit-*` headers.',
    },
    servers: [{ url: '/', description: 'This deployment' }],
    tags: Object.entries(TAGS)
      .filter(([name]) => used.has(name))
      .map(([name, description]) => ({ name, description })),
    paths,
    webhooks: webhooksOf(),
    components: componentsOf(),
  };
}
