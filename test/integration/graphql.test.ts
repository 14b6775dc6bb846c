/**
 * GraphQL at /graphql (issue #14 item 2, seed 002) over HTTP against the local stack: the seed's
 * queries and mutations end to end, the same tenancy and scopes as REST, and the limits.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../support/aws';
import { apiUrl, login, loginAdmin } from '../support/client';

// biome-ignore lint/suspicious/noExplicitAny: a GraphQL answer has the shape of the document each test sends
type Json = Record<string, any>;
const RUN = Date.now().toString(36);
const PASSWORD = 'Graphql-Password-1';

/** One GraphQL POST with these credentials: the status and the parsed answer. */
async function graphql(headers: Record<string, string>, query: string, variables: Json = {}) {
  const response = await fetch(`${apiUrl()}/graphql`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    body: (await response.json()) as Json,
  };
}

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const rows = [...Array.from({ length: 80 }, (_, i) => [20 + (i % 5), 1 + (i % 3) / 10]), [95, 7.5]];

const createDataset = `mutation CreateDataset($input: CreateDatasetInput!) {
  createDataset(input: $input) { id name size }
}`;

describe('GraphQL at /graphql', () => {
  type Headers = Record<string, string>;
  let analyst: Headers;
  let other: Headers;
  let viewer: Headers;
  let readKey: Headers;
  let datasetId = '';

  /** A new user of `role` (each a tenant of its own), signed in: its headers. */
  async function signedIn(label: string, role: string): Promise<Headers> {
    const name = `graphql-${label}-${RUN}`;
    await createUser(name, PASSWORD, role);
    return bearer(await login(name, PASSWORD));
  }

  beforeAll(async () => {
    [analyst, other, viewer] = await Promise.all([
      signedIn('analyst', 'analyst'),
      signedIn('other', 'analyst'),
      signedIn('viewer', 'viewer'),
    ]);
    const key = await fetch(`${apiUrl()}/api/v1/api-keys`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...bearer(await loginAdmin()) },
      body: JSON.stringify({ name: `graphql-read-${RUN}`, scopes: ['datasets:read', 'detection:read'] }),
    });
    readKey = { 'X-API-Key': String(((await key.json()) as Json).key) };
  });

  it("runs seed 002's operations: createDataset → datasets → dataset → trainModel → model → detectAnomalies → detectionResult", async () => {
    const created = await graphql(analyst, createDataset, {
      input: { name: 'sensors', data: rows, features: ['temp', 'pressure'], metadata: { site: 'a' } },
    });
    expect(created.status).toBe(200);
    expect(created.body.data.createDataset).toMatchObject({ name: 'sensors', size: 81 });
    datasetId = created.body.data.createDataset.id;

    const listed = await graphql(
      analyst,
      'query GetDatasets { datasets(limit: 10) { id name size features } }',
    );
    expect(listed.body.data.datasets).toContainEqual({
      id: datasetId,
      name: 'sensors',
      size: 81,
      features: 2,
    });
    const one = await graphql(analyst, 'query($id: ID!) { dataset(id: $id) { id metadata createdAt } }', {
      id: datasetId,
    });
    expect(one.body.data.dataset).toMatchObject({ id: datasetId, metadata: { site: 'a' } });

    const trained = await graphql(
      analyst,
      `mutation TrainModel($input: TrainModelInput!) { trainModel(input: $input) { id name status metrics { nTrain } } }`,
      { input: { name: 'iforest', algorithm: 'isolation_forest', datasetId } },
    );
    expect(trained.body.data.trainModel).toMatchObject({ name: 'iforest', status: 'trained' });
    const modelId = trained.body.data.trainModel.id;
    const model = await graphql(analyst, 'query($id: ID!) { model(id: $id) { id algorithm } }', {
      id: modelId,
    });
    expect(model.body.data.model).toEqual({ id: modelId, algorithm: 'isolation_forest' });
    const models = await graphql(analyst, '{ models(limit: 5) { id } }');
    expect(models.body.data.models).toContainEqual({ id: modelId });

    const detected = await graphql(
      analyst,
      'mutation($input: DetectAnomaliesInput!) { detectAnomalies(input: $input) { id status datasetId anomalyCount } }',
      { input: { datasetId, algorithm: 'zscore' } },
    );
    expect(detected.body.data.detectAnomalies).toMatchObject({ status: 'completed', datasetId });
    const result = await graphql(
      analyst,
      `query GetDetectionResult($id: ID!) {
        detectionResult(id: $id) { id anomalyCount anomalyRate anomalies { id score features } }
      }`,
      { id: detected.body.data.detectAnomalies.id },
    );
    const found = result.body.data.detectionResult;
    expect(found.anomalyCount).toBeGreaterThan(0);
    expect(found.anomalies[0].features).toEqual({ temp: 95, pressure: 7.5 });
  });

  it("reads another tenant's dataset as null, and refuses it to trainModel as NOT_FOUND", async () => {
    const read = await graphql(other, 'query($id: ID!) { dataset(id: $id) { id name } }', { id: datasetId });
    expect(read.body).toEqual({ data: { dataset: null } });
    const train = await graphql(
      other,
      'mutation($input: TrainModelInput!) { trainModel(input: $input) { id } }',
      { input: { name: 'theirs', algorithm: 'zscore', datasetId } },
    );
    expect(train.body.errors[0].extensions.code).toBe('NOT_FOUND');
    const detect = await graphql(
      other,
      'mutation($input: DetectAnomaliesInput!) { detectAnomalies(input: $input) { id } }',
      { input: { datasetId, algorithm: 'zscore' } },
    );
    expect(detect.body.errors[0].extensions.code).toBe('NOT_FOUND');
  });

  it('refuses a mutation as FORBIDDEN to a viewer and to a read-only API key, who may still read', async () => {
    for (const caller of [viewer, readKey]) {
      const refused = await graphql(caller, createDataset, { input: { name: 'no', data: [1, 2, 3] } });
      expect(refused.status).toBe(200);
      expect(refused.body.data).toBeNull();
      expect(refused.body.errors[0]).toMatchObject({
        message: 'This needs the datasets:write scope',
        extensions: { code: 'FORBIDDEN' },
      });
      expect((await graphql(caller, '{ datasets { id } models { id } }')).body.errors).toBeUndefined();
    }
  });

  it('answers a query over GET, and a mutation over GET not at all', async () => {
    const get = (query: string) =>
      fetch(`${apiUrl()}/graphql?query=${encodeURIComponent(query)}`, { headers: analyst });
    const query = await get('{ datasets(limit: 1) { id } }');
    expect(query.status).toBe(200);
    expect(((await query.json()) as Json).data.datasets).toHaveLength(1);
    expect((await get('mutation { createDataset(input: { name: "x", data: [1] }) { id } }')).status).toBe(
      405,
    );
  });

  it('refuses documents deeper than 8 or costlier than 5000 with errors that say so', async () => {
    const deep = await graphql(analyst, '{ datasets { a { b { c { d { e { f { g { h { i } } } } } } } } } }');
    expect(deep.status).toBe(400);
    expect(deep.body.errors[0].message).toBe('Syntax Error: Query depth limit of 8 exceeded, found 10.');

    const costly = await graphql(
      analyst,
      `mutation($a: TrainModelInput!, $b: TrainModelInput!) { a: trainModel(input: $a) { id } b: trainModel(input: $b) { id } }`,
      {
        a: { name: 'a', algorithm: 'zscore', datasetId },
        b: { name: 'b', algorithm: 'zscore', datasetId },
      },
    );
    expect(costly.status).toBe(400);
    expect(costly.body.errors[0]).toMatchObject({
      message: expect.stringMatching(/^The query costs \d+, more than the 5000 a request may$/),
      extensions: { code: 'BAD_USER_INPUT', reason: 'QUERY_TOO_COSTLY' },
    });
  });

  it('answers a malformed document 400 with a GraphQL error, and a batch or a body that is not JSON as a problem', async () => {
    const malformed = await graphql(analyst, '{ datasets { id ');
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors[0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
    for (const body of ['[{"query":"{ datasets { id } }"}]', '{ not json']) {
      const refused = await fetch(`${apiUrl()}/graphql`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...analyst },
        body,
      });
      expect(refused.status).toBe(400);
      expect(refused.headers.get('content-type')).toContain('application/problem+json');
    }
  });

  it('answers 401 without credentials, as every protected route does', async () => {
    const refused = await fetch(`${apiUrl()}/graphql`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ query: '{ datasets { id } }' }),
    });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
  });
});
