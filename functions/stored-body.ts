/**
 * The one description of a stored-body route (functions/route-types.ts) turned into what each
 * gateway needs: API Gateway's request parameters and response template (infra), and the object
 * key, metadata and answer the local gateway produces from the same facts.
 */
import type { AnswerField, RequestFact, StoredBodyIntegration } from './route-types';

/** The facts of one request, as the local gateway knows them. */
export type RequestFacts = Readonly<Record<RequestFact, string>>;

/** The key the body is stored at. */
export const storedBodyKey = (integration: StoredBodyIntegration, facts: RequestFacts) =>
  `${integration.prefix}${facts.tenantId}/${facts.requestId}`;

/** The object's user metadata, by name. */
export const storedBodyMetadata = (integration: StoredBodyIntegration, facts: RequestFacts) =>
  Object.fromEntries(Object.entries(integration.metadata).map(([name, fact]) => [name, facts[fact]]));

/** `requestTime` as the answer gives it: ISO 8601 to the second, as API Gateway's template makes it. */
export const answerTime = (at: Date) => `${at.toISOString().slice(0, 19)}Z`;

/** The answer's JSON. */
export function storedBodyAnswer(
  integration: StoredBodyIntegration,
  facts: RequestFacts,
): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(integration.answer).map(([name, field]) => [
      name,
      isFact(field) ? facts[field.fact] : field,
    ]),
  );
}

const isFact = (field: AnswerField): field is { fact: RequestFact } =>
  typeof field === 'object' && field !== null;

/** Where API Gateway reads a fact: a method request parameter source. */
export function factSource(fact: Exclude<RequestFact, 'requestTime'>): string {
  return fact === 'requestId' ? 'context.requestId' : `context.authorizer.${fact}`;
}

/**
 * The integration response's VTL template: the answer with each fact read from `$context`. The
 * request time comes as `03/Dec/2026:10:21:27 +0000` (always UTC) and is rewritten to ISO 8601.
 */
export function storedBodyAnswerTemplate(integration: StoredBodyIntegration): string {
  const fields = Object.entries(integration.answer).map(([name, field]) => {
    const value = !isFact(field)
      ? JSON.stringify(field)
      : field.fact === 'requestTime'
        ? '"$t.substring(7,11)-$months.get($t.substring(3,6))-$t.substring(0,2)T$t.substring(12,20)Z"'
        : `"$${factSource(field.fact)}"`;
    return `${JSON.stringify(name)}:${value}`;
  });
  return [
    '#set($t = $context.requestTime)',
    '#set($months = {"Jan":"01","Feb":"02","Mar":"03","Apr":"04","May":"05","Jun":"06","Jul":"07","Aug":"08","Sep":"09","Oct":"10","Nov":"11","Dec":"12"})',
    `{${fields.join(',')}}`,
  ].join('\n');
}
