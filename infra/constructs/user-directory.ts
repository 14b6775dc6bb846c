/**
 * Who may call the API: a Cognito user pool (administrator-created users, groups for roles,
 * TOTP or SMS MFA) and the public app client the login route and the SDKs use.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import {
  AccountRecovery,
  CfnUserPoolGroup,
  FeaturePlan,
  Mfa,
  StandardThreatProtectionMode,
  UserPool,
  type UserPoolClient,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { acknowledge } from './nag';

/** The roles a user can hold, highest precedence first. */
export const USER_GROUPS = ['admin', 'analyst', 'viewer'] as const;

/** Properties of a {@link UserDirectory}. */
export interface UserDirectoryProps {
  /**
   * How long an access (and ID) token is valid; also the longest a revoked token still verifies offline.
   * @default Duration.hours(1)
   */
  readonly accessTokenValidity?: Duration;
  /**
   * How long a refresh token is valid.
   * @default Duration.days(30)
   */
  readonly refreshTokenValidity?: Duration;
}

/** The user pool with its role groups and app client. */
export class UserDirectory extends Construct {
  /** The user pool. */
  readonly userPool: UserPool;
  /** The public client (no secret) used for USER_PASSWORD_AUTH and SRP sign-in. */
  readonly client: UserPoolClient;

  constructor(scope: Construct, id: string, props: UserDirectoryProps = {}) {
    super(scope, id);

    this.userPool = new UserPool(this, 'UserPool', {
      selfSignUpEnabled: false,
      signInAliases: { username: true, email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      standardAttributes: { email: { required: true, mutable: true } },
      mfa: Mfa.OPTIONAL,
      // SMS needs an SNS role; CDK creates it with an external id.
      mfaSecondFactor: { sms: true, otp: true },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      // Plus: compromised-credential checks and adaptive authentication block risky sign-ins.
      featurePlan: FeaturePlan.PLUS,
      standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(
      this.userPool,
      'COG2',
      'MFA is OPTIONAL so administrator-created users can enrol TOTP or SMS at first sign-in; the API can require it per group.',
    );
    acknowledge(
      this.userPool,
      'IAM5[Resource::*]',
      'The SMS role Cognito assumes must sns:Publish to phone numbers, which have no ARN to scope to; the role trusts cognito-idp with an external id.',
    );

    USER_GROUPS.forEach((groupName, precedence) => {
      new CfnUserPoolGroup(this, `Group-${groupName}`, {
        userPoolId: this.userPool.userPoolId,
        groupName,
        precedence,
        description: `Pynomaly ${groupName}`,
      });
    });

    this.client = this.userPool.addClient('Client', {
      authFlows: { userPassword: true, userSrp: true },
      generateSecret: false,
      enableTokenRevocation: true,
      preventUserExistenceErrors: true,
      disableOAuth: true,
      accessTokenValidity: props.accessTokenValidity ?? Duration.hours(1),
      idTokenValidity: props.accessTokenValidity ?? Duration.hours(1),
      refreshTokenValidity: props.refreshTokenValidity ?? Duration.days(30),
    });
  }
}
