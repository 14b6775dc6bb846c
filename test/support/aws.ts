import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import {
  AdminGetUserCommand,
  AuthFlowType,
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { ListExecutionsCommand, SFNClient } from '@aws-sdk/client-sfn';
import { inject } from 'vitest';
import { createPoolUser } from './accounts';

const run = promisify(execFile);

function local() {
  const l = inject('local');
  return {
    ...l,
    credentials: { accessKeyId: l.aws_access_key_id, secretAccessKey: l.aws_secret_access_key },
  };
}

/** The AWS CLI against the local S3, as the README tells users to run it. */
export async function awsCli(args: string[]): Promise<string> {
  const l = local();
  const { stdout } = await run('aws', ['--endpoint-url', l.s3_endpoint, ...args], {
    env: {
      ...process.env,
      AWS_ACCESS_KEY_ID: l.credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: l.credentials.secretAccessKey,
      AWS_DEFAULT_REGION: l.region,
    },
    timeout: 60_000,
  });
  return stdout;
}

/** A second Cognito user in cognito-local (each user is their own tenant), in a role's group. */
export async function createUser(username: string, password: string, role = 'analyst'): Promise<void> {
  await createPoolUser(inject('local'), username, password, role);
}

export async function executionNames(): Promise<string[]> {
  const l = local();
  const sfn = new SFNClient({
    region: l.region,
    endpoint: l.stepfunctions_endpoint,
    credentials: l.credentials,
  });
  const out = await sfn.send(new ListExecutionsCommand({ stateMachineArn: l.state_machine_arn }));
  sfn.destroy();
  return (out.executions ?? []).map((e) => e.name ?? '');
}

function poolClient(): CognitoIdentityProviderClient {
  const l = local();
  return new CognitoIdentityProviderClient({
    region: l.region,
    endpoint: l.cognito_endpoint,
    credentials: l.credentials,
  });
}

/** Signs in at the user pool directly, as any client of the pool could without this API: its access token. */
export async function signInAtPool(username: string, password: string): Promise<string> {
  const cognito = poolClient();
  try {
    const out = await cognito.send(
      new InitiateAuthCommand({
        AuthFlow: AuthFlowType.USER_PASSWORD_AUTH,
        ClientId: local().client_id,
        AuthParameters: { USERNAME: username, PASSWORD: password },
      }),
    );
    return String(out.AuthenticationResult?.AccessToken);
  } finally {
    cognito.destroy();
  }
}

/** A user attribute as the pool stores it. */
export async function poolAttribute(username: string, name: string): Promise<string | undefined> {
  const cognito = poolClient();
  try {
    const out = await cognito.send(
      new AdminGetUserCommand({ UserPoolId: local().user_pool_id, Username: username }),
    );
    return out.UserAttributes?.find((a) => a.Name === name)?.Value;
  } finally {
    cognito.destroy();
  }
}
