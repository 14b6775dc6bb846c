/**
 * The analysts' dashboard on AWS: its build in a private bucket, served by CloudFront through an
 * origin access control, with the REST API behind the same distribution (so the page calls the
 * API same-origin, under a CSP of default-src 'self'). The local twin is
 * packages/local/src/static-site.ts; both follow packages/core/src/http/site.ts.
 */
import { join } from 'node:path';
import { Duration, Stack, Stage } from 'aws-cdk-lib';
import type { RestApiBase } from 'aws-cdk-lib/aws-apigateway';
import {
  AllowedMethods,
  type BehaviorOptions,
  CachePolicy,
  Distribution,
  Function as EdgeFunction,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  OriginRequestPolicy,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { RestApiOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, CacheControl as S3CacheControl, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import {
  IMMUTABLE_CACHE_CONTROL,
  REVALIDATE_CACHE_CONTROL,
  SITE_API_PATH_PATTERNS,
  SITE_ASSETS_PREFIX,
  SITE_CONTENT_SECURITY_POLICY,
} from '../../packages/core/src/http/site';
import { buildDashboard } from '../../packages/dashboard/scripts/build';
import { acknowledge, wildcardResourceFinding } from './nag';

/**
 * The SPA fallback, at the viewer request: a path whose last segment has no extension is a
 * client route and gets /index.html. Not a custom error response: that would turn the API's
 * 404s and 403s into index.html too. The same rule as `siteKey` in packages/core/src/http/site.ts.
 */
export const SPA_REWRITE_CODE = `function handler(event) {
  var request = event.request;
  var last = request.uri.split('/').pop();
  if (last.indexOf('.') === -1) request.uri = '/index.html';
  return request;
}`;

/** Properties of a {@link DashboardSite}. */
export interface DashboardSiteProps {
  /** The REST API the distribution sends `/api/*`, `/docs` and `/graphql` to. */
  readonly api: RestApiBase;
  /**
   * The built dashboard to deploy.
   * @default - built now by `buildDashboard()`, inside the cloud assembly's directory
   */
  readonly siteDirectory?: string;
}

/** The dashboard's bucket, distribution and deployment. */
export class DashboardSite extends Construct {
  readonly bucket: Bucket;
  readonly distribution: Distribution;

  constructor(scope: Construct, id: string, props: DashboardSiteProps) {
    super(scope, id);
    const directory =
      props.siteDirectory ?? buildDashboard(join(Stage.of(this)?.outdir ?? '.', 'dashboard-build'));

    this.bucket = new Bucket(this, 'Bucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: BucketEncryption.S3_MANAGED,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
    });
    acknowledge(
      this.bucket,
      'S1',
      'The bucket holds only the public build of the dashboard, replaced on each deploy; it is read only by CloudFront, and every API call the page makes is logged by API Gateway.',
    );

    const spaRewrite = new EdgeFunction(this, 'SpaRewrite', {
      code: FunctionCode.fromInline(SPA_REWRITE_CODE),
      runtime: FunctionRuntime.JS_2_0,
      comment: 'Client routes of the dashboard answer /index.html',
    });
    const securityHeaders = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'The dashboard: strict CSP and the usual hardening headers',
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy: SITE_CONTENT_SECURITY_POLICY, override: true },
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(730),
          includeSubdomains: true,
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: {
          referrerPolicy: HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN,
          override: true,
        },
      },
    });
    // The API is never cached here, and sees every viewer header but Host (API Gateway needs its own).
    const toApi: BehaviorOptions = {
      origin: new RestApiOrigin(props.api),
      viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
      allowedMethods: AllowedMethods.ALLOW_ALL,
      cachePolicy: CachePolicy.CACHING_DISABLED,
      originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
    };
    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'Pynomaly dashboard and API',
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: securityHeaders,
        functionAssociations: [{ function: spaRewrite, eventType: FunctionEventType.VIEWER_REQUEST }],
      },
      additionalBehaviors: Object.fromEntries(SITE_API_PATH_PATTERNS.map((pattern) => [pattern, toApi])),
    });
    acknowledge(
      this.distribution,
      'CFR1',
      'Analysts sign in from wherever they work; access is controlled by sign-in, not by country.',
    );
    acknowledge(
      this.distribution,
      'CFR2',
      'The API behind it has its own throttling and usage plans; a WAF web ACL is an operator choice per account.',
    );
    acknowledge(
      this.distribution,
      'CFR3',
      'Standard logs need an ACL-enabled bucket; API requests are logged by API Gateway and the site is static files.',
    );
    acknowledge(
      this.distribution,
      'CFR4',
      'The default CloudFront certificate allows TLSv1; a custom domain with a TLSv1.2 policy is an operator setting.',
    );

    // Hashed assets first and kept (an open page may still load the previous build's), then the
    // rest, revalidated on every load so a deploy shows at once.
    const assets = new BucketDeployment(this, 'Assets', {
      sources: [Source.asset(join(directory, SITE_ASSETS_PREFIX))],
      destinationBucket: this.bucket,
      destinationKeyPrefix: SITE_ASSETS_PREFIX,
      cacheControl: [S3CacheControl.fromString(IMMUTABLE_CACHE_CONTROL)],
      prune: false,
    });
    const pages = new BucketDeployment(this, 'Pages', {
      sources: [Source.asset(directory, { exclude: [`${SITE_ASSETS_PREFIX}**`] })],
      destinationBucket: this.bucket,
      cacheControl: [S3CacheControl.fromString(REVALIDATE_CACHE_CONTROL)],
      prune: false,
    });
    pages.node.addDependency(assets);
    acknowledgeDeploymentFunction(this);
  }
}

/**
 * The acknowledgements of CDK's bucket-deployment function, a stack-level singleton that runs only
 * during deployments: its role and runtime are CDK's, its grants the ones BucketDeployment makes.
 */
function acknowledgeDeploymentFunction(site: DashboardSite): void {
  const stack = Stack.of(site);
  const handler = stack.node.children.find((child) =>
    child.node.id.startsWith('Custom::CDKBucketDeployment'),
  );
  if (!handler) return;
  const why = "CDK's bucket-deployment function copies the dashboard's build at deploy time";
  acknowledge(
    handler,
    'IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    `${why}; its role is CDK's.`,
  );
  acknowledge(handler, 'L1', `${why}; CDK pins its runtime to the AWS CLI layer it ships.`);
  for (const action of ['s3:GetBucket*', 's3:GetObject*', 's3:List*', 's3:Abort*', 's3:DeleteObject*'])
    acknowledge(handler, `IAM5[Action::${action}]`, `${why}: read the staged build, write the site bucket.`);
  acknowledge(
    handler,
    'IAM5[Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*]',
    `${why}: it reads the build from the CDK bootstrap's asset bucket.`,
  );
  acknowledge(
    handler,
    wildcardResourceFinding(handler, site.bucket, site.bucket.bucketArn, '/*'),
    `${why}: it writes every key of the site bucket, which holds nothing else.`,
  );
}
