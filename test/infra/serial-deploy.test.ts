import { Stack } from 'aws-cdk-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Synthesized, synthesize } from './synth';

let synthesized: Synthesized;
beforeAll(() => {
  synthesized = synthesize();
});
afterAll(() => synthesized.cleanup());

const dependsOn = (resource: { DependsOn?: string | string[] }) =>
  resource.DependsOn === undefined ? [] : [resource.DependsOn].flat();

/**
 * A first deploy must not create the API's resources and methods all at once (API Gateway
 * answers 429 and the stack and its rollback fail, aws-cdk#15573): route stacks one after
 * another, and inside each, one API Gateway element at a time.
 */
describe('deploying the API', () => {
  it('creates the route stacks one after another', () => {
    const routeStacks = synthesized.stateless.api.routeStacks;
    const parent = Stack.of(synthesized.stateless.api);
    const template = synthesized.stackTemplates.find((t) => t.path === parent.node.path)!.json;
    const ids = routeStacks.map((s) => parent.resolve(s.nestedStackResource?.logicalId) as string);
    expect(ids.length).toBeGreaterThan(10);
    ids.forEach((id, i) => {
      if (i === 0) return;
      expect(dependsOn(template.Resources[id] ?? {}), id).toContain(ids[i - 1]);
    });
  });

  it('creates the resources and methods of each route stack one at a time', () => {
    const nested = synthesized.stackTemplates.filter((t) => t.nested && t.path.includes('/Routes/'));
    expect(nested.length).toBeGreaterThan(10);
    let chained = 0;
    for (const stack of nested) {
      const elements = Object.entries(stack.json.Resources).filter(([, r]) =>
        ['AWS::ApiGateway::Resource', 'AWS::ApiGateway::Method'].includes(r.Type),
      );
      // Each element but the first waits for exactly one other, so at most one is in flight.
      const roots = elements.filter(
        ([, r]) => !dependsOn(r).some((d) => elements.some(([other]) => other === d)),
      );
      expect(
        roots.map(([id]) => id),
        stack.path,
      ).toHaveLength(1);
      chained += elements.length - 1;
    }
    console.log(`Route stacks: ${nested.length}, API Gateway elements chained: ${chained}`);
  });
});
