import { SFNClient } from '@aws-sdk/client-sfn';
import { env } from '../config';
import { base, once } from './once';

export const sfnClient = /* @__PURE__ */ once(
  () => new SFNClient({ ...base(), endpoint: env().AWS_ENDPOINT_URL_SFN }),
);
