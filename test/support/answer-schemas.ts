/**
 * The answers the OpenAPI document promises, as validators: the schema of a route's status
 * (what clients are generated from), objects closed (`additionalProperties: false` where the
 * route's zod answer is a plain object), so a field added or dropped without the schema saying
 * so is a violation.
 */
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { openApiDocument } from '../../functions/http/openapi';

interface Operation {
  responses: Record<string, { content?: Record<string, { schema?: Record<string, unknown> }> }>;
}

const document = openApiDocument();
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);

const templates = Object.entries(document.paths).map(([path, operations]) => ({
  pattern: new RegExp(`^${path.replace(/\{[^}]+\}/g, '[^/]+')}$`),
  literal: !path.includes('{'),
  operations: operations as Record<string, Operation>,
}));
const compiled = new Map<Record<string, unknown>, ValidateFunction>();

/** The schema of `status` for `method path`, when the document has one. */
export function answerSchemaOf(method: string, path: string, status: number) {
  // A literal path wins over a template (`/datasets/uploads` over `/datasets/{id}`).
  const matching = templates
    .filter((t) => t.pattern.test(path))
    .sort((a, b) => Number(b.literal) - Number(a.literal));
  const operation = matching.map((t) => t.operations[method.toLowerCase()]).find(Boolean);
  return operation?.responses[String(status)]?.content?.['application/json']?.schema;
}

/** The ways `body` departs from the documented answer (empty when it matches or none is documented). */
export function answerViolations(method: string, path: string, status: number, body: unknown): string[] {
  const schema = answerSchemaOf(method, path, status);
  if (!schema || Object.keys(schema).length === 0) return [];
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  if (validate(body)) return [];
  return (validate.errors ?? []).map(
    (e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`,
  );
}
