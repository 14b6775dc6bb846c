/**
 * A stored-body route (functions/route-types.ts) on API Gateway: an AWS service integration that
 * puts the request body into the data bucket with S3's PutObject, under a role that may do only
 * that, and answers 201 with the route's answer (functions/stored-body.ts). No function runs, so
 * the body may be as large as API Gateway takes (10 MB) and arrives as sent (binary media types
 * `*\/*`: passed through untouched).
 */
import { AwsIntegration, type IntegrationResponse, type MethodResponse } from 'aws-cdk-lib/aws-apigateway';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { StoredBodyRoute } from '../../functions/route-types';
import { factSource, storedBodyAnswerTemplate } from '../../functions/stored-body';
import { acknowledge, wildcardResourceFinding } from './nag';
import { gatewayCorsParameters } from './problem-responses';

/** A problem document API Gateway gives for an S3 fault, with the request's id. */
const faultTemplate = (status: number, title: string, detail: string) =>
  JSON.stringify({
    type: 'about:blank',
    title,
    status,
    detail,
    instance: '$context.path',
    request_id: '$context.requestId',
  });

/** The integration and method responses of a stored-body route. */
export class StoredBodyMethod extends Construct {
  readonly integration: AwsIntegration;
  readonly methodResponses: MethodResponse[];
  /** The method request parameters the integration reads (the Origin header, for CORS). */
  readonly requestParameters: Record<string, boolean>;

  constructor(
    scope: Construct,
    id: string,
    props: { route: StoredBodyRoute; bucket: IBucket; corsOrigins: readonly string[] },
  ) {
    super(scope, id);
    const { integration: stored } = props.route;
    const role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('apigateway.amazonaws.com'),
      description: `API Gateway stores ${props.route.id} request bodies under ${stored.prefix}`,
    });
    role.addToPolicy(
      new PolicyStatement({
        actions: ['s3:PutObject'],
        resources: [props.bucket.arnForObjects(`${stored.prefix}*`)],
      }),
    );
    acknowledge(
      role,
      wildcardResourceFinding(role, props.bucket, props.bucket.bucketArn, `/${stored.prefix}*`),
      'Each request is stored under its own key (<prefix><tenant>/<request id>); the grant is PutObject under this one prefix.',
    );

    // Integration responses may map static values and $context, not request headers: an Origin
    // to echo (several origins allowed) is set by the template instead.
    const { 'Access-Control-Allow-Origin': allowOrigin, ...staticCors } = gatewayCorsParameters(
      props.corsOrigins,
    );
    const echoOrigin = allowOrigin === 'method.request.header.Origin';
    const corsResponse = Object.fromEntries(
      Object.entries({
        ...staticCors,
        ...(echoOrigin || !allowOrigin ? {} : { 'Access-Control-Allow-Origin': allowOrigin }),
      }).map(([name, source]) => [`method.response.header.${name}`, source]),
    );
    const withOrigin = (template: string) =>
      echoOrigin
        ? `#set($context.responseOverride.header.Access-Control-Allow-Origin = $input.params().header.get('Origin'))\n${template}`
        : template;
    const headers = {
      'method.response.header.Content-Type': "'application/json'",
      'method.response.header.X-Request-Id': 'context.requestId',
      ...corsResponse,
    };
    const problem = (selectionPattern: string, statusCode: string, title: string, detail: string) =>
      ({
        selectionPattern,
        statusCode,
        responseParameters: {
          ...headers,
          'method.response.header.Content-Type': "'application/problem+json'",
        },
        responseTemplates: {
          'application/json': withOrigin(faultTemplate(Number(statusCode), title, detail)),
        },
      }) satisfies IntegrationResponse;

    this.integration = new AwsIntegration({
      service: 's3',
      integrationHttpMethod: 'PUT',
      path: `${props.bucket.bucketName}/${stored.prefix}{tenant}/{upload}`,
      options: {
        credentialsRole: role,
        requestParameters: {
          'integration.request.path.tenant': factSource('tenantId'),
          'integration.request.path.upload': factSource('requestId'),
          // The boundary of a form is in its Content-Type: kept, so the receiver can read it.
          'integration.request.header.Content-Type': 'method.request.header.Content-Type',
          ...Object.fromEntries(
            Object.entries(stored.metadata).map(([name, fact]) => [
              `integration.request.header.x-amz-meta-${name}`,
              fact === 'requestTime' ? 'context.requestTimeEpoch' : factSource(fact),
            ]),
          ),
        },
        integrationResponses: [
          {
            statusCode: '201',
            responseParameters: headers,
            responseTemplates: { 'application/json': withOrigin(storedBodyAnswerTemplate(stored)) },
          },
          problem('4\\d{2}', '500', 'Internal Server Error', 'The upload could not be stored'),
          problem('5\\d{2}', '503', 'Service Unavailable', 'The upload could not be stored; try again'),
        ],
      },
    });
    const responseHeaders = Object.fromEntries(
      [
        ...Object.keys(headers),
        ...(echoOrigin ? ['method.response.header.Access-Control-Allow-Origin'] : []),
      ].map((name) => [name, true]),
    );
    this.methodResponses = ['201', '500', '503'].map((statusCode) => ({
      statusCode,
      responseParameters: responseHeaders,
    }));
    this.requestParameters = { 'method.request.header.Content-Type': false };
  }
}
