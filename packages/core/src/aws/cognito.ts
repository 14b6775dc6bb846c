import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { env } from '../config';
import { base, once } from './once';

export const cognitoClient = /* @__PURE__ */ once(
  () =>
    new CognitoIdentityProviderClient({
      ...base(),
      endpoint: env().AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER,
    }),
);
