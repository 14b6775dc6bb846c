export * from './api-keys';
export * from './audit';
export * from './authenticate';
export * from './cognito-errors';

export * from './login';
export * from './mfa';
export * from './principal';
export * from './sessions';
export * from './sign-in';
export * from './sms-mfa';
export * from './tokens';
export * from './usage-keys';
export * from './usage-plan-api';
export * from './users';
