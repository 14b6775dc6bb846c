/**
 * GraphQL subscriptions over the live WebSocket API, in the graphql-transport-ws protocol: the
 * client's messages answered here (`connection_init`, `ping`, `subscribe`, `complete`), each
 * subscription checked as a query would be (document limits, scope, the tenant's own dataset or
 * model) and stored for the event fan-out (./publish.ts) to run again when its event comes.
 * docs/adr/0012-graphql.md says what differs from a long-lived server.
 */
import {
  AppError,
  ForbiddenError,
  type Principal,
  RateLimitError,
  type RateLimiter,
  ValidationError,
} from '@pynomaly/core';
import {
  CONNECTION_TTL_SECONDS,
  type ConnectionRepository,
  MAX_MESSAGE_BYTES,
  type SubscriptionRepository,
  type SubscriptionTopic,
} from '@pynomaly/live';
import {
  buildSchema,
  type DocumentNode,
  type FieldNode,
  GraphQLError,
  type GraphQLFormattedError,
  getArgumentValues,
  getOperationAST,
  getVariableValues,
  parse,
  specifiedRules,
  validate,
} from 'graphql';
import { z } from 'zod';
import { formatError } from './errors';
import { limits, protections } from './limits';
import { typeDefs } from './schema';

/** The schema subscriptions are checked and run against (scalars pass values as stored). */
export const subscriptionSchema = buildSchema(typeDefs);

const { validationRules } = protections();
const operationId = z.string().min(1).max(128);

/** The client's messages of graphql-transport-ws. */
const clientMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('connection_init'), payload: z.record(z.string(), z.unknown()).nullish() }),
  z.object({ type: z.literal('ping'), payload: z.record(z.string(), z.unknown()).nullish() }),
  z.object({ type: z.literal('pong'), payload: z.record(z.string(), z.unknown()).nullish() }),
  z.object({
    type: z.literal('subscribe'),
    id: operationId,
    payload: z.object({
      query: z.string(),
      variables: z.record(z.string(), z.unknown()).nullish(),
      operationName: z.string().nullish(),
      extensions: z.record(z.string(), z.unknown()).nullish(),
    }),
  }),
  z.object({ type: z.literal('complete'), id: operationId }),
]);

/** The server's messages of graphql-transport-ws. */
export type ServerMessage =
  | { type: 'connection_ack' }
  | { type: 'pong' }
  | { type: 'next'; id: string; payload: { data?: unknown; errors?: readonly GraphQLFormattedError[] } }
  | { type: 'error'; id: string; payload: GraphQLFormattedError[] }
  | { type: 'complete'; id: string };

/**
 * What to do with the connection: send `replies`, and `close` it when the client broke the
 * protocol (the close codes the protocol names cannot be sent through API Gateway; the reason is
 * logged instead).
 */
export interface ProtocolAnswer {
  replies: ServerMessage[];
  close?: string;
}

export interface SubscriptionDeps {
  connections: Pick<ConnectionRepository, 'get' | 'markInitialised'>;
  subscriptions: Pick<SubscriptionRepository, 'add' | 'remove' | 'ofConnection'>;
  limiter: Pick<RateLimiter, 'consume'>;
  limits: { messagesPerMinute: number; subscriptionsPerConnection: number };
  /** A dataset or detector of the tenant; NotFoundError when it has none by that id. */
  datasets: { get(tenantId: string, id: string): Promise<unknown> };
  detectors: { get(tenantId: string, id: string): Promise<unknown> };
  now?: () => Date;
}

/** What a subscription needs: the scope a query of the same data needs, and the topic it listens to. */
const FIELDS: Record<
  string,
  { scope: 'detection:read'; topic: (args: Record<string, unknown>) => SubscriptionTopic }
> = {
  anomalyDetected: { scope: 'detection:read', topic: (args) => `dataset:${String(args.datasetId)}` },
  modelTrainingProgress: { scope: 'detection:read', topic: (args) => `model:${String(args.modelId)}` },
};

const refusal = (error: AppError): GraphQLFormattedError =>
  formatError(new GraphQLError(error.message).toJSON(), error);

function invalid(message: string): ValidationError {
  return new ValidationError(message, [{ field: 'payload.query', message }]);
}

/** The document parsed and checked as a query is (limits included), and the one field it subscribes to. */
function checkDocument(query: string, operationName: string | null | undefined) {
  let document: DocumentNode;
  try {
    document = parse(query, { maxTokens: limits.maxTokens });
  } catch (error) {
    throw invalid((error as Error).message);
  }
  const errors = validate(subscriptionSchema, document, [...specifiedRules, ...validationRules]);
  if (errors.length > 0) throw invalid(errors.map((e) => e.message).join('; '));
  const operation = getOperationAST(document, operationName);
  if (!operation) throw invalid('Name the operation to run (operationName)');
  if (operation.operation !== 'subscription')
    throw invalid(`A ${operation.operation} goes to POST /graphql; this connection subscribes`);
  // Validation allows one root field in a subscription (SingleFieldSubscriptionsRule).
  const field = operation.selectionSet.selections[0] as FieldNode;
  return { operation, field };
}

/** Checks `subscribe` and stores it: an `error` for a subscription refused, nothing until its events. */
async function subscribe(
  connectionId: string,
  principal: Principal,
  message: {
    id: string;
    payload: { query: string; variables?: Record<string, unknown> | null; operationName?: string | null };
  },
  deps: SubscriptionDeps,
): Promise<ProtocolAnswer> {
  const { query, operationName } = message.payload;
  const { operation, field } = checkDocument(query, operationName);
  const variables = getVariableValues(
    subscriptionSchema,
    operation.variableDefinitions ?? [],
    message.payload.variables ?? {},
  );
  if (variables.errors) throw invalid(variables.errors.map((e) => e.message).join('; '));
  const definition = subscriptionSchema.getSubscriptionType()?.getFields()[field.name.value];
  const need = FIELDS[field.name.value];
  if (!definition || !need) throw invalid(`No subscription ${field.name.value}`);
  if (!principal.scopes.includes(need.scope)) throw new ForbiddenError(`This needs the ${need.scope} scope`);
  const args = getArgumentValues(definition, field, variables.coerced);
  // The tenant's own dataset or model, or NOT_FOUND, as a query of it answers.
  if (field.name.value === 'anomalyDetected')
    await deps.datasets.get(principal.tenantId, String(args.datasetId));
  else await deps.detectors.get(principal.tenantId, String(args.modelId));
  const held = await deps.subscriptions.ofConnection(connectionId);
  if (held.length >= deps.limits.subscriptionsPerConnection)
    throw new RateLimitError(
      `A connection may hold ${deps.limits.subscriptionsPerConnection} subscriptions`,
      60,
    );
  const now = deps.now?.() ?? new Date();
  const added = await deps.subscriptions.add({
    connection_id: connectionId,
    id: message.id,
    tenant_id: principal.tenantId,
    topic: need.topic(args),
    query,
    variables: message.payload.variables ?? {},
    operation_name: operationName ?? null,
    created_at: now.toISOString(),
    expires_at: Math.floor(now.getTime() / 1000) + CONNECTION_TTL_SECONDS,
  });
  if (!added) return { replies: [], close: `Subscriber for ${message.id} already exists` };
  return { replies: [] };
}

/** Answers one graphql-transport-ws message of a live connection (none for a closed one). */
export async function answerGraphqlWs(
  connectionId: string,
  body: string,
  deps: SubscriptionDeps,
): Promise<ProtocolAnswer> {
  const connection = await deps.connections.get(connectionId);
  if (!connection) return { replies: [] };
  let raw: unknown;
  try {
    raw = Buffer.byteLength(body) <= MAX_MESSAGE_BYTES ? JSON.parse(body) : undefined;
  } catch {
    raw = undefined;
  }
  const parsed = clientMessage.safeParse(raw);
  if (!parsed.success) return { replies: [], close: 'Invalid message received' };
  const message = parsed.data;
  switch (message.type) {
    case 'connection_init':
      if (connection.graphql_initialised) return { replies: [], close: 'Too many initialisation requests' };
      await deps.connections.markInitialised(connectionId);
      return { replies: [{ type: 'connection_ack' }] };
    case 'ping':
      return { replies: [{ type: 'pong' }] };
    case 'pong':
      return { replies: [] };
    case 'complete':
      await deps.subscriptions.remove(connectionId, message.id);
      return { replies: [] };
    case 'subscribe': {
      if (!connection.graphql_initialised) return { replies: [], close: 'Unauthorized' };
      try {
        await deps.limiter.consume(`live:${connectionId}`, deps.limits.messagesPerMinute, 60);
        return await subscribe(connectionId, connection.principal, message, deps);
      } catch (error) {
        if (error instanceof AppError)
          return { replies: [{ type: 'error', id: message.id, payload: [refusal(error)] }] };
        throw error;
      }
    }
  }
}
