/**
 * One nested stack of routes: the functions of a {@link RouteGroup} and their methods, mounted
 * on the parent's REST API imported by id (the pattern of "Breaking up Methods and Resources
 * across Stacks" in the aws-apigateway README). The parent keeps the API, the authorizer, the
 * usage plans and the one deployment.
 */
import { Duration, NestedStack } from 'aws-cdk-lib';
import {
  AuthorizationType,
  type CfnMethod,
  type CorsOptions,
  type IAuthorizer,
  type IResource,
  type IRestApi,
  LambdaIntegration,
  Method,
  type MethodOptions,
  Resource,
  RestApi,
} from 'aws-cdk-lib/aws-apigateway';
import { CfnPermission } from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import type { FunctionRoute, RouteDefinition, StoredBodyRoute } from '../../functions/routes';
import { ROUTE_ID_VARIABLE } from '../../packages/core/src/emf';
import { PynomalyFunction } from './lambda-function';
import { acknowledge } from './nag';
import { bindRoute, type RouteResources } from './route-bindings';
import { lastSegment, parentPath, type RouteGroup } from './route-groups';
import { StoredBodyMethod } from './stored-body-method';

/** Properties of a {@link RouteStack}. */
export interface RouteStackProps {
  /** The routes of this stack. */
  readonly group: RouteGroup;
  /** The parent's REST API; its id and root resource id reach this stack as parameters. */
  readonly api: RestApi;
  /** The name of the stage that serves the routes; invoke permissions are limited to it. */
  readonly stageName: string;
  /** Id of the parent's Lambda authorizer, put on every `user` route. */
  readonly authorizerId: string;
  /** Which stack creates each path, from `resourceOwners` (`undefined`: the parent). */
  readonly owners: ReadonlyMap<string, string | undefined>;
  /**
   * The API Gateway resources created so far, by path: the parent's and those of earlier route
   * stacks. This stack imports the ones it mounts on and adds the ones it owns.
   */
  readonly resources: Map<string, IResource>;
  /**
   * CORS preflight for every resource this stack creates; an imported parent resource passes no
   * defaults on to its children, so they are given here.
   * @default - no preflights
   */
  readonly corsPreflight?: CorsOptions;
  /** What the route functions are bound to. */
  readonly bindings: RouteResources;
}

/** The functions and methods of one route group, in a nested stack of the API's stack. */
export class RouteStack extends NestedStack {
  /** The route functions by route id. */
  readonly functions: ReadonlyMap<string, PynomalyFunction>;
  private readonly api: IRestApi;
  private readonly props: RouteStackProps;
  /** Resources usable in this stack (created here or imported), by path. */
  private readonly local = new Map<string, IResource>();

  constructor(scope: Construct, id: string, props: RouteStackProps) {
    super(scope, id, { description: `Pynomaly API routes: ${props.group.id}` });
    this.props = props;
    this.api = RestApi.fromRestApiAttributes(this, 'RestApi', {
      restApiId: props.api.restApiId,
      rootResourceId: props.api.restApiRootResourceId,
    });

    const authorizer: IAuthorizer = {
      authorizerId: props.authorizerId,
      authorizationType: AuthorizationType.CUSTOM,
    };
    const functions = new Map<string, PynomalyFunction>();
    for (const route of props.group.routes) {
      if (route.integration) {
        this.mountStoredBodyRoute(route, authorizer);
        continue;
      }
      const fn = new PynomalyFunction(this, route.id, {
        handler: route.handler,
        description: `${route.method} ${route.paths[0]}`,
        memorySize: route.memoryMb ?? 512,
        timeout: Duration.seconds(route.timeoutSeconds ?? 29),
        // The `route` dimension of its EMF metrics.
        environment: { [ROUTE_ID_VARIABLE]: route.id },
      });
      bindRoute(fn, route, props.bindings);
      this.mountRoute(route, fn, authorizer);
      functions.set(route.id, fn);
    }
    this.functions = functions;

    acknowledge(
      this,
      'COG4',
      'A Lambda authorizer verifies Cognito JWTs (aws-jwt-verify) and API keys alike, and the local stack runs the same one; a Cognito authorizer accepts no API keys.',
    );
  }

  /** Every method of this stack, CORS preflights included. */
  get methods(): Method[] {
    return this.node.findAll().filter((construct): construct is Method => construct instanceof Method);
  }

  /**
   * The methods as CloudFormation receives them, for the parent's deployment to take into its
   * logical id: a stage only serves what a new deployment snapshots, and CDK sees no change of
   * a method on an imported API. Call during synthesis (from a Lazy), when references are final.
   */
  deploymentFingerprint(): unknown[] {
    return this.methods.map((method) => {
      const cfn = method.node.defaultChild as CfnMethod;
      return this.resolve({
        resourceId: cfn.resourceId,
        httpMethod: cfn.httpMethod,
        authorizationType: cfn.authorizationType,
        authorizerId: cfn.authorizerId,
        apiKeyRequired: cfn.apiKeyRequired,
        integration: cfn.integration,
        methodResponses: cfn.methodResponses,
        requestParameters: cfn.requestParameters,
      });
    });
  }

  /** The route's method on each of its paths, answered by API Gateway storing the body. */
  private mountStoredBodyRoute(route: StoredBodyRoute, authorizer: IAuthorizer): void {
    const method = new StoredBodyMethod(this, route.id, {
      route,
      bucket: this.props.bindings.bucket,
      corsOrigins: this.props.corsPreflight?.allowOrigins ?? [],
    });
    for (const path of route.paths) {
      this.resourceAt(path).addMethod(route.method, method.integration, {
        ...this.methodOptions(route, authorizer),
        methodResponses: method.methodResponses,
        requestParameters: method.requestParameters,
      });
    }
  }

  private methodOptions(route: RouteDefinition, authorizer: IAuthorizer): MethodOptions {
    return route.auth === 'public'
      ? { authorizationType: AuthorizationType.NONE }
      : // The key requirement makes API Gateway meter the call on the authorizer's plan.
        { authorizationType: AuthorizationType.CUSTOM, authorizer, apiKeyRequired: true };
  }

  /** The route's method on each of its paths, all calling `fn`. */
  private mountRoute(route: FunctionRoute, fn: PynomalyFunction, authorizer: IAuthorizer): void {
    const integration = new LambdaIntegration(fn.function, { allowTestInvoke: false });
    const options = this.methodOptions(route, authorizer);
    for (const path of route.paths) {
      const method = this.resourceAt(path).addMethod(route.method, integration, options);
      this.limitInvokePermission(method, path);
      if (route.auth === 'public') {
        acknowledge(method, 'APIG4', `${route.id} is public by the route table: callers have no token yet.`);
      }
    }
  }

  /**
   * The imported API has no deployment stage, so CDK would let every stage, the console's
   * test-invoke stage included, invoke the function; name the one stage, as a method of the
   * parent's API would. A literal: a reference to the parent's stage would make this stack
   * depend on the stage, which depends on this stack's methods.
   */
  private limitInvokePermission(method: Method, path: string): void {
    const permissions = method.node.children.filter(
      (child): child is CfnPermission => child instanceof CfnPermission,
    );
    if (permissions.length !== 1)
      throw new Error(
        `Expected one invoke permission for ${method.httpMethod} ${path}, found ${permissions.length}`,
      );
    for (const permission of permissions) {
      permission.sourceArn = this.api.arnForExecuteApi(
        method.httpMethod,
        path.replace(/\{[^}]*\}/g, '*'),
        this.props.stageName,
      );
    }
  }

  /** The resource at `path`: the API's root, created here if this stack owns it, else imported. */
  private resourceAt(path: string): IResource {
    if (path === '/') return this.api.root;
    const known = this.local.get(path);
    if (known) return known;
    const { owners, resources, group, corsPreflight } = this.props;

    let resource: IResource;
    if (owners.get(path) === group.id) {
      resource = this.resourceAt(parentPath(path)).addResource(lastSegment(path), {
        defaultCorsPreflightOptions: corsPreflight,
      });
      resources.set(path, resource);
    } else {
      const existing = resources.get(path);
      if (!existing) throw new Error(`${path} is mounted by ${group.id} before its owner created it`);
      // The id reads like the path, so the logical ids of the children below it do too.
      resource = Resource.fromResourceAttributes(this, path.slice(1).replaceAll('/', '.'), {
        resourceId: existing.resourceId,
        restApi: this.api,
        path,
      });
    }
    this.local.set(path, resource);
    return resource;
  }
}
