import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SPA_REWRITE_CODE } from '../../infra/constructs/dashboard-site';
import { siteKey } from '../../packages/core/src/http/site';
import { resourceNamed, resourcesOf, type Synthesized, synthesize } from './synth';

let synthesized: Synthesized;
let template: Template;

beforeAll(() => {
  synthesized = synthesize();
  template = Template.fromStack(synthesized.dashboard);
});
afterAll(() => synthesized.cleanup());

const distribution = () =>
  resourceNamed(template, 'AWS::CloudFront::Distribution', /^DashboardDistribution/).Properties
    .DistributionConfig as Record<string, unknown> & {
    DefaultCacheBehavior: Record<string, unknown>;
    CacheBehaviors: Array<Record<string, unknown>>;
    Origins: Array<Record<string, unknown>>;
  };

describe('the dashboard site', () => {
  it('keeps its build in a private bucket that refuses plain HTTP', () => {
    const [bucketId, bucket] = Object.entries(resourcesOf(template, 'AWS::S3::Bucket')).find(([id]) =>
      id.startsWith('DashboardBucket'),
    ) ?? ['', undefined];
    expect(bucket?.Properties.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: bucketId },
      PolicyDocument: Match.objectLike({
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          // Reads only by this distribution, through its origin access control.
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'cloudfront.amazonaws.com' },
            Action: 's3:GetObject',
            Condition: { StringEquals: { 'AWS:SourceArn': Match.anyValue() } },
          }),
        ]),
      }),
    });
  });

  it('reaches the bucket through an origin access control, not an identity', () => {
    template.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: Match.objectLike({
        OriginAccessControlOriginType: 's3',
        SigningBehavior: 'always',
      }),
    });
    const s3Origin = distribution().Origins.find((o) => 'S3OriginConfig' in o);
    expect(s3Origin?.OriginAccessControlId).toBeDefined();
    expect(JSON.stringify(s3Origin?.S3OriginConfig)).not.toContain('OriginAccessIdentity":"origin-access');
  });

  it('sends /api/*, /docs and /graphql to the REST API, uncached, with every header but Host', () => {
    const behaviours = distribution().CacheBehaviors;
    expect(behaviours.map((b) => b.PathPattern).sort()).toEqual(['/api/*', '/docs', '/graphql']);
    const apiOrigin = distribution().Origins.find((o) => 'CustomOriginConfig' in o);
    // The stage: the fourth segment of the API's URL (https://<id>.execute-api.<region>.amazonaws.com/v1/).
    expect(apiOrigin?.OriginPath).toEqual({
      'Fn::Join': ['', ['/', { 'Fn::Select': [3, expect.anything()] }]],
    });
    for (const behaviour of behaviours) {
      expect(behaviour).toMatchObject({
        TargetOriginId: apiOrigin?.Id,
        ViewerProtocolPolicy: 'https-only',
        AllowedMethods: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE'],
        // CloudFront's managed CachingDisabled and AllViewerExceptHostHeader policies.
        CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad',
        OriginRequestPolicyId: 'b689b0a8-53d0-40ab-baf2-68738e2966ac',
      });
      expect(behaviour.FunctionAssociations).toBeUndefined();
    }
  });

  it('answers client routes with index.html by a viewer-request function, not by error pages', () => {
    const fn = resourceNamed(template, 'AWS::CloudFront::Function', /^DashboardSpaRewrite/);
    expect(fn.Properties.FunctionConfig).toMatchObject({ Runtime: 'cloudfront-js-2.0' });
    expect(distribution().DefaultCacheBehavior.FunctionAssociations).toEqual([
      { EventType: 'viewer-request', FunctionARN: { 'Fn::GetAtt': [expect.any(String), 'FunctionARN'] } },
    ]);
    expect(distribution().CustomErrorResponses).toBeUndefined();
    // The function's code follows the same rule as the local gateway's static site.
    const handler = new Function(`${SPA_REWRITE_CODE}; return handler;`)() as (event: {
      request: { uri: string };
    }) => { uri: string };
    for (const uri of ['/', '/dashboard', '/reports/01JABC', '/assets/app-X1.js', '/manifest.webmanifest'])
      expect(handler({ request: { uri } }).uri, uri).toBe(`/${siteKey(uri)}`);
  });

  it('adds a strict CSP and the hardening headers to the site', () => {
    template.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: Match.objectLike({
        SecurityHeadersConfig: Match.objectLike({
          ContentSecurityPolicy: {
            ContentSecurityPolicy: Match.stringLikeRegexp("^default-src 'self'"),
            Override: true,
          },
          StrictTransportSecurity: Match.objectLike({ IncludeSubdomains: true }),
          ContentTypeOptions: { Override: true },
          FrameOptions: { FrameOption: 'DENY', Override: true },
        }),
      }),
    });
    expect(distribution().DefaultCacheBehavior).toMatchObject({
      ViewerProtocolPolicy: 'redirect-to-https',
      ResponseHeadersPolicyId: { Ref: expect.stringMatching(/^DashboardSecurityHeaders/) },
    });
  });

  it('deploys the build: hashed assets cached for a year, the rest revalidated', () => {
    const deployments = Object.values(resourcesOf(template, 'Custom::CDKBucketDeployment'));
    expect(
      deployments.map((d) => [d.Properties.DestinationBucketKeyPrefix ?? '', d.Properties.SystemMetadata]),
    ).toEqual(
      expect.arrayContaining([
        ['assets/', { 'cache-control': 'public, max-age=31536000, immutable' }],
        ['', { 'cache-control': 'no-cache' }],
      ]),
    );
    expect(deployments.every((d) => d.Properties.Prune === false)).toBe(true);
  });

  it('outputs the dashboard URL', () => {
    template.hasOutput('DashboardUrl', {
      Value: { 'Fn::Join': ['', ['https://', Match.anyValue(), '/dashboard']] },
    });
  });
});
