/**
 * The analysts' dashboard: its site and the CloudFront distribution that serves it with the API
 * behind the same origin. A stack of its own, so CDK's deploy-time copy function stays out of
 * the stateless stack, whose every function is one of ours.
 */
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { RestApiBase } from 'aws-cdk-lib/aws-apigateway';
import type { Construct } from 'constructs';
import { DashboardSite } from '../constructs/dashboard-site';

/** Properties of the {@link DashboardStack}. */
export interface DashboardStackProps extends StackProps {
  /** The REST API the distribution serves under `/api/*`, `/docs` and `/graphql`. */
  readonly api: RestApiBase;
}

/** Bucket, distribution and deployment of the dashboard. */
export class DashboardStack extends Stack {
  readonly site: DashboardSite;

  constructor(scope: Construct, id: string, props: DashboardStackProps) {
    super(scope, id, props);
    this.site = new DashboardSite(this, 'Dashboard', { api: props.api });
    new CfnOutput(this, 'DashboardUrl', {
      value: `https://${this.site.distribution.distributionDomainName}/dashboard`,
    });
  }
}
