import { DescribeUserPoolCommand } from '@aws-sdk/client-cognito-identity-provider';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { HeadBucketCommand } from '@aws-sdk/client-s3';
import { DescribeStateMachineCommand } from '@aws-sdk/client-sfn';
import { cognitoClient } from './aws/cognito';
import { dynamoClient } from './aws/dynamodb';
import { s3Client } from './aws/s3';
import { sfnClient } from './aws/sfn';
import { env, required } from './config';

export interface DependencyStatus {
  name: string;
  status: 'healthy' | 'unhealthy';
  latency_ms: number;
  error?: string;
}

async function probe(name: string, check: () => Promise<unknown>): Promise<DependencyStatus> {
  const started = performance.now();
  try {
    await check();
    return { name, status: 'healthy', latency_ms: Math.round(performance.now() - started) };
  } catch (error) {
    return {
      name,
      status: 'unhealthy',
      latency_ms: Math.round(performance.now() - started),
      error: (error as { name?: string }).name ?? 'Error',
    };
  }
}

/** Each real dependency, checked with a cheap read; an administrator's view of the system. */
export async function systemStatus() {
  const dependencies = await Promise.all([
    probe('dynamodb', () =>
      dynamoClient().send(new DescribeTableCommand({ TableName: required('TABLE_NAME') })),
    ),
    probe('s3', () => s3Client().send(new HeadBucketCommand({ Bucket: required('BUCKET_NAME') }))),
    probe('cognito', () =>
      cognitoClient().send(new DescribeUserPoolCommand({ UserPoolId: required('USER_POOL_ID') })),
    ),
    probe('stepfunctions', () =>
      sfnClient().send(new DescribeStateMachineCommand({ stateMachineArn: required('STATE_MACHINE_ARN') })),
    ),
  ]);
  return {
    status: dependencies.every((d) => d.status === 'healthy') ? 'healthy' : 'degraded',
    region: env().AWS_REGION,
    timestamp: new Date().toISOString(),
    dependencies,
  };
}
