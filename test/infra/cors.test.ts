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
    const options = Object.values(
      resourcesOf(synthesized.statelessTemplate, 'AWS::ApiGateway::Method'),
    ).filter((m) => m.Properties.HttpMethod === 'OPTIONS');
    expect(options.length).toBeGreaterThan(0);
    const integration = JSON.stringify(options[0]?.Properties.Integration);
    for (const origin of ORIGINS) expect(integration).toContain(origin);
    expect(integration).not.toContain("'*'");
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
