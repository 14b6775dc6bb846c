/**
 * What one GraphQL request may ask for. A REST call does one thing; a GraphQL document can ask
 * for many, so its shape is refused before anything runs when it is too deep, too wide or too
 * costly. Why these figures: docs/adr/0012-graphql.md.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { GraphQLError, type ValidationRule } from 'graphql';
import { type ComplexityEstimator, getComplexity } from 'graphql-query-complexity';

export const limits = {
  /** Nested selections; the schema itself is 3 deep today, so only a hostile document nears it. */
  maxDepth: 8,
  /** Aliases, the way to ask for one field many times. */
  maxAliases: 10,
  maxDirectives: 10,
  /** Tokens of the document: rows belong in variables, which are not counted. */
  maxTokens: 2000,
  /** The cost of a document by {@link costOf}. */
  maxCost: 5000,
} as const;

/**
 * What a field costs instead of 1. Training and detection do a request's worth of work: each
 * costs more than half of {@link limits.maxCost}, so a document runs at most one, as a REST call
 * does (the work budget of a request, packages/platform/src/work-budget.ts, is sized for one).
 * Creating a dataset stores its rows and computes their statistics.
 */
const weights: Record<string, number> = {
  'Mutation.trainModel': 3000,
  'Mutation.detectAnomalies': 3000,
  'Mutation.createDataset': 50,
};

/** List fields: their items cost their selection `limit` times (the argument or its default). */
const paged = new Set(['Query.datasets', 'Query.models', 'DetectionResult.anomalies']);

/** A field's weight (1 unless {@link weights} says), plus its selection once per item of a list. */
export const costOf: ComplexityEstimator = ({ type, field, args, childComplexity }) => {
  const name = `${type.name}.${field.name}`;
  const items = paged.has(name) ? Math.max(1, Number(args.limit) || 1) : 1;
  return (weights[name] ?? 1) + items * childComplexity;
};

/**
 * Refuses (400) a document costing more than {@link limits.maxCost}: counted once the operation
 * is known, so its variables (a list's `limit`) and the arguments' defaults count.
 */
const costLimit: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async didResolveOperation({ request, document, schema }) {
        const cost = getComplexity({
          schema,
          query: document,
          variables: request.variables ?? {},
          operationName: request.operationName,
          estimators: [costOf],
        });
        if (cost > limits.maxCost)
          throw new GraphQLError(`The query costs ${cost}, more than the ${limits.maxCost} a request may`, {
            extensions: { code: 'BAD_USER_INPUT', reason: 'QUERY_TOO_COSTLY', http: { status: 400 } },
          });
      },
    };
  },
};

/**
 * Depth, aliases and directives (graphql-armor's validation rules), tokens (GraphQL's parser)
 * and the cost.
 */
export function protections(): {
  validationRules: ValidationRule[];
  plugins: ApolloServerPlugin[];
  parseOptions: { maxTokens: number };
} {
  const armor = new ApolloArmor({
    maxDepth: { n: limits.maxDepth, exposeLimits: true },
    maxAliases: { n: limits.maxAliases, exposeLimits: true },
    maxDirectives: { n: limits.maxDirectives, exposeLimits: true },
    // Armor's Apollo plugin reparses the document and turns any syntax error into a 500;
    // GraphQL's own parser counts tokens and answers a parse failure (400).
    maxTokens: { enabled: false },
    // Ours counts list sizes and the heavy mutations, which armor's cannot.
    costLimit: { enabled: false },
    // Introspection is open (the ADR says why), so suggestions hide nothing.
    blockFieldSuggestion: { enabled: false },
  }).protect();
  return {
    validationRules: armor.validationRules,
    plugins: [...armor.plugins, costLimit],
    parseOptions: { maxTokens: limits.maxTokens },
  };
}
