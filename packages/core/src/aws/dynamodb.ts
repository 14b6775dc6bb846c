import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { env } from '../config';
import { base, once } from './once';

export const dynamoClient = /* @__PURE__ */ once(
  () => new DynamoDBClient({ ...base(), endpoint: env().AWS_ENDPOINT_URL_DYNAMODB }),
);

export const documentClient = /* @__PURE__ */ once(() =>
  DynamoDBDocumentClient.from(dynamoClient(), {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  }),
);
