/**
 * The live-detection WebSocket API (seed 002's /ws/detection/live): `$connect`, `$disconnect`,
 * and the `detect` and `$default` message routes, each a PynomalyFunction over functions/ws/*.
 *
 * Authentication is in the `$connect` function, not a Lambda REQUEST authorizer: a WebSocket
 * authorizer's identity sources must all be present or API Gateway answers 401 without calling
 * it, so one authorizer could not accept a token in the `Authorization` header *or* the `token`
 * query parameter (browsers cannot set headers) *or* an `X-API-Key`. The function runs the REST
 * authorizer's `authenticate`, and answers 401/403/429 to refuse the handshake.
 */
import { Arn, ArnFormat, Duration, Stack } from 'aws-cdk-lib';
import { type CfnStage, WebSocketApi, WebSocketStage } from 'aws-cdk-lib/aws-apigatewayv2';
import { WebSocketLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IUserPool, IUserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { bindBucket, bindTable, bindUserPool, PynomalyFunction } from './lambda-function';
import { acknowledge } from './nag';

/** The stage name, as the REST API's. */
export const LIVE_STAGE = 'v1';

/** Properties of {@link LiveDetection}. */
export interface LiveDetectionProps {
  /** The application table: connections, sessions, API keys, detectors, rate counters. */
  readonly table: ITable;
  /** The data bucket: trained models are read from it. */
  readonly bucket: IBucket;
  /** The user pool whose access tokens `$connect` accepts. */
  readonly userPool: IUserPool;
  readonly userPoolClient: IUserPoolClient;
}

/** Who may post to the live connections from outside the WebSocket API's own routes. */
export interface LiveConnections {
  /** Grant `fn` PostToConnection on this API's stage and set `LIVE_CONNECTIONS_URL`. */
  bindBroadcaster(fn: PynomalyFunction): void;
}

/** WebSocket API, stage `v1`, with its three functions. */
export class LiveDetection extends Construct implements LiveConnections {
  readonly api: WebSocketApi;
  readonly stage: WebSocketStage;
  readonly connectFunction: PynomalyFunction;
  readonly disconnectFunction: PynomalyFunction;
  readonly messageFunction: PynomalyFunction;

  constructor(scope: Construct, id: string, props: LiveDetectionProps) {
    super(scope, id);
    this.connectFunction = new PynomalyFunction(this, 'Connect', {
      handler: 'ws/connect',
      timeout: Duration.seconds(10),
    });
    // Authenticates (sessions and API keys by key, the pool's JWKS), counts and records connections.
    bindTable(this.connectFunction, props.table);
    bindUserPool(this.connectFunction, props.userPool, props.userPoolClient);
    this.disconnectFunction = new PynomalyFunction(this, 'Disconnect', {
      handler: 'ws/disconnect',
      timeout: Duration.seconds(10),
    });
    bindTable(this.disconnectFunction, props.table, ['dynamodb:DeleteItem']);
    this.messageFunction = new PynomalyFunction(this, 'Message', {
      handler: 'ws/message',
      memorySize: 1024,
      timeout: Duration.seconds(29),
    });
    bindTable(this.messageFunction, props.table);
    bindBucket(this.messageFunction, props.bucket, ['read']);

    const messages = new WebSocketLambdaIntegration('Message', this.messageFunction.function);
    this.api = new WebSocketApi(this, 'Api', {
      apiName: 'pynomaly-live',
      description: 'Live anomaly detection (seed 002 /ws/detection/live)',
      routeSelectionExpression: '$request.body.type',
      connectRouteOptions: {
        integration: new WebSocketLambdaIntegration('Connect', this.connectFunction.function),
      },
      disconnectRouteOptions: {
        integration: new WebSocketLambdaIntegration('Disconnect', this.disconnectFunction.function),
      },
      defaultRouteOptions: { integration: messages },
    });
    this.api.addRoute('detect', { integration: messages });
    this.stage = new WebSocketStage(this, 'Stage', {
      webSocketApi: this.api,
      stageName: LIVE_STAGE,
      autoDeploy: true,
      throttle: { rateLimit: 500, burstLimit: 1000 },
    });
    const accessLogs = new LogGroup(this, 'AccessLogs', { retention: RetentionDays.ONE_MONTH });
    (this.stage.node.defaultChild as CfnStage).accessLogSettings = {
      destinationArn: accessLogs.logGroupArn,
      format: JSON.stringify({
        requestId: '$context.requestId',
        connectionId: '$context.connectionId',
        routeKey: '$context.routeKey',
        eventType: '$context.eventType',
        status: '$context.status',
        integrationError: '$context.integration.error',
        requestTime: '$context.requestTime',
      }),
    };
    acknowledge(
      this.api,
      'APIG4',
      'Authentication is the $connect function (see above): it refuses the handshake of an unauthenticated caller, and the other routes are reached only over a connection it accepted.',
    );
    this.grantPostToConnections(this.messageFunction);
  }

  bindBroadcaster(fn: PynomalyFunction): void {
    this.grantPostToConnections(fn);
    fn.addEnvironment('LIVE_CONNECTIONS_URL', this.stage.callbackUrl);
  }

  /** PostToConnection on this API's stage only. */
  private grantPostToConnections(fn: PynomalyFunction): void {
    const connections = Arn.format(
      {
        service: 'execute-api',
        resource: this.api.apiId,
        resourceName: `${LIVE_STAGE}/POST/@connections/*`,
        arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
      },
      Stack.of(this),
    );
    fn.role.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['execute-api:ManageConnections'], resources: [connections] }),
    );
    acknowledge(
      fn,
      `IAM5[Resource::arn:<AWS::Partition>:execute-api:<AWS::Region>:<AWS::AccountId>:<${Stack.of(this).getLogicalId(this.api.node.defaultChild as never)}>/${LIVE_STAGE}/POST/@connections/*]`,
      'Connection ids are made at run time; the grant covers PostToConnection on this API stage only.',
    );
  }
}
