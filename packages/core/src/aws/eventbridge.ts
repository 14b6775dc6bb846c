import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { env } from '../config';
import { base, once } from './once';

export const eventBridgeClient = /* @__PURE__ */ once(
  () => new EventBridgeClient({ ...base(), endpoint: env().AWS_ENDPOINT_URL_EVENTBRIDGE }),
);
