import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminGetUserCommand,
  AdminListGroupsForUserCommand,
  AdminRemoveUserFromGroupCommand,
  AdminSetUserMFAPreferenceCommand,
  AdminSetUserPasswordCommand,
  type CognitoIdentityProviderClient,
  ListUsersCommand,
  type UserType,
} from '@aws-sdk/client-cognito-identity-provider';
import {
  cognitoClient,
  ForbiddenError,
  type Principal,
  type Role,
  required,
  roleFromGroups,
  roles,
} from '@pynomaly/core';
import { ApiKeyRepository } from './api-keys';
import { adminCognitoCall as cognitoCall } from './cognito-errors';
import { SignInSessions } from './sessions';
import { apiKeyCaller, UsageKeys } from './usage-keys';

export interface UserDocument {
  username: string;
  user_id: string;
  email: string | null;
  role: Role;
  enabled: boolean;
  status: string;
  mfa_enabled: boolean;
  mfa_methods: string[];
  created_at: string | null;
}

export interface NewUser {
  username: string;
  password: string;
  email?: string;
  role?: Role;
}

export interface UserChanges {
  role?: Role;
  enabled?: boolean;
  /** Only `false`: an administrator may switch a user's MFA off (e.g. a lost phone), never on. */
  mfa_enabled?: false;
}

/** What cutting a user's credentials off touches. */
export interface UserCredentials {
  sessions: SignInSessions;
  apiKeys: ApiKeyRepository;
  usageKeys: Pick<UsageKeys, 'remove'>;
}

/**
 * Users of the pool, as administrators manage them; roles are Cognito groups. Deleting,
 * disabling or changing the role of a user cuts off every credential they hold — sessions,
 * tokens and the API keys they made — from the next request. The usage-plan keys of the
 * revoked API keys go with them, and the user's own when the user is deleted or disabled; after
 * a role change the authorizer moves it to the new tier's plan at the user's next request.
 */
export class Users {
  constructor(
    private readonly client: CognitoIdentityProviderClient = cognitoClient(),
    private readonly credentials: UserCredentials = {
      sessions: new SignInSessions(),
      apiKeys: new ApiKeyRepository(),
      usageKeys: new UsageKeys(),
    },
  ) {}

  private async cutOff(userId: string, reason: 'role_changed' | 'disabled' | 'deleted', gone: boolean) {
    await this.credentials.sessions.cutOff(userId, reason);
    for (const keyId of await this.credentials.apiKeys.revokeAll(userId))
      await this.credentials.usageKeys.remove(apiKeyCaller(keyId));
    if (gone) await this.credentials.usageKeys.remove(userId);
  }

  private get poolId() {
    return required('USER_POOL_ID');
  }

  /**
   * Creates a user with a permanent password in one role (viewer unless an administrator says
   * otherwise). An e-mail is marked verified only when an administrator vouches for it:
   * self-registration proves nothing about the address.
   */
  async create(
    user: NewUser,
    options: { emailVerified: boolean } = { emailVerified: false },
  ): Promise<UserDocument> {
    const UserPoolId = this.poolId;
    await cognitoCall(() =>
      this.client.send(
        new AdminCreateUserCommand({
          UserPoolId,
          Username: user.username,
          MessageAction: 'SUPPRESS',
          UserAttributes: user.email
            ? [
                { Name: 'email', Value: user.email },
                { Name: 'email_verified', Value: String(options.emailVerified) },
              ]
            : [],
        }),
      ),
    );
    try {
      await cognitoCall(() =>
        this.client.send(
          new AdminSetUserPasswordCommand({
            UserPoolId,
            Username: user.username,
            Password: user.password,
            Permanent: true,
          }),
        ),
      );
      await cognitoCall(() =>
        this.client.send(
          new AdminAddUserToGroupCommand({
            UserPoolId,
            Username: user.username,
            GroupName: user.role ?? 'viewer',
          }),
        ),
      );
    } catch (error) {
      // A user whose password was refused must not linger half-made.
      await this.client
        .send(new AdminDeleteUserCommand({ UserPoolId, Username: user.username }))
        .catch(() => undefined);
      throw error;
    }
    return this.get(user.username);
  }

  async get(username: string): Promise<UserDocument> {
    const UserPoolId = this.poolId;
    const [user, groups] = await Promise.all([
      cognitoCall(() => this.client.send(new AdminGetUserCommand({ UserPoolId, Username: username }))),
      cognitoCall(() =>
        this.client.send(new AdminListGroupsForUserCommand({ UserPoolId, Username: username })),
      ),
    ]);
    return document(
      {
        Username: user.Username,
        Attributes: user.UserAttributes,
        Enabled: user.Enabled,
        UserStatus: user.UserStatus,
        UserCreateDate: user.UserCreateDate,
      },
      (groups.Groups ?? []).map((g) => g.GroupName ?? ''),
      user.UserMFASettingList ?? [],
    );
  }

  async list(): Promise<UserDocument[]> {
    const usernames: string[] = [];
    let token: string | undefined;
    do {
      const out = await cognitoCall(() =>
        this.client.send(
          new ListUsersCommand({ UserPoolId: this.poolId, Limit: 60, PaginationToken: token }),
        ),
      );
      usernames.push(...(out.Users ?? []).flatMap((u) => (u.Username ? [u.Username] : [])));
      token = out.PaginationToken;
    } while (token);
    return Promise.all(usernames.sort().map((u) => this.get(u)));
  }

  /** Applies an administrator's changes. Nobody changes their own role or locks themselves out. */
  async update(
    actor: Principal,
    username: string,
    changes: UserChanges,
  ): Promise<{ user: UserDocument; roleChanged: boolean }> {
    const UserPoolId = this.poolId;
    const current = await this.get(username);
    const self = current.user_id === actor.userId;
    if (self && changes.role && changes.role !== current.role)
      throw new ForbiddenError("You can't change your own role");
    if (self && changes.enabled === false) throw new ForbiddenError("You can't disable your own account");
    const roleChanged = Boolean(changes.role && changes.role !== current.role);
    if (changes.role && roleChanged) {
      for (const role of roles) {
        if (role === changes.role) continue;
        await this.client
          .send(new AdminRemoveUserFromGroupCommand({ UserPoolId, Username: username, GroupName: role }))
          .catch(() => undefined);
      }
      await cognitoCall(() =>
        this.client.send(
          new AdminAddUserToGroupCommand({ UserPoolId, Username: username, GroupName: changes.role }),
        ),
      );
    }
    if (changes.enabled === true)
      await cognitoCall(() =>
        this.client.send(new AdminEnableUserCommand({ UserPoolId, Username: username })),
      );
    if (changes.enabled === false)
      await cognitoCall(() =>
        this.client.send(new AdminDisableUserCommand({ UserPoolId, Username: username })),
      );
    if (roleChanged || changes.enabled === false)
      await this.cutOff(
        current.user_id,
        roleChanged ? 'role_changed' : 'disabled',
        changes.enabled === false,
      );
    if (changes.mfa_enabled === false) {
      await cognitoCall(() =>
        this.client.send(
          new AdminSetUserMFAPreferenceCommand({
            UserPoolId,
            Username: username,
            SoftwareTokenMfaSettings: { Enabled: false, PreferredMfa: false },
            SMSMfaSettings: { Enabled: false, PreferredMfa: false },
          }),
        ),
      );
    }
    return { user: await this.get(username), roleChanged };
  }

  async remove(actor: Principal, username: string): Promise<void> {
    const current = await this.get(username);
    if (current.user_id === actor.userId) throw new ForbiddenError("You can't delete your own account");
    await cognitoCall(() =>
      this.client.send(new AdminDeleteUserCommand({ UserPoolId: this.poolId, Username: username })),
    );
    await this.cutOff(current.user_id, 'deleted', true);
  }
}

function document(user: UserType, groups: string[], mfa: string[]): UserDocument {
  const attribute = (name: string) => user.Attributes?.find((a) => a.Name === name)?.Value ?? null;
  return {
    username: user.Username ?? '',
    user_id: attribute('sub') ?? '',
    email: attribute('email'),
    role: roleFromGroups(groups),
    enabled: user.Enabled ?? true,
    status: user.UserStatus ?? 'UNKNOWN',
    mfa_enabled: mfa.length > 0,
    mfa_methods: mfa.map((m) => (m === 'SMS_MFA' ? 'sms' : 'totp')),
    created_at: user.UserCreateDate ? new Date(user.UserCreateDate).toISOString() : null,
  };
}
