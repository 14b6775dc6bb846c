import type { ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CORS_ORIGINS_VARIABLE, DROP_PREFIX, type Tier, usagePlanIdVariable } from '@pynomaly/core';
import { buildDashboard } from '@pynomaly/dashboard';
import { machines } from '../../../functions/pipeline/machines';
import { startApiGatewayStandIn } from './api-gateway-server';
import { bedrockEnvironment } from './bedrock-env';
import { ensureTable, ensureUserPool } from './bootstrap';
import { startCognito } from './emulators/cognito';
import { startDynamoDb } from './emulators/dynamodb';
import { startS3 } from './emulators/s3';
import { assertPortFree } from './emulators/wait';
import { LocalEventBus } from './event-bus';
import { LocalGateway } from './gateway';
import { LOCAL_CREDENTIALS, type LocalSettings } from './settings';
import { startSmsOutbox } from './sms-outbox';
import { LocalStaticSite } from './static-site';
import { LocalStepFunctions, localStateMachineArn } from './step-functions';
import { LocalUsagePlans } from './usage-plans';
import { LIVE_PATH } from './websocket';

/** What `local.json` tells any AWS client (the AWS CLI included) about the running stack. */
export interface LocalDescription {
  api_url: string;
  /** The analysts' dashboard (the same origin as the API, as behind CloudFront). */
  dashboard_url: string;
  /** The live-detection WebSocket API (seed 002's /ws/detection/live). */
  live_url: string;
  s3_endpoint: string;
  bucket: string;
  drop_prefix: string;
  region: string;
  dynamodb_endpoint: string;
  table_name: string;
  cognito_endpoint: string;
  user_pool_id: string;
  client_id: string;
  stepfunctions_endpoint: string;
  state_machine_arn: string;
  detection_state_machine_arn: string;
  study_state_machine_arn: string;
  ingest_state_machine_arn: string;
  /** The in-process EventBridge (PutEvents) and the product bus's name. */
  events_endpoint: string;
  event_bus_name: string;
  /** Text messages the product sent (SMS MFA codes), one JSON object a line. */
  sms_outbox: string;
  /** The API Gateway management stand-in: API keys and usage plans (per-caller usage-plan keys). */
  apigateway_endpoint: string;
  /** The usage plan of each rate tier, by tier (what the authorizer's `USAGE_PLAN_ID_<TIER>` say). */
  usage_plan_ids: Record<Tier, string>;
  aws_access_key_id: string;
  aws_secret_access_key: string;
}

export interface LocalStack {
  description: LocalDescription;
  stepFunctions: LocalStepFunctions;
  eventBus: LocalEventBus;
  /** Resolves when no event delivery or execution is under way. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Brings up the whole product on one machine: the emulators, the resources the CDK stack
 * would create, the handlers' environment, the state machine runner, the event bus and the
 * API gateway. The handlers are the deployed ones; only endpoints differ.
 */
export async function startLocalStack(settings: LocalSettings): Promise<LocalStack> {
  mkdirSync(settings.home, { recursive: true });
  const url = (port: number) => `http://${settings.host}:${port}`;
  const children: ChildProcess[] = [];
  const killChildren = () => {
    for (const child of children) child.kill();
  };
  process.once('exit', killChildren);
  for (const port of Object.values(settings.ports)) await assertPortFree(port, settings.host);
  try {
    const [dynamo, cognito] = await Promise.all([startDynamoDb(settings), startCognito(settings)]);
    children.push(dynamo, cognito);

    const clientConfig = { region: settings.region, credentials: LOCAL_CREDENTIALS };
    const dynamoClient = new DynamoDBClient({ ...clientConfig, endpoint: url(settings.ports.dynamodb) });
    const cognitoClient = new CognitoIdentityProviderClient({
      ...clientConfig,
      endpoint: url(settings.ports.cognito),
    });
    await ensureTable(dynamoClient, settings);
    const pool = await ensureUserPool(cognitoClient, settings);
    dynamoClient.destroy();
    cognitoClient.destroy();
    // The usage plans of the CDK stack; callers' keys persist with the table items naming them.
    const usagePlans = new LocalUsagePlans(join(settings.home, 'api-gateway.json'));

    // A model for triage (TRIAGE_MODEL_ID) is called with the user's own credentials; every
    // other client signs with the emulators' key pair, which a profile would override.
    const bedrock = bedrockEnvironment(process.env);
    Reflect.deleteProperty(process.env, 'AWS_PROFILE');
    Object.assign(process.env, {
      ...bedrock,
      AWS_REGION: settings.region,
      AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
      TABLE_NAME: settings.tableName,
      BUCKET_NAME: settings.bucket,
      ...Object.fromEntries(machines.map((m) => [m.arnVariable, localStateMachineArn(m.name)])),
      EVENT_BUS_NAME: settings.eventBusName,
      USER_POOL_ID: pool.userPoolId,
      USER_POOL_CLIENT_ID: pool.clientId,
      JWT_ISSUER: `${url(settings.ports.cognito)}/${pool.userPoolId}`,
      AWS_ENDPOINT_URL_DYNAMODB: url(settings.ports.dynamodb),
      AWS_ENDPOINT_URL_S3: url(settings.ports.s3),
      AWS_ENDPOINT_URL_SFN: url(settings.ports.stepFunctions),
      AWS_ENDPOINT_URL_EVENTBRIDGE: url(settings.ports.events),
      AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: url(settings.ports.cognito),
      AWS_ENDPOINT_URL_SNS: url(settings.ports.sns),
      AWS_ENDPOINT_URL_API_GATEWAY: url(settings.ports.apiGateway),
      // PostToConnection reaches the local WebSocket API's stand-in on the gateway's own port.
      AWS_ENDPOINT_URL_APIGATEWAYMANAGEMENTAPI: url(settings.ports.api),
      // What live-detection.ts gives the alert broadcaster: the API's connections endpoint.
      LIVE_CONNECTIONS_URL: url(settings.ports.api),
      // What rate-tier-plans.ts gives the authorizer.
      ...Object.fromEntries(
        Object.entries(usagePlans.planIds()).map(([tier, id]) => [usagePlanIdVariable(tier as Tier), id]),
      ),
      S3_FORCE_PATH_STYLE: 'true',
      // What pynomaly-api.ts gives every route function.
      [CORS_ORIGINS_VARIABLE]: settings.corsOrigins.join(','),
      // EMF metric lines (packages/core/src/emf.ts) would double the output; opt in with false.
      POWERTOOLS_METRICS_DISABLED: process.env.POWERTOOLS_METRICS_DISABLED ?? 'true',
      // Loopback webhook receivers the user names (`host:port`, comma-separated); empty by
      // default, never set by the API nor by the CDK stack (packages/webhooks/src/config.ts).
      PYNOMALY_WEBHOOK_ALLOWLIST: process.env.PYNOMALY_WEBHOOK_ALLOWLIST ?? '',
    });

    const eventBus = new LocalEventBus(settings);
    // Execution status changes reach the default bus, as Step Functions sends them to EventBridge.
    const stepFunctions = new LocalStepFunctions(settings, {
      onStatusChange: (change) => eventBus.fromStepFunctions(change),
    });
    const s3 = await startS3(settings, (record) => eventBus.fromS3(record));
    await eventBus.start();
    const smsOutbox = join(settings.home, 'outbox', 'sms.ndjson');
    const sns = await startSmsOutbox(settings, smsOutbox);
    await stepFunctions.start();
    const apiGateway = await startApiGatewayStandIn(settings, usagePlans);
    // The dashboard, built fresh (esbuild: well under a second) and served at / as CloudFront would.
    const site = new LocalStaticSite(buildDashboard(join(settings.home, 'dashboard')));
    const gateway = new LocalGateway(settings, usagePlans, site);
    await gateway.start();

    const description: LocalDescription = {
      api_url: url(settings.ports.api),
      dashboard_url: `${url(settings.ports.api)}/dashboard`,
      live_url: `ws://${settings.host}:${settings.ports.api}${LIVE_PATH}`,
      s3_endpoint: url(settings.ports.s3),
      bucket: settings.bucket,
      drop_prefix: `${DROP_PREFIX}${pool.adminSub}/`,
      region: settings.region,
      dynamodb_endpoint: url(settings.ports.dynamodb),
      table_name: settings.tableName,
      cognito_endpoint: url(settings.ports.cognito),
      user_pool_id: pool.userPoolId,
      client_id: pool.clientId,
      stepfunctions_endpoint: url(settings.ports.stepFunctions),
      state_machine_arn: localStateMachineArn('analysis'),
      detection_state_machine_arn: localStateMachineArn('detection'),
      study_state_machine_arn: localStateMachineArn('study'),
      ingest_state_machine_arn: localStateMachineArn('ingest'),
      events_endpoint: url(settings.ports.events),
      event_bus_name: settings.eventBusName,
      sms_outbox: smsOutbox,
      apigateway_endpoint: url(settings.ports.apiGateway),
      usage_plan_ids: usagePlans.planIds(),
      aws_access_key_id: LOCAL_CREDENTIALS.accessKeyId,
      aws_secret_access_key: LOCAL_CREDENTIALS.secretAccessKey,
    };
    writeFileSync(join(settings.home, 'local.json'), `${JSON.stringify(description, null, 2)}\n`);

    const idle = async () => {
      do {
        await eventBus.idle();
        await stepFunctions.idle();
      } while (eventBus.busy || stepFunctions.busy);
    };
    return {
      description,
      stepFunctions,
      eventBus,
      idle,
      async stop() {
        await gateway.stop();
        await stepFunctions.stop();
        await eventBus.stop();
        await new Promise((r) => sns.close(r));
        await new Promise((r) => apiGateway.close(r));
        await s3.close();
        killChildren();
      },
    };
  } catch (error) {
    killChildren();
    throw error;
  }
}
