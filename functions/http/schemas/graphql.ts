/** The GraphQL endpoint: a GraphQL-over-HTTP request, and the response envelope. */
import { z } from 'zod';

const document = z
  .string()
  .min(1)
  .max(100_000)
  .describe('The GraphQL document: a query, or a mutation (POST only)');
const operationName = z.string().min(1).max(200).describe('Which operation of the document to run');

/** `POST /graphql`: one operation; a JSON array (a batch) is refused. */
export const graphqlBody = z.object({
  query: document,
  variables: z.record(z.string(), z.unknown()).nullish().describe('The operation’s variables'),
  operationName: operationName.nullish(),
  extensions: z.record(z.string(), z.unknown()).nullish(),
});

/** `GET /graphql`: a query (never a mutation), its variables as JSON text. */
export const graphqlQuery = z.object({
  query: document,
  variables: z.string().max(100_000).optional().describe('The operation’s variables, as JSON text'),
  operationName: operationName.optional(),
});

/**
 * A GraphQL response. Its `data` has the shape of the document that asked for it, which the
 * GraphQL schema describes (introspection, or the SDL in docs/adr/0012-graphql.md), not this
 * document; and GraphQL over HTTP lets a server add top-level entries (`extensions`). So the
 * envelope is open (`looseObject`): it names what every answer has, and lets the rest through.
 */
export const graphqlAnswer = z
  .looseObject({
    data: z
      .record(z.string(), z.unknown())
      .nullable()
      .optional()
      .describe('What the operation selected; null when a non-null field failed, absent when it did not run'),
    errors: z
      .array(
        z.looseObject({
          message: z.string(),
          path: z.array(z.union([z.string(), z.number()])).optional(),
          extensions: z
            .looseObject({
              code: z
                .string()
                .describe(
                  'UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, BAD_USER_INPUT (`reason`: the REST code), RATE_LIMITED, INTERNAL; or GraphQL’s own: GRAPHQL_PARSE_FAILED, GRAPHQL_VALIDATION_FAILED, BAD_REQUEST',
                ),
            })
            .optional(),
        }),
      )
      .optional()
      .describe('What failed, each with its `extensions.code`'),
  })
  .meta({
    examples: [
      {
        data: {
          datasets: [{ id: '01JDQ7M2K4P6R8T0V2X4Z6B8D0', name: 'sensor readings', size: 1000, features: 3 }],
        },
      },
      {
        data: null,
        errors: [
          {
            message: 'This needs the datasets:write scope',
            path: ['createDataset'],
            extensions: { code: 'FORBIDDEN' },
          },
        ],
      },
    ],
  });
