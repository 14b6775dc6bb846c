import { APIGatewayClient } from '@aws-sdk/client-api-gateway';
import { env } from '../config';
import { base, once } from './once';

/** API Gateway's management API: the per-caller usage-plan keys (packages/auth/src/usage-keys.ts). */
export const apiGatewayClient = /* @__PURE__ */ once(
  () => new APIGatewayClient({ ...base(), endpoint: env().AWS_ENDPOINT_URL_API_GATEWAY }),
);
