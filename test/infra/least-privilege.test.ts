/**
 * Least privilege on the data table and bucket: each route's role holds what its `data`
 * declaration in the route table says (functions/routes.ts, routeData), GET routes write
 * nothing but the request counters, and the authorizer holds what it looks up.
 */
import type { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { functionRoutes, type RouteDefinition, routeData, routes } from '../../functions/routes';
import {
  environmentOf,
  resourceNamed,
  routeLogicalId,
  type Statement,
  type Synthesized,
  statementsOfRole,
  synthesize,
} from './synth';

let synthesized: Synthesized;
let template: Template;

beforeAll(() => {
  synthesized = synthesize();
  template = synthesized.statelessTree;
});
afterAll(() => synthesized.cleanup());

type PolicyStatement = Statement & { Condition?: unknown };

const TABLE = /PynomalyStateful:ExportsOutputFnGetAttDataTable\w*Arn/;
const BUCKET = /^\{"Fn::ImportValue":"PynomalyStateful:ExportsOutputFnGetAttStorageData\w*Arn\w*"\}$/;
const OBJECTS = /StorageData\w*Arn\w*"\},"\/\*"\]\]\}$/;

/** What the spec says each declaration grants (written out, not imported from infra). */
const READ = ['dynamodb:BatchGetItem', 'dynamodb:ConditionCheckItem', 'dynamodb:GetItem', 'dynamodb:Query'];
const WRITE = ['dynamodb:BatchWriteItem', 'dynamodb:DeleteItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'];
const COUNTERS = { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['RATE#*', 'METRICS#*'] } };
const BUCKET_ACTIONS = { read: ['s3:ListBucket'], write: [], delete: ['s3:ListBucket'] };
const OBJECT_ACTIONS = {
  read: ['s3:GetObject'],
  write: ['s3:AbortMultipartUpload', 's3:PutObject'],
  delete: ['s3:DeleteObject'],
};

/** Allowed actions on a resource matching `resource`, split into unconditional and conditional. */
function actionsOn(statements: PolicyStatement[], resource: RegExp) {
  const on = statements.filter(
    (s) => s.Effect === 'Allow' && [s.Resource].flat().some((r) => resource.test(JSON.stringify(r))),
  );
  const sorted = (list: PolicyStatement[]) => [...new Set(list.flatMap((s) => [s.Action].flat()))].sort();
  return {
    always: sorted(on.filter((s) => !s.Condition)),
    conditional: on.filter((s) => s.Condition).map((s) => ({ actions: sorted([s]), condition: s.Condition })),
  };
}

const roleStatements = (route: RouteDefinition) =>
  statementsOfRole(template, routeLogicalId(route.id, 'Role')) as PolicyStatement[];
const probes = (route: RouteDefinition) => Boolean(route.needs?.includes('dependencies'));
const uniqueSorted = (list: string[]) => [...new Set(list)].sort();

describe('route table access', () => {
  it.each(functionRoutes.map((route) => [route.id, route] as const))(
    '%s holds exactly the table access it declares',
    (_, route) => {
      const { table } = routeData(route);
      const granted = actionsOn(roleStatements(route), TABLE);
      const items = table === 'counters' ? [] : table === 'read' ? READ : [...READ, ...WRITE];
      expect(granted.always).toEqual(
        uniqueSorted([...items, ...(probes(route) ? ['dynamodb:DescribeTable'] : [])]),
      );
      // A writer's UpdateItem already covers the counters.
      expect(granted.conditional).toEqual(
        table === 'write' ? [] : [{ actions: ['dynamodb:UpdateItem'], condition: COUNTERS }],
      );
    },
  );

  it.each(functionRoutes.map((route) => [route.id, route] as const))(
    '%s holds exactly the bucket access it declares',
    (_, route) => {
      const { bucket } = routeData(route);
      const statements = roleStatements(route);
      expect(actionsOn(statements, BUCKET).always).toEqual(
        uniqueSorted([
          ...bucket.flatMap((use) => BUCKET_ACTIONS[use]),
          ...(probes(route) ? ['s3:ListBucket'] : []),
        ]),
      );
      expect(actionsOn(statements, OBJECTS).always).toEqual(
        uniqueSorted(bucket.flatMap((use) => OBJECT_ACTIONS[use])),
      );
      expect([
        ...actionsOn(statements, BUCKET).conditional,
        ...actionsOn(statements, OBJECTS).conditional,
      ]).toEqual([]);
    },
  );

  it('lets no GET route write or delete anything but the request counters', () => {
    for (const route of functionRoutes.filter((r) => r.method === 'GET')) {
      const statements = roleStatements(route);
      const table = actionsOn(statements, TABLE);
      expect(
        table.always.filter((action) => WRITE.includes(action)),
        route.id,
      ).toEqual([]);
      for (const { condition } of table.conditional) expect(condition, route.id).toEqual(COUNTERS);
      const objects = actionsOn(statements, OBJECTS).always;
      expect(
        objects.filter((action) => action !== 's3:GetObject'),
        route.id,
      ).toEqual([]);
    }
  });

  it('lets only DELETE routes delete objects, and those that clean up their own temporaries', () => {
    const deleters = routes.filter((route) => routeData(route).bucket.includes('delete'));
    expect(deleters.filter((route) => route.method !== 'DELETE').map((route) => route.id)).toEqual([
      'V1CompleteLargeUpload',
      'Detect',
      // GraphQL's detectAnomalies queues as Detect does, and takes back the staged rows the same way.
      'GraphqlOperation',
    ]);
  });

  it('tells every route function where the table and bucket are', () => {
    for (const route of functionRoutes) {
      const fn = resourceNamed(template, 'AWS::Lambda::Function', routeLogicalId(route.id, 'Function'));
      expect(Object.keys(environmentOf(fn)), route.id).toEqual(
        expect.arrayContaining(['TABLE_NAME', 'BUCKET_NAME']),
      );
    }
  });
});

describe('routes API Gateway answers itself', () => {
  it('store the body with PutObject under their own prefix, and nothing else, by a role of their own', () => {
    const stored = routes.filter((route) => route.integration);
    expect(stored.length).toBeGreaterThan(0);
    for (const route of stored) {
      const statements = roleStatements(route);
      expect(
        statements.map((s) => [s.Effect, [s.Action].flat()]),
        route.id,
      ).toEqual([['Allow', ['s3:PutObject']]]);
      const resources = statements.flatMap((s) => [s.Resource].flat()).map((r) => JSON.stringify(r));
      expect(resources, route.id).toHaveLength(1);
      expect(resources[0], route.id).toMatch(
        new RegExp(`StorageData\\w*Arn\\w*"\\},"/${route.integration?.prefix}\\*"\\]\\]\\}$`),
      );
      expect(() =>
        resourceNamed(template, 'AWS::Lambda::Function', routeLogicalId(route.id, 'Function')),
      ).toThrow();
    }
  });
});

describe('authorizer access', () => {
  const statements = () => statementsOfRole(template, 'ApiAuthorizerRole') as PolicyStatement[];

  it("looks items up by key, bumps the request counters and writes callers' usage-plan key items only", () => {
    const table = actionsOn(statements(), TABLE);
    expect(table.always).toEqual(['dynamodb:BatchGetItem', 'dynamodb:GetItem']);
    expect(table.conditional).toEqual([
      { actions: ['dynamodb:UpdateItem'], condition: COUNTERS },
      {
        actions: ['dynamodb:PutItem', 'dynamodb:UpdateItem'],
        condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['USAGEKEY#*'] } },
      },
    ]);
  });

  it('has nothing on the bucket', () => {
    expect(actionsOn(statements(), /StorageData/).always).toEqual([]);
  });
});
