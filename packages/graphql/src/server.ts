/**
 * The GraphQL endpoint as a function of a request: Apollo Server runs the document against the
 * schema with the caller the authorizer proved, and its status and GraphQL response come back
 * for the route to answer. The route's handler (functions/http/graphql.ts) checks the request
 * is one operation, as REST checks a body, and translates the event.
 */
import { ApolloServer, HeaderMap } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { Principal } from '@pynomaly/core';
import { formatError } from './errors';
import { protections } from './limits';
import { type GraphqlContext, type GraphqlDeps, resolvers } from './resolvers';
import { typeDefs } from './schema';

/** What the handler knows of the HTTP request. */
export interface GraphqlHttpRequest {
  method: string;
  /** The raw query string (GET carries the document there), without `?`. */
  search: string;
  headers: Record<string, string | undefined>;
  /** A POST's JSON body, parsed. */
  body?: unknown;
}

/** Apollo's answer: its status and the GraphQL response (`data`, `errors`). */
export interface GraphqlHttpAnswer {
  status: number;
  body: Record<string, unknown>;
}

/**
 * The Apollo server, made on the first request: the package's other users (the WebSocket
 * subscriptions and their fan-out) import it without paying for one at cold start.
 */
let server: ApolloServer<GraphqlContext> | undefined;

function apollo(): ApolloServer<GraphqlContext> {
  if (server) return server;
  const { validationRules, plugins, parseOptions } = protections();
  server = new ApolloServer<GraphqlContext>({
    typeDefs,
    resolvers,
    // A batch is many documents for one request's rate-limit count and one Lambda's time.
    allowBatchedHttpRequests: false,
    // Every caller is signed in or holds a key, and the schema is published (README, seed 002):
    // hiding it would only break clients' code generation. docs/adr/0012-graphql.md.
    introspection: true,
    includeStacktraceInErrorResponses: false,
    // A browser cannot send a credential header cross-site without a preflight, which CORS
    // answers; every caller of this route sends one, so a GET carrying one is no forgery.
    csrfPrevention: { requestHeaders: ['authorization', 'x-api-key', 'apollo-require-preflight'] },
    formatError,
    validationRules,
    // The route answers JSON only: no Sandbox page for a browser's GET (its scripts, its CSP).
    plugins: [...plugins, ApolloServerPluginLandingPageDisabled()],
    parseOptions,
  });
  server.startInBackgroundHandlingStartupErrorsByLoggingAndFailingAllRequests();
  return server;
}

/** Runs one GraphQL request for `principal`. */
export async function answerGraphql(
  request: GraphqlHttpRequest,
  principal: Principal,
  deps: GraphqlDeps,
): Promise<GraphqlHttpAnswer> {
  const headers = new HeaderMap();
  for (const [name, value] of Object.entries(request.headers))
    if (value) headers.set(name.toLowerCase(), value);
  const result = await apollo().executeHTTPGraphQLRequest({
    httpGraphQLRequest: {
      method: request.method,
      headers,
      search: request.search,
      body: request.body,
    },
    context: async () => ({ principal, deps }),
  });
  // Incremental delivery (@defer) is not enabled, so the body is always complete.
  const body = result.body.kind === 'complete' ? result.body.string : '{}';
  return { status: result.status ?? 200, body: JSON.parse(body) as Record<string, unknown> };
}
