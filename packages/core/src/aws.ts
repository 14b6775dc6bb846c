import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { S3Client } from '@aws-sdk/client-s3';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SNSClient } from '@aws-sdk/client-sns';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { env } from './config';

/**
 * The AWS clients, built once per process from configuration. This is the only module that
 * constructs SDK clients; adapters take one of these (or a test's) in their constructor.
 */
function once<T>(build: () => T): () => T {
  let value: T | undefined;
  return () => {
    value ??= build();
    return value;
  };
}

const base = () => ({ region: env().AWS_REGION });

export const dynamoClient = once(
  () => new DynamoDBClient({ ...base(), endpoint: env().AWS_ENDPOINT_URL_DYNAMODB }),
);

export const documentClient = once(() =>
  DynamoDBDocumentClient.from(dynamoClient(), {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  }),
);

export const s3Client = once(
  () =>
    new S3Client({
      ...base(),
      endpoint: env().AWS_ENDPOINT_URL_S3,
      forcePathStyle: env().S3_FORCE_PATH_STYLE,
    }),
);

export const sfnClient = once(() => new SFNClient({ ...base(), endpoint: env().AWS_ENDPOINT_URL_SFN }));

export const eventBridgeClient = once(
  () => new EventBridgeClient({ ...base(), endpoint: env().AWS_ENDPOINT_URL_EVENTBRIDGE }),
);

export const cognitoClient = once(
  () =>
    new CognitoIdentityProviderClient({
      ...base(),
      endpoint: env().AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER,
    }),
);

export const snsClient = once(() => new SNSClient({ ...base(), endpoint: env().AWS_ENDPOINT_URL_SNS }));
