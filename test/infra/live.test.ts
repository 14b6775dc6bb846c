import { Match, type Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  environmentOf,
  resourceNamed,
  resourcesOf,
  type Synthesized,
  statementsOfRole,
  synthesize,
} from './synth';

let synthesized: Synthesized;
let template: Template;

beforeAll(() => {
  synthesized = synthesize();
  template = synthesized.statelessTemplate;
});
afterAll(() => synthesized.cleanup());

describe('live detection WebSocket API', () => {
  it('is a WebSocket API routing on the message type (detect, graphql-transport-ws), with a v1 stage', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      ProtocolType: 'WEBSOCKET',
      RouteSelectionExpression: '$request.body.type',
    });
    const routes = Object.values(resourcesOf(template, 'AWS::ApiGatewayV2::Route')).map(
      (r) => r.Properties.RouteKey,
    );
    expect(routes.sort()).toEqual([
      '$connect',
      '$default',
      '$disconnect',
      'complete',
      'connection_init',
      'detect',
      'ping',
      'pong',
      'subscribe',
    ]);
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: 'v1',
      AutoDeploy: true,
      AccessLogSettings: Match.objectLike({
        DestinationArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^LiveAccessLogs'), 'Arn'] },
      }),
    });
  });

  it('runs the functions/ws handlers as PynomalyFunctions with the table and the user pool', () => {
    const connect = resourceNamed(template, 'AWS::Lambda::Function', 'LiveConnect');
    expect(connect.Properties.Description).toBe('ws/connect');
    expect(Object.keys(environmentOf(connect))).toEqual(
      expect.arrayContaining(['TABLE_NAME', 'USER_POOL_ID', 'USER_POOL_CLIENT_ID']),
    );
    expect(resourceNamed(template, 'AWS::Lambda::Function', 'LiveDisconnect').Properties.Description).toBe(
      'ws/disconnect',
    );
    const message = resourceNamed(template, 'AWS::Lambda::Function', 'LiveMessage');
    expect(message.Properties.Description).toBe('ws/message');
    expect(Object.keys(environmentOf(message))).toEqual(
      expect.arrayContaining(['TABLE_NAME', 'BUCKET_NAME']),
    );
    const graphql = resourceNamed(template, 'AWS::Lambda::Function', 'LiveGraphql');
    expect(graphql.Properties.Description).toBe('ws/graphql');
    expect(Object.keys(environmentOf(graphql))).toContain('TABLE_NAME');
  });

  it('lets only the message and GraphQL functions post to this API stage connections, and GraphQL close them', () => {
    const manage = (prefix: string) =>
      statementsOfRole(template, prefix).filter((s) =>
        [s.Action].flat().includes('execute-api:ManageConnections'),
      );
    const [statement, ...others] = manage('LiveMessage');
    expect(others).toEqual([]);
    const resource = JSON.stringify(statement?.Resource);
    expect(resource).toContain('/v1/POST/@connections/*');
    expect(resource).toContain('LiveApi');
    expect(resource).not.toContain('DELETE');
    const graphql = JSON.stringify(manage('LiveGraphql')[0]?.Resource);
    expect(graphql).toContain('/v1/POST/@connections/*');
    expect(graphql).toContain('/v1/DELETE/@connections/*');
    expect(manage('LiveConnect')).toEqual([]);
    expect(manage('LiveDisconnect')).toEqual([]);
  });

  it('lets the WebSocket API invoke each function for its own routes only', () => {
    const granted = Object.values(resourcesOf(template, 'AWS::Lambda::Permission'))
      .filter((p) => JSON.stringify(p.Properties.FunctionName).includes('Live'))
      .map((p) => {
        const source = JSON.stringify(p.Properties.SourceArn);
        const fn = JSON.stringify(p.Properties.FunctionName).match(
          /Live(Connect|Disconnect|Message|Graphql)/,
        )?.[0];
        return `${fn} ${source.includes('LiveApi') ? 'this API' : 'other'} ${source.match(/\/\*([$\w]+)/)?.[1]}`;
      });
    expect(granted.sort()).toEqual([
      'LiveConnect this API $connect',
      'LiveDisconnect this API $disconnect',
      'LiveGraphql this API complete',
      'LiveGraphql this API connection_init',
      'LiveGraphql this API ping',
      'LiveGraphql this API pong',
      'LiveGraphql this API subscribe',
      'LiveMessage this API $default',
      'LiveMessage this API detect',
    ]);
  });

  it('has no unacknowledged cdk-nag finding', () => {
    const live = synthesized.report.pluginReports
      .flatMap((r) => r.violations)
      .filter((v) => v.violatingConstructs.some((c) => c.constructPath.includes('/Live/')));
    expect(
      live.map((v) => `${v.ruleName} ${v.violatingConstructs.map((c) => c.constructPath).join(',')}`),
    ).toEqual([]);
  });
});
