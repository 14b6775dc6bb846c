import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { functionRoutes } from '../../functions/routes';
import { gatewayCorsParameters } from '../../infra/constructs/problem-responses';
import { createPynomalyApp } from '../../infra/pynomaly-app';
import { CORS_ORIGINS_VARIABLE } from '../../packages/core/src/http/cors';
import { environmentOf, resourcesOf, type Synthesized, synthesize } from './synth';

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

describe('CORS on answers other than preflights', () => {
  it("puts the headers on every gateway response, echoing the request's origin among several", () => {
    const responses = Object.values(
      resourcesOf(synthesized.statelessTree, 'AWS::ApiGateway::GatewayResponse'),
    );
    expect(responses.length).toBeGreaterThan(15);
    for (const response of responses) {
      expect(response.Properties.ResponseParameters, String(response.Properties.ResponseType)).toMatchObject({
        'gatewayresponse.header.Access-Control-Allow-Origin': 'method.request.header.Origin',
        'gatewayresponse.header.Vary': "'Origin'",
        'gatewayresponse.header.Access-Control-Expose-Headers': expect.stringContaining('Retry-After'),
      });
    }
  });

  it('names the origin itself when only one is allowed, and adds nothing without origins', () => {
    expect(gatewayCorsParameters(['https://app.example.com'])).toMatchObject({
      'Access-Control-Allow-Origin': "'https://app.example.com'",
    });
    expect(gatewayCorsParameters([])).toEqual({});
  });

  it('gives every route function the origins, for the headers of its own answers', () => {
    const functions = synthesized.stackTemplates
      .filter((stack) => stack.nested)
      .flatMap((stack) => Object.values(stack.json.Resources))
      .filter((resource) => resource.Type === 'AWS::Lambda::Function');
    expect(functions).toHaveLength(functionRoutes.length);
    for (const fn of functions) expect(environmentOf(fn)[CORS_ORIGINS_VARIABLE]).toBe(ORIGINS.join(','));
  });

  it('has the preflights read and answer text, since every media type is binary', () => {
    const options = Object.values(resourcesOf(synthesized.statelessTree, 'AWS::ApiGateway::Method')).filter(
      (m) => m.Properties.HttpMethod === 'OPTIONS',
    );
    for (const option of options) {
      const integration = option.Properties.Integration as {
        ContentHandling?: string;
        IntegrationResponses: { ContentHandling?: string }[];
      };
      expect(integration.ContentHandling).toBe('CONVERT_TO_TEXT');
      for (const response of integration.IntegrationResponses)
        expect(response.ContentHandling).toBe('CONVERT_TO_TEXT');
    }
  });
});
