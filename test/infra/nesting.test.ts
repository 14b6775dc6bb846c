import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { UserPool } from 'aws-cdk-lib/aws-cognito';
import { AttributeType, Table } from 'aws-cdk-lib/aws-dynamodb';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { type IStateMachine, StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MachineName, machines } from '../../functions/pipeline/machines';
import { functionRoutes, type RouteDefinition, routes } from '../../functions/routes';
import { PynomalyApi } from '../../infra/constructs/pynomaly-api';
import { groupRoutes, MAX_ROUTES_PER_STACK } from '../../infra/constructs/route-groups';
import { FEATURE_FLAGS } from '../../infra/pynomaly-app';
import { resourcesOf, routeLogicalId, type Synthesized, synthesize, templateTree } from './synth';

let synthesized: Synthesized;

beforeAll(() => {
  synthesized = synthesize();
});
afterAll(() => synthesized.cleanup());

const nestedStacks = () => synthesized.stackTemplates.filter((stack) => stack.nested);

describe('stacks', () => {
  it('each hold fewer than 450 resources, parent and nested alike', () => {
    const counts = Object.fromEntries(
      synthesized.stackTemplates.map((stack) => [stack.path, Object.keys(stack.json.Resources).length]),
    );
    expect(Object.keys(counts)).toEqual(expect.arrayContaining(['PynomalyStateful', 'PynomalyStateless']));
    expect(nestedStacks().length).toBeGreaterThan(1);
    for (const [path, count] of Object.entries(counts)) expect(count, path).toBeLessThan(450);
  });

  it('give each route group a nested stack of the stateless stack, holding exactly its functions', () => {
    const groups = groupRoutes(routes);
    expect(nestedStacks().map((stack) => stack.path)).toEqual(
      expect.arrayContaining(groups.map((group) => `PynomalyStateless/Api/Routes/${group.id}`)),
    );
    expect(nestedStacks()).toHaveLength(groups.length);
    for (const group of groups) {
      const stack = nestedStacks().find((s) => s.path === `PynomalyStateless/Api/Routes/${group.id}`);
      const functionIds = Object.entries(stack?.json.Resources ?? {})
        .filter(([, resource]) => resource.Type === 'AWS::Lambda::Function')
        .map(([id]) => id);
      const withFunctions = group.routes.filter((route) => !route.integration);
      expect(functionIds, group.id).toHaveLength(withFunctions.length);
      for (const route of withFunctions) {
        expect(
          functionIds.filter((id) => routeLogicalId(route.id, 'Function').test(id)),
          route.id,
        ).toHaveLength(1);
      }
    }
  });

  it('create every API Gateway resource once across the stacks', () => {
    const resources = resourcesOf(synthesized.statelessTree, 'AWS::ApiGateway::Resource');
    const pathOf = (id: string): string => {
      const resource = resources[id];
      if (!resource) throw new Error(`No resource ${id} in the stateless tree`);
      const parent = (resource.Properties.ParentId as { Ref?: string }).Ref; // none: the root
      return `${parent ? pathOf(parent) : ''}/${resource.Properties.PathPart as string}`;
    };
    const paths = Object.keys(resources).map(pathOf);
    expect(paths.length).toBeGreaterThan(routes.length);
    expect(paths.length - new Set(paths).size).toBe(0);
    for (const route of routes) for (const path of route.paths) expect(paths, route.id).toContain(path);
  });
});

describe('deployment', () => {
  it('waits for the authorizer and every route stack', () => {
    const [deployment] = Object.values(
      resourcesOf(synthesized.statelessTemplate, 'AWS::ApiGateway::Deployment'),
    );
    const nested = Object.keys(resourcesOf(synthesized.statelessTemplate, 'AWS::CloudFormation::Stack'));
    const authorizer = Object.keys(resourcesOf(synthesized.statelessTemplate, 'AWS::ApiGateway::Authorizer'));
    expect(nested).toHaveLength(nestedStacks().length);
    expect([deployment?.DependsOn ?? []].flat()).toEqual(expect.arrayContaining([...nested, ...authorizer]));
  });

  it('gets a new logical id, so the stage is redeployed, when a method of a route stack changes', () => {
    const health: RouteDefinition = {
      id: 'Health',
      method: 'GET',
      paths: ['/api/health'],
      handler: 'http/get-health',
      auth: 'public',
    };
    const me: RouteDefinition = {
      id: 'Me',
      method: 'GET',
      paths: ['/api/v1/auth/me'],
      handler: 'http/get-me',
      auth: 'user',
    };
    const base = deploymentIdOf([health, me]);
    expect(deploymentIdOf([health, me])).toBe(base);
    expect(deploymentIdOf([health, { ...me, auth: 'public' }])).not.toBe(base);
    expect(deploymentIdOf([health, { ...me, paths: [...me.paths, '/api/auth/me'] }])).not.toBe(base);
  });
});

describe('a key with more routes than one stack takes', () => {
  it('continues in a second stack that mounts on the first stack’s paths instead of creating them again', () => {
    const table: RouteDefinition[] = Array.from({ length: MAX_ROUTES_PER_STACK + 2 }, (_, index) => ({
      id: `Item${index}`,
      method: 'GET',
      paths: [`/api/v1/items/{id}/part${index}`],
      handler: 'http/get-health',
      auth: 'user',
    }));
    const { tree, routeStacks } = synthesizeApi(table);
    expect(routeStacks).toEqual(['Items', 'Items-2']);
    const resources = resourcesOf(tree, 'AWS::ApiGateway::Resource');
    const pathOf = (id: string): string => {
      const resource = resources[id];
      if (!resource) throw new Error(`No resource ${id} in the tree`);
      const parent = (resource.Properties.ParentId as { Ref?: string }).Ref;
      return `${parent ? pathOf(parent) : ''}/${resource.Properties.PathPart as string}`;
    };
    const paths = Object.keys(resources).map(pathOf);
    expect(paths.length - new Set(paths).size).toBe(0);
    for (const route of table) expect(paths).toContain(route.paths[0]);
    const methods = Object.values(resourcesOf(tree, 'AWS::ApiGateway::Method'));
    expect(methods).toHaveLength(table.length);
  });
});

describe('invoke permissions', () => {
  it('let API Gateway call each route function for its method and paths on stage v1 only', () => {
    const granted = Object.values(resourcesOf(synthesized.statelessTree, 'AWS::Lambda::Permission'))
      .filter((p) => p.Properties.Principal === 'apigateway.amazonaws.com')
      .map((p) => {
        const parts = (p.Properties.SourceArn as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1];
        const functionId = (p.Properties.FunctionName as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
        return `${functionId.replace(/Function[0-9A-F]{8}$/, '')} ${String(parts.at(-1))}`;
      });
    const expected = functionRoutes.flatMap((route) =>
      route.paths.map((path) => `${route.id} /v1/${route.method}${path.replace(/\{[^}]*\}/g, '*')}`),
    );
    // The authorizer's own permission names the authorizer, not a method; the WebSocket API's
    // functions (Live*) are the live-detection API's (test/infra/live.test.ts).
    expect(granted.filter((g) => !g.startsWith('ApiAuthorizer ') && !g.startsWith('Live')).sort()).toEqual(
      expected.sort(),
    );
  });
});

/** The API's templates for a route table, from a small app of its own. */
interface ApiTemplates {
  /** The stack of the API, without its route stacks. */
  parent: Template;
  /** The stack with its route stacks inlined. */
  tree: Template;
  /** Construct ids of the route stacks. */
  routeStacks: string[];
}

/** Synthesize a PynomalyApi for `table`; the data resources share its stack, all the API needs. */
function synthesizeApi(table: readonly RouteDefinition[]): ApiTemplates {
  const outdir = mkdtempSync(join(tmpdir(), 'pynomaly-cdk-'));
  try {
    const app = new App({
      outdir,
      builtinCloudFormationValidation: false,
      context: { ...FEATURE_FLAGS, 'aws:cdk:bundling-stacks': [] },
    });
    const stack = new Stack(app, 'Service');
    const userPool = new UserPool(stack, 'Users');
    const api = new PynomalyApi(stack, 'Api', {
      table: new Table(stack, 'Table', { partitionKey: { name: 'pk', type: AttributeType.STRING } }),
      bucket: new Bucket(stack, 'Bucket'),
      userPool,
      userPoolClient: userPool.addClient('Client'),
      stateMachines: Object.fromEntries(
        machines.map((m) => [
          m.name,
          StateMachine.fromStateMachineArn(
            stack,
            `${m.name}Machine`,
            `arn:aws:states:eu-west-1:123456789012:stateMachine:${m.name}`,
          ),
        ]),
      ) as Record<MachineName, IStateMachine>,
      routes: table,
    });
    const assembly = app.synth();
    return {
      parent: Template.fromStack(stack),
      tree: templateTree(stack, assembly.directory),
      routeStacks: api.routeStacks.map((routeStack) => routeStack.node.id),
    };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** The logical id of the API's deployment for a route table. */
function deploymentIdOf(table: readonly RouteDefinition[]): string {
  const [id] = Object.keys(resourcesOf(synthesizeApi(table).parent, 'AWS::ApiGateway::Deployment'));
  if (!id) throw new Error('no deployment');
  return id;
}
