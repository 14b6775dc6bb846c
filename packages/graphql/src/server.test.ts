import type { Principal } from '@pynomaly/core';
import { describe, expect, it } from 'vitest';
import { answerGraphql } from './server';
import { memoryDeps } from './testing/memory';

// biome-ignore lint/suspicious/noExplicitAny: a GraphQL answer has the shape of the document each test sends
type Json = Record<string, any>;

const read = ['datasets:read', 'detection:read'];
const write = ['datasets:write', 'detection:write'];
const analyst = (tenantId = 't1'): Principal => ({
  tenantId,
  userId: `u-${tenantId}`,
  username: 'alice',
  role: 'analyst',
  scopes: [...read, ...write],
  tier: 'user',
  via: 'jwt',
});
const viewer: Principal = { ...analyst(), role: 'viewer', scopes: read };

/** Sends one GraphQL POST as the handler would; the status and the parsed body. */
async function post(deps: Json, principal: Principal, query: string, variables: Json = {}, raw?: unknown) {
  const answer = await answerGraphql(
    {
      method: 'POST',
      search: '',
      headers: { 'Content-Type': 'application/json' },
      body: raw ?? { query, variables },
    },
    principal,
    deps as never,
  );
  return answer as { status: number; body: Json };
}

const rows = Array.from({ length: 60 }, (_, i) => [i % 7, (i * 3) % 5]);
rows.push([90, 80]);

const createDataset = `mutation CreateDataset($input: CreateDatasetInput!) {
  createDataset(input: $input) { id name size features }
}`;
const trainModel = `mutation TrainModel($input: TrainModelInput!) {
  trainModel(input: $input) { id name status algorithm metrics { nTrain nValidation anomalyRate } }
}`;

describe('the GraphQL schema over the platform functions', () => {
  it('creates a dataset, lists and reads it, trains a model and detects anomalies (seed 002)', async () => {
    // Prepare
    const { deps, published } = memoryDeps();
    const input = { name: 'sensors', data: rows, features: ['a', 'b'] };

    // Act
    const created = await post(deps, analyst(), createDataset, { input });
    const id = created.body.data.createDataset.id as string;
    const listed = await post(deps, analyst(), '{ datasets(limit: 10) { id name size features } }');
    const one = await post(
      deps,
      analyst(),
      'query($id: ID!) { dataset(id: $id) { id createdAt metadata } }',
      {
        id,
      },
    );
    const trained = await post(deps, analyst(), trainModel, {
      input: { name: 'iforest', algorithm: 'isolation_forest', datasetId: id },
    });
    const modelId = trained.body.data.trainModel.id as string;
    const model = await post(deps, analyst(), 'query($id: ID!) { model(id: $id) { id status } }', {
      id: modelId,
    });
    const detected = await post(
      deps,
      analyst(),
      'mutation($input: DetectAnomaliesInput!) { detectAnomalies(input: $input) { id status anomalyCount } }',
      { input: { datasetId: id, algorithm: 'zscore' } },
    );
    const resultId = detected.body.data.detectAnomalies.id as string;
    const result = await post(
      deps,
      analyst(),
      'query($id: ID!) { detectionResult(id: $id) { id anomalyCount anomalyRate anomalies(limit: 1) { id score features } } }',
      { id: resultId },
    );

    // Assess
    expect(created.body.data.createDataset).toMatchObject({ name: 'sensors', size: 61, features: 2 });
    expect(listed.body.data.datasets).toEqual([{ id, name: 'sensors', size: 61, features: 2 }]);
    expect(one.body.data.dataset).toMatchObject({ id, metadata: {} });
    expect(trained.body.data.trainModel).toMatchObject({ status: 'trained', algorithm: 'isolation_forest' });
    expect(trained.body.data.trainModel.metrics.nTrain).toBeGreaterThan(0);
    expect(model.body.data.model).toEqual({ id: modelId, status: 'trained' });
    expect(detected.body.data.detectAnomalies.status).toBe('completed');
    expect(result.body.data.detectionResult.anomalyCount).toBeGreaterThan(0);
    expect(result.body.data.detectionResult.anomalies).toHaveLength(1);
    expect(result.body.data.detectionResult.anomalies[0].features).toEqual({ a: 90, b: 80 });
    expect(published).toHaveLength(2);
  });

  it("reads another tenant's ids as null and refuses them to mutations as NOT_FOUND", async () => {
    const { deps } = memoryDeps();
    const created = await post(deps, analyst('t1'), createDataset, { input: { name: 'mine', data: rows } });
    const id = created.body.data.createDataset.id as string;

    const read = await post(deps, analyst('t2'), 'query($id: ID!) { dataset(id: $id) { id } }', { id });
    const train = await post(deps, analyst('t2'), trainModel, {
      input: { name: 'theirs', algorithm: 'zscore', datasetId: id },
    });

    expect(read.body).toEqual({ data: { dataset: null } });
    expect(train.body.errors[0].extensions.code).toBe('NOT_FOUND');
    expect(train.body.data).toBeNull();
  });

  it('refuses a write without its scope as FORBIDDEN, with the read still allowed', async () => {
    const { deps } = memoryDeps();
    const refused = await post(deps, viewer, createDataset, { input: { name: 'x', data: [1, 2] } });
    const allowed = await post(deps, viewer, '{ datasets { id } }');
    const keyWithoutDetection = { ...viewer, scopes: ['datasets:read'] };
    const models = await post(deps, keyWithoutDetection, '{ models { id } }');

    expect(refused.status).toBe(200);
    expect(refused.body.errors[0]).toMatchObject({
      message: 'This needs the datasets:write scope',
      extensions: { code: 'FORBIDDEN' },
    });
    expect(allowed.body).toEqual({ data: { datasets: [] } });
    expect(models.body.errors[0].extensions.code).toBe('FORBIDDEN');
  });

  it('answers bad input as BAD_USER_INPUT naming the field, and faults as INTERNAL without detail', async () => {
    const { deps } = memoryDeps();
    const invalid = await post(deps, analyst(), createDataset, { input: { name: '', data: [1] } });
    const failing = {
      ...deps,
      datasets: { list: async () => Promise.reject(new Error('socket hang up at 10.0.0.7')) },
    };
    const fault = await post(failing, analyst(), '{ datasets { id } }');

    expect(invalid.body.errors[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'VALIDATION_ERROR',
      fields: [{ field: 'input.name' }],
    });
    expect(fault.body.errors).toEqual([
      {
        message: 'An unexpected error occurred. Quote the request id when reporting it.',
        path: ['datasets'],
        extensions: { code: 'INTERNAL' },
      },
    ]);
  });
});

describe('the limits of one request', () => {
  it('refuses a document deeper than 8', async () => {
    const { deps } = memoryDeps();
    // The schema has no cycles, so a document this deep names fields it lacks too: both are said.
    const deep = '{ datasets { a { b { c { d { e { f { g { h { i } } } } } } } } } }';
    const answer = await post(deps, analyst(), deep);
    expect(answer.status).toBe(400);
    expect(answer.body.errors[0]).toMatchObject({
      message: 'Syntax Error: Query depth limit of 8 exceeded, found 10.',
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
    });
  });

  it('answers a query over GET with a credential header, and refuses a mutation over GET', async () => {
    const { deps } = memoryDeps();
    const get = (query: string) =>
      answerGraphql(
        { method: 'GET', search: `query=${encodeURIComponent(query)}`, headers: { 'X-API-Key': 'k' } },
        viewer,
        deps,
      );
    const query = await get('{ datasets { id } }');
    const mutation = await get('mutation { createDataset(input: { name: "x", data: [1] }) { id } }');
    expect(query).toEqual({ status: 200, body: { data: { datasets: [] } } });
    expect(mutation.status).toBe(405);
  });

  it('refuses a document costing more than 5000: two trainings, or two long pages of anomalies', async () => {
    const { deps } = memoryDeps();
    const twice = await post(
      deps,
      analyst(),
      `mutation { a: trainModel(input: { name: "a", algorithm: "zscore", datasetId: "x" }) { id }
                  b: trainModel(input: { name: "b", algorithm: "zscore", datasetId: "x" }) { id } }`,
    );
    const pages = await post(
      deps,
      analyst(),
      `query($n: Int) { a: detectionResult(id: "x") { anomalies(limit: $n) { id score index features } }
                        b: detectionResult(id: "y") { anomalies(limit: $n) { id score index features } } }`,
      { n: 1000 },
    );
    for (const answer of [twice, pages]) {
      expect(answer.status).toBe(400);
      expect(answer.body.errors[0].extensions).toMatchObject({ reason: 'QUERY_TOO_COSTLY' });
    }
  });

  it('refuses more than 10 aliases, more than 2000 tokens, batches and malformed documents', async () => {
    const { deps } = memoryDeps();
    const aliases = `{ ${Array.from({ length: 11 }, (_, i) => `a${i}: datasets { id }`).join(' ')} }`;
    const wide = await post(deps, analyst(), aliases);
    const batch = await post(deps, analyst(), '', {}, [{ query: '{ datasets { id } }' }]);
    const malformed = await post(deps, analyst(), '{ datasets { id ');
    const long = await post(deps, analyst(), `{ datasets(limit: 1) { ${'id '.repeat(2000)}} }`);

    expect(wide.status).toBe(400);
    expect(wide.body.errors[0].message).toMatch(/Aliases limit of 10/);
    expect(batch.status).toBe(400);
    expect(batch.body.errors[0].message).toBe('Operation batching disabled.');
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors[0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
    expect(long.body.errors[0]).toMatchObject({
      message: 'Syntax Error: Document contains more that 2000 tokens. Parsing aborted.',
      extensions: { code: 'GRAPHQL_PARSE_FAILED' },
    });
  });
});
