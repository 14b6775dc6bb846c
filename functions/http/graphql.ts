import { answer, httpHandler, parseJsonBody, parseQuery, principalOf } from '@pynomaly/core';
import { answerGraphql } from '@pynomaly/graphql';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { graphqlAnswer, graphqlBody, graphqlQuery } from './schemas/graphql';
import { announcing, modelDeps } from './v1/deps';

const deps = { ...modelDeps(), ...announcing() };

/** A POST's JSON body, or a GET's query string: checked as REST checks them (400 problem). */
function operationOf(event: APIGatewayProxyEvent) {
  if (event.httpMethod === 'POST') return { body: parseJsonBody(event, graphqlBody), search: '' };
  const search = new URLSearchParams(
    Object.entries(parseQuery(event, graphqlQuery)).filter((e): e is [string, string] => e[1] !== undefined),
  );
  return { body: undefined, search: search.toString() };
}

/** Both GraphQL routes (GET for queries, POST for anything); the schema is packages/graphql. */
export const handler = httpHandler(async (event) => {
  const { body, search } = operationOf(event);
  const result = await answerGraphql(
    { method: event.httpMethod, search, headers: event.headers ?? {}, body },
    principalOf(event),
    deps,
  );
  return answer(result.status, graphqlAnswer, result.body);
});
