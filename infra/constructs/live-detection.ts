/**
 * The live-detection WebSocket API (seed 002's /ws/detection/live): `$connect`, `$disconnect`,
 * the `detect` and `$default` message routes, and the graphql-transport-ws routes of GraphQL
 * subscriptions, each a PynomalyFunction over functions/ws/* (functions/ws/routes.ts).
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
import { webSocketRoutes } from '../../functions/ws/routes';
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
  readonly graphqlFunction: PynomalyFunction;

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
    // The connection and its subscriptions (found under the connection's key).
    bindTable(this.disconnectFunction, props.table, [
      'dynamodb:DeleteItem',
      'dynamodb:Query',
      'dynamodb:BatchWriteItem',
    ]);
    this.messageFunction = new PynomalyFunction(this, 'Message', {
      handler: 'ws/message',
      memorySize: 1024,
      timeout: Duration.seconds(29),
    });
    bindTable(this.messageFunction, props.table);
    bindBucket(this.messageFunction, props.bucket, ['read']);

    this.graphqlFunction = new PynomalyFunction(this, 'Graphql', {
      handler: 'ws/graphql',
      timeout: Duration.seconds(10),
    });
    // The connection (its init), its subscriptions, the rate counter; the dataset or detector
    // a subscription names, to refuse another tenant's.
    bindTable(this.graphqlFunction, props.table, [
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'dynamodb:DeleteItem',
      'dynamodb:Query',
    ]);

    const integrations = {
      'ws/message': new WebSocketLambdaIntegration('Message', this.messageFunction.function),
      'ws/graphql': new WebSocketLambdaIntegration('Graphql', this.graphqlFunction.function),
    };
    const messages = integrations['ws/message'];
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
    for (const [route, handler] of Object.entries(webSocketRoutes))
      if (!route.startsWith('$') && handler in integrations)
        this.api.addRoute(route, { integration: integrations[handler as keyof typeof integrations] });
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
    // Answers, and closes a connection that broke the protocol.
    this.grantPostToConnections(this.graphqlFunction, ['POST', 'DELETE']);
  }

  bindBroadcaster(fn: PynomalyFunction): void {
    this.grantPostToConnections(fn);
    fn.addEnvironment('LIVE_CONNECTIONS_URL', this.stage.callbackUrl);
  }

  /** PostToConnection (and DeleteConnection with 'DELETE') on this API's stage only. */
  private grantPostToConnections(fn: PynomalyFunction, methods: Array<'POST' | 'DELETE'> = ['POST']): void {
    const resources = methods.map((method) =>
      Arn.format(
        {
          service: 'execute-api',
          resource: this.api.apiId,
          resourceName: `${LIVE_STAGE}/${method}/@connections/*`,
          arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
        },
        Stack.of(this),
      ),
    );
    fn.role.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['execute-api:ManageConnections'], resources }),
    );
    for (const method of methods)
      acknowledge(
        fn,
        `IAM5[Resource::arn:<AWS::Partition>:execute-api:<AWS::Region>:<AWS::AccountId>:<${Stack.of(this).getLogicalId(this.api.node.defaultChild as never)}>/${LIVE_STAGE}/${method}/@connections/*]`,
        'Connection ids are made at run time; the grant covers this API stage only.',
      );
  }
}
