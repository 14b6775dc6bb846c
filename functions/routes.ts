/**
 * The route table: the one place that says which handler serves which HTTP route.
 * The CDK API construct builds one Lambda per entry from it, and the local gateway
 * dispatches to the same handler modules, so nothing is declared twice. The entries live
 * by area in functions/routes/.
 */
import type { FunctionRoute, RouteData, RouteDefinition } from './route-types';
import { accountsRoutes } from './routes/accounts';
import { administrationRoutes } from './routes/administration';
import { datasetsRoutes } from './routes/datasets';
import { graphqlRoutes } from './routes/graphql';
import { modelsRoutes } from './routes/models';
import { operationsRoutes } from './routes/operations';
import { streamingRoutes } from './routes/streaming';
import { studiesRoutes } from './routes/studies';
import { triageRoutes } from './routes/triage';
import { webhooksRoutes } from './routes/webhooks';

export type * from './route-types';

export const routes: readonly RouteDefinition[] = [
  ...accountsRoutes,
  ...administrationRoutes,
  ...operationsRoutes,
  ...modelsRoutes,
  ...streamingRoutes,
  ...studiesRoutes,
  ...datasetsRoutes,
  ...triageRoutes,
  ...webhooksRoutes,
  ...graphqlRoutes,
];

/** The routes answered by a function of their own (the rest API Gateway answers itself). */
export const functionRoutes: readonly FunctionRoute[] = routes.filter(
  (route): route is FunctionRoute => !route.integration,
);

/** The route an API Gateway request was matched to (by method and resource template). */
export function routeOf(method: string, resource: string): RouteDefinition | undefined {
  return routes.find((r) => r.method === method && r.paths.includes(resource));
}

/**
 * A route's {@link RouteData} with the defaults filled in: a GET reads the table, any other
 * method writes it, and no route touches the bucket's objects unless it says so.
 */
export function routeData(route: RouteDefinition): Required<RouteData> {
  return {
    table: route.data?.table ?? (route.method === 'GET' ? 'read' : 'write'),
    bucket: route.data?.bucket ?? [],
  };
}

/** The Lambda authorizer's handler module. */
export const authorizerHandler = 'http/authorizer';
