import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPynomalyApp } from '../../infra/pynomaly-app';
import { resourcesOf, type Synthesized, synthesize } from './synth';

const ORIGINS = ['https://app.example.com', 'https://admin.example.com'];
let synthesized: Synthesized;

beforeAll(() => {
  synthesized = synthesize({ corsOrigins: ORIGINS.join(',') });
});
afterAll(() => synthesized.cleanup());

describe('CORS', () => {
  it('answers preflights for the allowlisted origins only', () => {
    const options = Object.values(resourcesOf(synthesized.statelessTree, 'AWS::ApiGateway::Method')).filter(
      (m) => m.Properties.HttpMethod === 'OPTIONS',
    );
    expect(options.length).toBeGreaterThan(0);
    for (const option of options) {
      const integration = JSON.stringify(option.Properties.Integration);
      for (const origin of ORIGINS) expect(integration).toContain(origin);
      expect(integration).not.toContain("'*'");
    }
  });

  it('answers preflights on every resource, those of the route stacks included', () => {
    // An imported parent resource passes no CORS defaults down: the route stacks must set them.
    const withPreflight = new Set(
      Object.values(resourcesOf(synthesized.statelessTree, 'AWS::ApiGateway::Method'))
        .filter((m) => m.Properties.HttpMethod === 'OPTIONS')
        .map((m) => JSON.stringify(m.Properties.ResourceId)),
    );
    const resourceIds = Object.keys(resourcesOf(synthesized.statelessTree, 'AWS::ApiGateway::Resource'));
    expect(resourceIds.length).toBeGreaterThan(0);
    for (const id of resourceIds) expect(withPreflight, id).toContain(JSON.stringify({ Ref: id }));
  });

  it('keeps every stack, with the preflights, below 450 resources', () => {
    for (const stack of synthesized.stackTemplates) {
      expect(Object.keys(stack.json.Resources).length, stack.path).toBeLessThan(450);
    }
  });

  it('answers no preflight without origins', () => {
    const { stateless } = createPynomalyApp({ context: { 'aws:cdk:bundling-stacks': [] } });
    expect(stateless.api.api.root.defaultCorsPreflightOptions).toBeUndefined();
  });

  it('fails the synth on something that is not an origin', () => {
    expect(() => createPynomalyApp({ context: { corsOrigins: ['https://app.example.com/path'] } })).toThrow(
      /not an origin/,
    );
  });
});
