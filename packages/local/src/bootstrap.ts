import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminSetUserPasswordCommand,
  type CognitoIdentityProviderClient,
  CreateGroupCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  ListGroupsCommand,
  ListUserPoolClientsCommand,
  ListUserPoolsCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import {
  CreateTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { roles } from '@pynomaly/core';
import { tableSchema } from '@pynomaly/store';
import type { LocalSettings } from './settings';

const POOL_NAME = 'pynomaly-local';
const CLIENT_NAME = 'pynomaly-local-client';

/** Creates the table (with the same key schema as the CDK stack) unless it exists. */
export async function ensureTable(client: DynamoDBClient, settings: LocalSettings): Promise<void> {
  try {
    await client.send(new DescribeTableCommand({ TableName: settings.tableName }));
    return;
  } catch (error) {
    if ((error as { name?: string }).name !== 'ResourceNotFoundException') throw error;
  }
  const attributes = new Set<string>([tableSchema.partitionKey, tableSchema.sortKey]);
  for (const gsi of tableSchema.globalSecondaryIndexes) attributes.add(gsi.partitionKey).add(gsi.sortKey);
  await client.send(
    new CreateTableCommand({
      TableName: settings.tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [...attributes].map((name) => ({ AttributeName: name, AttributeType: 'S' })),
      KeySchema: [
        { AttributeName: tableSchema.partitionKey, KeyType: 'HASH' },
        { AttributeName: tableSchema.sortKey, KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: tableSchema.globalSecondaryIndexes.map((gsi) => ({
        IndexName: gsi.indexName,
        KeySchema: [
          { AttributeName: gsi.partitionKey, KeyType: 'HASH' },
          { AttributeName: gsi.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      })),
    }),
  );
  await client.send(
    new UpdateTimeToLiveCommand({
      TableName: settings.tableName,
      TimeToLiveSpecification: { AttributeName: tableSchema.timeToLiveAttribute, Enabled: true },
    }),
  );
}

export interface LocalUserPool {
  userPoolId: string;
  clientId: string;
  adminSub: string;
}

/** The user pool, its app client, the role groups and the `admin` user, created once and found again after a restart. */
export async function ensureUserPool(
  client: CognitoIdentityProviderClient,
  settings: LocalSettings,
): Promise<LocalUserPool> {
  const pools = await client.send(new ListUserPoolsCommand({ MaxResults: 60 }));
  let userPoolId = pools.UserPools?.find((p) => p.Name === POOL_NAME)?.Id;
  if (!userPoolId) {
    const created = await client.send(
      new CreateUserPoolCommand({
        PoolName: POOL_NAME,
        MfaConfiguration: 'OPTIONAL',
        Policies: { PasswordPolicy: { MinimumLength: 8 } },
      }),
    );
    userPoolId = created.UserPool?.Id;
  }
  if (!userPoolId) throw new Error('cognito-local did not create the user pool');

  const clients = await client.send(
    new ListUserPoolClientsCommand({ UserPoolId: userPoolId, MaxResults: 60 }),
  );
  let clientId = clients.UserPoolClients?.find((c) => c.ClientName === CLIENT_NAME)?.ClientId;
  if (!clientId) {
    const created = await client.send(
      new CreateUserPoolClientCommand({
        UserPoolId: userPoolId,
        ClientName: CLIENT_NAME,
        ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      }),
    );
    clientId = created.UserPoolClient?.ClientId;
  }
  if (!clientId) throw new Error('cognito-local did not create the app client');

  const groups = await client.send(new ListGroupsCommand({ UserPoolId: userPoolId }));
  for (const role of roles) {
    if (!groups.Groups?.some((g) => g.GroupName === role)) {
      await client.send(new CreateGroupCommand({ UserPoolId: userPoolId, GroupName: role }));
    }
  }

  const adminSub = await ensureAdmin(client, userPoolId, settings.adminPassword);
  return { userPoolId, clientId, adminSub };
}

async function ensureAdmin(
  client: CognitoIdentityProviderClient,
  userPoolId: string,
  password: string,
): Promise<string> {
  const username = 'admin';
  try {
    await client.send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username: username }));
  } catch (error) {
    if ((error as { name?: string }).name !== 'UserNotFoundException') throw error;
    await client.send(
      new AdminCreateUserCommand({
        UserPoolId: userPoolId,
        Username: username,
        MessageAction: 'SUPPRESS',
        UserAttributes: [{ Name: 'email', Value: 'admin@pynomaly.local' }],
      }),
    );
    await client.send(
      new AdminAddUserToGroupCommand({ UserPoolId: userPoolId, Username: username, GroupName: 'admin' }),
    );
  }
  await client.send(
    new AdminSetUserPasswordCommand({
      UserPoolId: userPoolId,
      Username: username,
      Password: password,
      Permanent: true,
    }),
  );
  const user = await client.send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username: username }));
  const sub = user.UserAttributes?.find((a) => a.Name === 'sub')?.Value;
  if (!sub) throw new Error('cognito-local returned the admin user without a sub');
  return sub;
}
