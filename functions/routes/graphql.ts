/**
 * GraphQL (seed 002): one endpoint over the datasets, models and detections REST serves, run by
 * the same package functions (packages/graphql). Queries by GET or POST, mutations by POST.
 *
 * A route names one scope and the authorizer checks it, but one document may read and write.
 * The route therefore needs the read scope every caller of these resources holds
 * (`datasets:read`), and each field checks its own scope (`detection:read`, and the write
 * scopes for the mutations) against the caller's scopes, refused as FORBIDDEN with the
 * ForbiddenError REST answers 403 with (packages/graphql/src/resolvers.ts).
 */
import * as graphql from '../http/schemas/graphql';
import type { RouteDefinition } from '../route-types';

const paths = ['/graphql', '/api/v1/graphql'];

export const graphqlRoutes: readonly RouteDefinition[] = [
  {
    id: 'GraphqlQuery',
    summary: 'Run a GraphQL query (never a mutation) from the query string',
    method: 'GET',
    paths,
    handler: 'http/graphql',
    // Queries read the table and a detection's stored anomalies; a GET never writes.
    data: { table: 'read', bucket: ['read'] },
    request: { query: graphql.graphqlQuery },
    answer: graphql.graphqlAnswer,
    auth: 'user',
    scope: 'datasets:read',
  },
  {
    id: 'GraphqlOperation',
    summary: 'Run a GraphQL query or mutation',
    method: 'POST',
    paths,
    handler: 'http/graphql',
    // What createDataset, trainModel and detectAnomalies do through REST's Detect and TrainModel.
    data: { table: 'write', bucket: ['read', 'write', 'delete'] },
    needs: ['detectionPipeline', 'productEvents'],
    request: { body: graphql.graphqlBody },
    answer: graphql.graphqlAnswer,
    auth: 'user',
    scope: 'datasets:read',
    memoryMb: 2048,
  },
];
