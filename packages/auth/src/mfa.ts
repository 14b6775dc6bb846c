import {
  AssociateSoftwareTokenCommand,
  type CognitoIdentityProviderClient,
  GetUserCommand,
  SetUserMFAPreferenceCommand,
  VerifySoftwareTokenCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { AuthenticationError, cognitoClient } from '@pynomaly/core';
import { cognitoCall } from './cognito-errors';

const ISSUER = 'Pynomaly';

/** The otpauth:// URI an authenticator app reads (Key Uri Format): label `<app>:<user>`. */
export function otpauthUri(username: string, secret: string, appName = ISSUER, issuer = ISSUER): string {
  const label = encodeURIComponent(`${appName}:${username}`);
  return `otpauth://totp/${label}?secret=${secret}&issuer=${encodeURIComponent(issuer)}&algorithm=SHA1&digits=6&period=30`;
}

export interface MfaStatus {
  enabled: boolean;
  methods: Array<'totp' | 'sms'>;
  preferred: 'totp' | 'sms' | null;
}

const methodOf = (setting: string) => (setting === 'SMS_MFA' ? 'sms' : 'totp');

/** A signed-in user's own MFA: TOTP enrolment, verification, status and switching it off. */
export class Mfa {
  constructor(private readonly client: CognitoIdentityProviderClient = cognitoClient()) {}

  /** Starts enrolment: the secret, and the URI an app turns into an entry named `<app_name>:<user>`. */
  async setupTotp(
    accessToken: string,
    username: string,
    names: { appName?: string; issuer?: string } = {},
  ): Promise<{ secret: string; otpauth_uri: string; app_name: string; issuer: string }> {
    const out = await cognitoCall(() =>
      this.client.send(new AssociateSoftwareTokenCommand({ AccessToken: accessToken })),
    );
    const secret = out.SecretCode ?? '';
    const appName = names.appName ?? ISSUER;
    const issuer = names.issuer ?? ISSUER;
    return { secret, otpauth_uri: otpauthUri(username, secret, appName, issuer), app_name: appName, issuer };
  }

  /** Checks a code from the app and, when right, makes TOTP the user's MFA. */
  async verifyTotp(accessToken: string, code: string): Promise<MfaStatus> {
    const out = await cognitoCall(() =>
      this.client.send(
        new VerifySoftwareTokenCommand({
          AccessToken: accessToken,
          UserCode: code,
          FriendlyDeviceName: ISSUER,
        }),
      ),
    );
    if (out.Status !== 'SUCCESS') throw new AuthenticationError('Invalid verification code');
    await cognitoCall(() =>
      this.client.send(
        new SetUserMFAPreferenceCommand({
          AccessToken: accessToken,
          SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true },
        }),
      ),
    );
    return this.status(accessToken);
  }

  async disable(accessToken: string): Promise<MfaStatus> {
    await cognitoCall(() =>
      this.client.send(
        new SetUserMFAPreferenceCommand({
          AccessToken: accessToken,
          SoftwareTokenMfaSettings: { Enabled: false, PreferredMfa: false },
          SMSMfaSettings: { Enabled: false, PreferredMfa: false },
        }),
      ),
    );
    return this.status(accessToken);
  }

  async status(accessToken: string): Promise<MfaStatus> {
    const user = await cognitoCall(() => this.client.send(new GetUserCommand({ AccessToken: accessToken })));
    const methods = (user.UserMFASettingList ?? []).map(methodOf);
    return {
      enabled: methods.length > 0,
      methods,
      preferred: user.PreferredMfaSetting ? methodOf(user.PreferredMfaSetting) : null,
    };
  }
}
