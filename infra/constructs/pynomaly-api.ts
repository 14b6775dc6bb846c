/**
 * The REST API built from the route table (functions/routes.ts), the same table the local
 * gateway serves: one function per route entry, mounted at each of its paths. This stack keeps
 * the API, its stage, authorizer, usage plans and gateway responses; the route functions and
 * their methods go to nested stacks (route-stack.ts, grouped by route-groups.ts), which keeps
 * every stack far below CloudFormation's 500 resources however long the table grows.
 */
import { ArnFormat, Aspects, Duration, type IAspect, Lazy, Stack } from 'aws-cdk-lib';
import {
  AccessLogField,
  AccessLogFormat,
  ApiKeySourceType,
  CfnAuthorizer,
  type CfnAuthorizerProps,
  CfnMethod,
  Cors,
  type Deployment,
  EndpointType,
  type IResource,
  LogGroupLogDestination,
  MethodLoggingLevel,
  RestApi,
} from 'aws-cdk-lib/aws-apigateway';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct, type IConstruct } from 'constructs';
import { authorizerHandler, type RouteDefinition, routes } from '../../functions/routes';
import { BINARY_MEDIA_TYPES } from '../../packages/core/src/http/binary-media';
import {
  CORS_ALLOW_HEADERS,
  CORS_EXPOSE_HEADERS,
  CORS_MAX_AGE_SECONDS,
  CORS_ORIGINS_VARIABLE,
} from '../../packages/core/src/http/cors';
import { bindTable, bindUserPool, PynomalyFunction } from './lambda-function';
import { acknowledge } from './nag';
import { addProblemResponses } from './problem-responses';
import { RateTierPlans } from './rate-tier-plans';
import type { RouteResources } from './route-bindings';
import { groupRoutes, resourceOwners } from './route-groups';
import { RouteStack } from './route-stack';
import { deployOneAtATime } from './serial-deploy';

/** The deployed stage; every URL starts with it. */
export const STAGE_NAME = 'v1';

// The local gateway applies API Gateway's binary rules with the same list (see binary-media.ts).
export { BINARY_MEDIA_TYPES };

/** Properties of a {@link PynomalyApi}: the resources its routes are bound to, and the routes. */
export interface PynomalyApiProps extends RouteResources {
  /**
   * The route table.
   * @default routes of functions/routes.ts
   */
  readonly routes?: readonly RouteDefinition[];
  /**
   * Browser origins allowed to call the API (CORS); none answers no preflight.
   * @default []
   */
  readonly corsOrigins?: readonly string[];
  /**
   * Steady-state requests per second across the stage; per-caller tiers come from usage plans.
   * @default 100
   */
  readonly throttlingRateLimit?: number;
  /**
   * Burst of requests across the stage.
   * @default 200
   */
  readonly throttlingBurstLimit?: number;
}

/** REST API, stage `v1`, with a Lambda authorizer on every `user` route. */
export class PynomalyApi extends Construct {
  /** The REST API. */
  readonly api: RestApi;
  /** The route functions by route id, across all route stacks. */
  readonly functions: ReadonlyMap<string, PynomalyFunction>;
  /** The nested stacks holding the route functions and their methods, one per route group. */
  readonly routeStacks: readonly RouteStack[];
  /** The authorizer's function. */
  readonly authorizerFunction: PynomalyFunction;
  /** The usage plans, one per rate tier; each caller's key is made at run time. */
  readonly rateTiers: RateTierPlans;

  constructor(scope: Construct, id: string, props: PynomalyApiProps) {
    super(scope, id);
    const corsOrigins = props.corsOrigins ?? [];

    const accessLogs = new LogGroup(this, 'AccessLogs', { retention: RetentionDays.ONE_YEAR });
    this.api = new RestApi(this, 'RestApi', {
      restApiName: 'pynomaly',
      description: 'Pynomaly API and anomaly triage API',
      endpointTypes: [EndpointType.REGIONAL],
      binaryMediaTypes: [...BINARY_MEDIA_TYPES],
      // The authorizer names the caller's usage plan (usageIdentifierKey); X-API-Key is ours.
      apiKeySourceType: ApiKeySourceType.AUTHORIZER,
      // Access and execution logging need the account-level CloudWatch role.
      cloudWatchRole: true,
      deployOptions: {
        stageName: STAGE_NAME,
        tracingEnabled: true,
        metricsEnabled: true,
        loggingLevel: MethodLoggingLevel.INFO,
        // Request and response bodies carry tenants' data: never in the execution log.
        dataTraceEnabled: false,
        throttlingRateLimit: props.throttlingRateLimit ?? 100,
        throttlingBurstLimit: props.throttlingBurstLimit ?? 200,
        accessLogDestination: new LogGroupLogDestination(accessLogs),
        accessLogFormat: accessLogFormat(),
      },
      defaultCorsPreflightOptions:
        corsOrigins.length > 0
          ? {
              allowOrigins: [...corsOrigins],
              allowMethods: Cors.ALL_METHODS,
              allowHeaders: [...CORS_ALLOW_HEADERS],
              exposeHeaders: [...CORS_EXPOSE_HEADERS],
              maxAge: Duration.seconds(CORS_MAX_AGE_SECONDS),
            }
          : undefined,
    });
    addProblemResponses(this.api, corsOrigins);
    // With every type binary, a preflight's body is binary too, and its MOCK integration fails
    // (500, "Unable to transform request") unless told to read and answer text.
    Aspects.of(this).add(new PreflightAsText());

    this.authorizerFunction = new PynomalyFunction(this, 'Authorizer', {
      handler: authorizerHandler,
      timeout: Duration.seconds(10),
      // Named, so the authorizer resource can point at it without depending on it (addAuthorizer).
      functionName: authorizerFunctionName(this),
    });
    // Looks up sessions, credentials and API keys by key, and counts refused credentials.
    bindTable(this.authorizerFunction, props.table, ['dynamodb:GetItem', 'dynamodb:BatchGetItem']);
    bindUserPool(this.authorizerFunction, props.userPool, props.userPoolClient);
    this.rateTiers = new RateTierPlans(this, 'RateTiers', { api: this.api });
    this.rateTiers.bindAuthorizer(this.authorizerFunction, props.table);
    const deployment = this.api.latestDeployment;
    if (!deployment) throw new Error('The REST API has no deployment');
    const authorizer = this.addAuthorizer(deployment);
    // Binary types, gateway responses and the preflights' content handling take effect only in a
    // new deployment; method property overrides are not in CDK's own fingerprint.
    deployment.addToLogicalId({
      binaryMediaTypes: BINARY_MEDIA_TYPES,
      corsOrigins,
      preflight: 'CONVERT_TO_TEXT',
    });

    // Paths that routes of several keys share (/api, /api/v1) are created here, once.
    const groups = groupRoutes(props.routes ?? routes);
    const owners = resourceOwners(groups);
    const resources = new Map<string, IResource>();
    for (const [path, owner] of owners) {
      if (owner === undefined) resources.set(path, this.api.root.resourceForPath(path));
    }
    const container = new Construct(this, 'Routes');
    this.routeStacks = groups.map(
      (group) =>
        new RouteStack(container, group.id, {
          group,
          api: this.api,
          stageName: STAGE_NAME,
          authorizerId: authorizer.ref,
          owners,
          resources,
          corsPreflight: this.api.root.defaultCorsPreflightOptions,
          bindings: props,
        }),
    );
    deployOneAtATime(this.routeStacks);
    this.functions = new Map(this.routeStacks.flatMap((stack) => [...stack.functions]));
    // API Gateway passes a proxy answer through untouched: the functions add the CORS headers
    // themselves (httpHandler), for the origins listed here.
    if (corsOrigins.length > 0)
      for (const fn of this.functions.values())
        fn.addEnvironment(CORS_ORIGINS_VARIABLE, corsOrigins.join(','));

    // The one deployment snapshots the methods of every route stack: it waits for them, and
    // gets a new logical id (so the stage is redeployed) whenever one of them changes.
    for (const stack of this.routeStacks) {
      deployment.node.addDependency(stack);
      // RestApi refuses to synthesize without methods; these are its methods, added by id.
      this.api.methods.push(...stack.methods);
    }
    deployment.addToLogicalId({
      routeMethods: Lazy.any({
        produce: () => this.routeStacks.map((stack) => stack.deploymentFingerprint()),
      }),
    });

    acknowledge(
      this.api,
      'APIG2',
      'Each route validates its body and query with the zod schema that also generates the OpenAPI document; API Gateway models would be a second copy to drift.',
    );
    acknowledge(
      this.api,
      'APIG3',
      "No WAF yet: AWS's common rule set blocks bodies over 8 KB, i.e. every workbook upload, so a web ACL needs rules written for this API; stage throttling and the authorizer bound abuse meanwhile.",
    );
    acknowledge(
      this.api,
      'IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
      'The account-level role API Gateway uses to write access and execution logs; AWS maintains exactly this policy for it.',
    );
  }

  /**
   * The REQUEST authorizer, as an L1 resource: RequestAuthorizer attaches itself to an API only
   * through a method of that API, and the methods are in the route stacks, which know it by id.
   */
  private addAuthorizer(deployment: Deployment): CfnAuthorizer {
    const stack = Stack.of(this);
    const fn = this.authorizerFunction.function;
    // The function's ARN from its name, not a reference: the function depends on the usage plans
    // (their ids are in its environment and policy), the plans on the stage, the stage on the
    // deployment and the deployment on the authorizer; a reference would close that loop.
    const functionArn = stack.formatArn({
      service: 'lambda',
      resource: 'function',
      resourceName: authorizerFunctionName(this),
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    const props: CfnAuthorizerProps = {
      restApiId: this.api.restApiId,
      name: 'pynomaly',
      type: 'REQUEST',
      authorizerUri: `arn:${stack.partition}:apigateway:${stack.region}:lambda:path/2015-03-31/functions/${functionArn}/invocations`,
      // No identity source: API Gateway answers 401 without calling the authorizer when any
      // listed source is missing, and callers send either Authorization or X-API-Key. Allowed
      // without a cache.
      // No cache: a revoked token or key stops working on its next request, per-request rate
      // counting stays exact, and AWS answers exactly as the local gateway (which calls the
      // authorizer every time). A cached policy would also have to cover every route.
      authorizerResultTtlInSeconds: 0,
    };
    const authorizer = new CfnAuthorizer(this, 'RequestAuthorizer', props);
    fn.addPermission('InvokeByAuthorizer', {
      principal: new ServicePrincipal('apigateway.amazonaws.com'),
      sourceArn: stack.formatArn({
        service: 'execute-api',
        resource: this.api.restApiId,
        resourceName: `authorizers/${authorizer.ref}`,
      }),
    });
    // Redeploy the stage when the authorizer changes.
    deployment.node.addDependency(authorizer);
    deployment.addToLogicalId({ authorizer: props });
    return authorizer;
  }
}

/** The authorizer function's physical name: one per stack. */
function authorizerFunctionName(scope: Construct): string {
  return `${Stack.of(scope).stackName}-authorizer`;
}

/** Sets CONVERT_TO_TEXT on every OPTIONS (CORS preflight) MOCK integration, route stacks included. */
class PreflightAsText implements IAspect {
  visit(node: IConstruct): void {
    if (!(node instanceof CfnMethod) || node.httpMethod !== 'OPTIONS') return;
    node.addPropertyOverride('Integration.ContentHandling', 'CONVERT_TO_TEXT');
    node.addPropertyOverride('Integration.IntegrationResponses.0.ContentHandling', 'CONVERT_TO_TEXT');
  }
}

/** One JSON line per request: who, what, how long, and which gateway error if any. */
function accessLogFormat(): AccessLogFormat {
  return AccessLogFormat.custom(
    JSON.stringify({
      requestId: AccessLogField.contextRequestId(),
      traceId: AccessLogField.contextXrayTraceId(),
      ip: AccessLogField.contextIdentitySourceIp(),
      time: AccessLogField.contextRequestTime(),
      method: AccessLogField.contextHttpMethod(),
      resource: AccessLogField.contextResourcePath(),
      path: AccessLogField.contextPath(),
      status: AccessLogField.contextStatus(),
      protocol: AccessLogField.contextProtocol(),
      responseLength: AccessLogField.contextResponseLength(),
      responseLatency: AccessLogField.contextResponseLatency(),
      integrationLatency: AccessLogField.contextIntegrationLatency(),
      principal: AccessLogField.contextAuthorizerPrincipalId(),
      errorType: AccessLogField.contextErrorResponseType(),
    }),
  );
}
