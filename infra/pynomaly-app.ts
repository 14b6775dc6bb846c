/**
 * Builds the whole CDK app: the stateful and stateless stacks and the cdk-nag checks.
 * infra/app.ts synthesizes it for the CLI; test/infra builds it with bundling and the
 * CloudFormation validator switched off.
 */
import { App, type AppProps, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { parseCorsOrigins } from '../packages/core/src/http/cors';
import { triageModelFromContext } from './constructs/triage-model';
import { DashboardStack } from './stacks/dashboard-stack';
import { StatefulStack } from './stacks/stateful-stack';
import { StatelessStack } from './stacks/stateless-stack';

/**
 * Feature flags the constructs rely on. They live here, not only in cdk.json, so the tests'
 * App behaves like the CLI's; cdk.json context still takes precedence.
 */
export const FEATURE_FLAGS: Readonly<Record<string, unknown>> = {
  // Stateless consumes stateful through exports, so the producer cannot drop a value in use.
  '@aws-cdk/core:defaultCrossStackReferences': 'strong',
  // Grant log delivery with a bucket policy, so the log bucket can disable ACLs.
  '@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy': true,
  '@aws-cdk/aws-s3:createDefaultLoggingPolicy': true,
  '@aws-cdk/aws-iam:minimizePolicies': true,
  // Redeploy the stage when the authorizer changes.
  '@aws-cdk/aws-apigateway:authorizerChangeDeploymentLogicalId': true,
};

/** The app and its stacks. */
export interface PynomalyApp {
  readonly app: App;
  readonly stateful: StatefulStack;
  readonly stateless: StatelessStack;
  /** The dashboard's site and CloudFront distribution, in front of the stateless stack's API. */
  readonly dashboard: DashboardStack;
}

/**
 * The CDK app. Context `corsOrigins` (a JSON array, or a comma-separated string from `-c`)
 * lists the browser origins allowed to call the API; anything that is not a bare origin fails
 * the synth. Context `bedrockModelId`, `bedrockInferenceProfile` and
 * `bedrockTokensPerTenantPerDay` switch on model triage (infra/constructs/triage-model.ts).
 */
export function createPynomalyApp(props: AppProps = {}): PynomalyApp {
  const app = new App({ ...props, context: { ...FEATURE_FLAGS, ...props.context } });
  const stateful = new StatefulStack(app, 'PynomalyStateful', {
    description: 'Pynomaly data: table, bucket, user pool, event bus',
  });
  const stateless = new StatelessStack(app, 'PynomalyStateless', {
    description: 'Pynomaly API, analysis pipeline and event consumers',
    table: stateful.table,
    bucket: stateful.bucket,
    userPool: stateful.userPool,
    userPoolClient: stateful.userPoolClient,
    bus: stateful.bus,
    // Without the context, the default the local gateway also starts with.
    corsOrigins: parseCorsOrigins(app.node.tryGetContext('corsOrigins'), 'Context corsOrigins'),
    // Context bedrockModelId (and bedrockInferenceProfile): without it, rules-engine triage only.
    triageModel: triageModelFromContext(app.node),
  });
  const dashboard = new DashboardStack(app, 'PynomalyDashboard', {
    description: 'Pynomaly dashboard: its site and the CloudFront distribution in front of the API',
    api: stateless.api.api,
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return { app, stateful, stateless, dashboard };
}
