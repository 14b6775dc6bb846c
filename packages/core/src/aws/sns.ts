import { SNSClient } from '@aws-sdk/client-sns';
import { env } from '../config';
import { base, once } from './once';

export const snsClient = /* @__PURE__ */ once(
  () => new SNSClient({ ...base(), endpoint: env().AWS_ENDPOINT_URL_SNS }),
);
