/** What a route of the route table (functions/routes.ts) says about itself. */
import type { Scope } from '@pynomaly/core';
import type { ZodType } from 'zod';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** `public` routes skip the authorizer; `user` routes need a verified caller (a user or an API key). */
export type RouteAuth = 'public' | 'user';

/**
 * The schemas a route's handler validates its request with (functions/http/schemas); the API
 * reference (functions/http/openapi.ts) is generated from the same objects.
 */
export interface RouteRequest {
  /** The JSON body, as `parseJsonBody` checks it. */
  body?: ZodType;
  /** The query string, as `parseQuery` checks it. */
  query?: ZodType;
  /** A `multipart/form-data` body: its binary `file` field and its text fields. */
  multipart?: ZodType;
}

/**
 * What a success answers: `json` 200, `created` 201 and `empty` 204 (JSON or nothing), `file`
 * a download, `html` a page.
 */
export type RouteResponse = 'json' | 'created' | 'empty' | 'file' | 'html';

/** What a route does with the data bucket's objects: get them, put them, delete them. */
export type BucketUse = 'read' | 'write' | 'delete';

/**
 * What a route's function does with the data table and bucket; its IAM grants are exactly
 * these (infra/constructs/route-bindings.ts; why: docs/adr/0001-architecture.md).
 */
export interface RouteData {
  /**
   * `counters`: nothing but the request counters every route bumps (rate limit, metrics);
   * `read`: items and indexes too; `write`: put, update and delete items as well.
   * @default 'read' for GET, 'write' for the other methods
   */
  table?: 'counters' | 'read' | 'write';
  /** @default - none: the bucket's name only */
  bucket?: readonly BucketUse[];
}

/** What the gateway knows of a request, for a {@link StoredBodyIntegration}'s object and answer. */
export type RequestFact =
  /** API Gateway's request id (`$context.requestId`). */
  | 'requestId'
  /** When the request arrived, ISO 8601 to the second (from `$context.requestTime`). */
  | 'requestTime'
  /** The caller, from the authorizer's context (`$context.authorizer.<name>`). */
  | 'tenantId'
  | 'userId'
  | 'username';

/** A field of a stored-body route's answer: a literal, or a fact of the request. */
export type AnswerField = string | number | null | { readonly fact: RequestFact };

/**
 * API Gateway answers the route itself, with no function: an AWS service integration stores the
 * request body as it arrived in the data bucket and answers 201. For bodies no function can take:
 * API Gateway accepts 10 MB, a Lambda request only 6 MB, which base64 makes 4.5 MB of file. What
 * reads the stored body is an event consumer of functions/events/rules.ts, on its prefix.
 */
export interface StoredBodyIntegration {
  /** The object is stored at `<prefix><tenant id>/<request id>`. */
  readonly prefix: string;
  /** The object's user metadata (`x-amz-meta-<name>`): facts of the request. */
  readonly metadata: Readonly<Record<string, RequestFact>>;
  /** The JSON answered with 201 once the object is stored. */
  readonly answer: Readonly<Record<string, AnswerField>>;
}

interface RouteBase {
  /** Stable identifier, also the CDK construct id of the route's function. */
  id: string;
  /** One line for the API reference. */
  summary?: string;
  method: HttpMethod;
  /** API Gateway style paths (`{name}` for a path parameter); the first is canonical, the rest aliases. */
  paths: readonly string[];
  /** The request schemas, for routes that take a body or a query. */
  request?: RouteRequest;
  /** @default 'json' */
  response?: RouteResponse;
  /**
   * The JSON a success answers, for the API reference: its fields and what each means. The
   * handler builds the answer; the route's tests parse real answers with this schema.
   * @default - an open JSON answer
   */
  answer?: ZodType;
  /**
   * The JSON of other success statuses the route answers besides its `response` one (a queued
   * run's 202, say), by status: documented beside {@link answer}.
   * @default - none: those statuses are documented as open JSON answers
   */
  answers?: Readonly<Record<number, ZodType>>;
  auth: RouteAuth;
  /** What a caller needs to use a `user` route (checked by the authorizer; see packages/core/src/access.ts). */
  scope?: Scope;
  /** Cognito administration actions the route's function is granted on the user pool. */
  cognitoActions?: readonly string[];
  /**
   * What else the function talks to: `userPool` (Cognito as the public client or with the
   * caller's token: ids, no IAM), `sms` (texts through SNS), `dependencies` (probes every
   * dependency: describe rights on table, bucket, pool and state machine), `detectionPipeline`
   * (queues detections on the detection state machine), `studyPipeline` (runs experiments and
   * AutoML searches on the study state machine), `ingestPipeline` (converts large uploads on the
   * ingest state machine), `webhookRetries` (starts delivery retry schedules on the webhook state
   * machine), `usageKeys` (deletes callers' usage-plan keys from API Gateway:
   * packages/auth/src/usage-keys.ts), `triageModel` (calls the Bedrock triage model, when the
   * stack has one: infra/constructs/triage-model.ts), `productEvents` (publishes catalogued
   * events on the product bus: packages/core/src/events.ts).
   */
  needs?: readonly (
    | 'userPool'
    | 'sms'
    | 'dependencies'
    | 'detectionPipeline'
    | 'studyPipeline'
    | 'ingestPipeline'
    | 'webhookRetries'
    | 'usageKeys'
    | 'triageModel'
    | 'productEvents'
  )[];
  /** What the function does with the table and bucket. @default - by method, see {@link RouteData} */
  data?: RouteData;
  /** Lambda memory in MB. @default 512 */
  memoryMb?: number;
  /** Lambda timeout in seconds (API Gateway stops waiting at 29 s). @default 29 */
  timeoutSeconds?: number;
  /** The route reads or writes workbooks: its bundle carries exceljs. @default false */
  usesWorkbooks?: boolean;
}

/** A route answered by its own function. */
export interface FunctionRoute extends RouteBase {
  /** Handler module under `functions/`, without extension; it exports `handler`. */
  handler: string;
  integration?: undefined;
}

/** A route API Gateway answers by storing the request body (see {@link StoredBodyIntegration}). */
export interface StoredBodyRoute extends RouteBase {
  handler?: undefined;
  integration: StoredBodyIntegration;
}

export type RouteDefinition = FunctionRoute | StoredBodyRoute;
