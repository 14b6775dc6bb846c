/**
 * The route table: the one place that says which handler serves which HTTP route.
 * The CDK API construct builds one Lambda per entry from it, and the local gateway
 * dispatches to the same handler modules, so nothing is declared twice.
 */
import type { Scope } from '@pynomaly/core';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** `public` routes skip the authorizer; `user` routes need a verified caller (a user or an API key). */
export type RouteAuth = 'public' | 'user';

export interface RouteDefinition {
  /** Stable identifier, also the CDK construct id of the route's function. */
  id: string;
  method: HttpMethod;
  /** API Gateway style paths (`{name}` for a path parameter); the first is canonical, the rest aliases. */
  paths: readonly string[];
  /** Handler module under `functions/`, without extension; it exports `handler`. */
  handler: string;
  auth: RouteAuth;
  /** What a caller needs to use a `user` route (checked by the authorizer; see packages/core/src/access.ts). */
  scope?: Scope;
  /** Cognito administration actions the route's function is granted on the user pool. */
  cognitoActions?: readonly string[];
  /**
   * What else the function talks to: `userPool` (Cognito as the public client or with the
   * caller's token: ids, no IAM), `sms` (texts through SNS), `dependencies` (probes every
   * dependency: describe rights on table, bucket, pool and state machine).
   */
  needs?: readonly ('userPool' | 'sms' | 'dependencies')[];
  /** Lambda memory in MB. @default 512 */
  memoryMb?: number;
  /** Lambda timeout in seconds (API Gateway stops waiting at 29 s). @default 29 */
  timeoutSeconds?: number;
  /** The route reads or writes workbooks: its bundle carries exceljs. @default false */
  usesWorkbooks?: boolean;
}

const v1Alias = (path: string) => [`/api/v1${path}`, `/api${path}`];
const userAdmin = [
  'cognito-idp:ListUsers',
  'cognito-idp:AdminGetUser',
  'cognito-idp:AdminCreateUser',
  'cognito-idp:AdminDeleteUser',
  'cognito-idp:AdminSetUserPassword',
  'cognito-idp:AdminEnableUser',
  'cognito-idp:AdminDisableUser',
  'cognito-idp:AdminAddUserToGroup',
  'cognito-idp:AdminRemoveUserFromGroup',
  'cognito-idp:AdminListGroupsForUser',
  'cognito-idp:AdminSetUserMFAPreference',
];

export const routes: readonly RouteDefinition[] = [
  {
    id: 'Health',
    method: 'GET',
    paths: ['/api/health', '/api/v1/health', '/api/anomaly/health'],
    handler: 'http/get-health',
    auth: 'public',
  },

  {
    id: 'Login',
    method: 'POST',
    paths: v1Alias('/auth/login'),
    handler: 'http/post-login',
    auth: 'public',
    needs: ['userPool', 'sms'],
  },
  {
    id: 'VerifyLoginMfa',
    method: 'POST',
    paths: v1Alias('/auth/mfa/verify'),
    handler: 'http/post-login-mfa',
    auth: 'public',
    needs: ['userPool'],
  },
  {
    id: 'Refresh',
    method: 'POST',
    paths: v1Alias('/auth/refresh'),
    handler: 'http/post-refresh',
    auth: 'public',
    needs: ['userPool'],
  },
  {
    id: 'Logout',
    method: 'POST',
    paths: v1Alias('/auth/logout'),
    handler: 'http/post-logout',
    auth: 'user',
    scope: 'account',
    needs: ['userPool'],
  },
  {
    id: 'Register',
    method: 'POST',
    paths: v1Alias('/auth/register'),
    handler: 'http/post-register',
    auth: 'public',
    cognitoActions: [
      'cognito-idp:AdminCreateUser',
      'cognito-idp:AdminSetUserPassword',
      'cognito-idp:AdminAddUserToGroup',
    ],
    needs: ['userPool'],
  },
  {
    id: 'Me',
    method: 'GET',
    paths: v1Alias('/auth/me'),
    handler: 'http/get-me',
    auth: 'user',
    scope: 'account',
    needs: ['userPool'],
  },

  {
    id: 'SetupTotp',
    method: 'POST',
    paths: ['/api/v1/mfa/totp/setup'],
    handler: 'http/post-mfa-totp-setup',
    auth: 'user',
    scope: 'account',
    needs: ['userPool'],
  },
  {
    id: 'VerifyTotp',
    method: 'POST',
    paths: ['/api/v1/mfa/totp/verify'],
    handler: 'http/post-mfa-totp-verify',
    auth: 'user',
    scope: 'account',
    needs: ['userPool'],
  },
  {
    id: 'SetupSmsMfa',
    method: 'POST',
    paths: ['/api/v1/mfa/sms/setup'],
    handler: 'http/post-mfa-sms-setup',
    auth: 'user',
    scope: 'account',
    needs: ['sms'],
  },
  {
    id: 'VerifySmsMfa',
    method: 'POST',
    paths: ['/api/v1/mfa/sms/verify'],
    handler: 'http/post-mfa-sms-verify',
    auth: 'user',
    scope: 'account',
  },
  {
    id: 'DisableMfa',
    method: 'DELETE',
    paths: ['/api/v1/mfa'],
    handler: 'http/delete-mfa',
    auth: 'user',
    scope: 'account',
    needs: ['userPool'],
  },

  {
    id: 'ListUsers',
    method: 'GET',
    paths: ['/api/v1/admin/users'],
    handler: 'http/get-admin-users',
    auth: 'user',
    scope: 'admin',
    cognitoActions: userAdmin,
  },
  {
    id: 'CreateUser',
    method: 'POST',
    paths: ['/api/v1/admin/users'],
    handler: 'http/post-admin-user',
    auth: 'user',
    scope: 'admin',
    cognitoActions: userAdmin,
  },
  {
    id: 'UpdateUser',
    method: 'PATCH',
    paths: ['/api/v1/admin/users/{username}'],
    handler: 'http/patch-admin-user',
    auth: 'user',
    scope: 'admin',
    cognitoActions: userAdmin,
  },
  {
    id: 'DeleteUser',
    method: 'DELETE',
    paths: ['/api/v1/admin/users/{username}'],
    handler: 'http/delete-admin-user',
    auth: 'user',
    scope: 'admin',
    cognitoActions: userAdmin,
  },
  {
    id: 'SystemStatus',
    method: 'GET',
    paths: ['/api/v1/admin/system/status'],
    handler: 'http/get-admin-system-status',
    auth: 'user',
    scope: 'admin',
    needs: ['dependencies'],
  },
  {
    id: 'ListAudit',
    method: 'GET',
    paths: ['/api/v1/admin/audit'],
    handler: 'http/get-admin-audit',
    auth: 'user',
    scope: 'admin',
  },

  {
    id: 'CreateApiKey',
    method: 'POST',
    paths: ['/api/v1/api-keys'],
    handler: 'http/post-api-key',
    auth: 'user',
    scope: 'admin',
  },
  {
    id: 'ListApiKeys',
    method: 'GET',
    paths: ['/api/v1/api-keys'],
    handler: 'http/get-api-keys',
    auth: 'user',
    scope: 'admin',
  },
  {
    id: 'GetApiKey',
    method: 'GET',
    paths: ['/api/v1/api-keys/{id}'],
    handler: 'http/get-api-key',
    auth: 'user',
    scope: 'admin',
  },
  {
    id: 'RevokeApiKey',
    method: 'DELETE',
    paths: ['/api/v1/api-keys/{id}'],
    handler: 'http/delete-api-key',
    auth: 'user',
    scope: 'admin',
  },

  {
    id: 'HealthDetailed',
    method: 'GET',
    paths: ['/api/v1/health/detailed', '/api/health/detailed'],
    handler: 'http/get-health-detailed',
    auth: 'user',
    scope: 'detection:read',
    needs: ['dependencies'],
  },
  {
    id: 'HealthDependencies',
    method: 'GET',
    paths: ['/api/v1/health/dependencies', '/api/health/dependencies'],
    handler: 'http/get-health-dependencies',
    auth: 'user',
    scope: 'detection:read',
    needs: ['dependencies'],
  },
  {
    id: 'ExportFormats',
    method: 'GET',
    paths: ['/api/v1/export/formats', '/api/export/formats'],
    handler: 'http/v1/get-export-formats',
    auth: 'user',
    scope: 'detection:read',
  },
  {
    id: 'Export',
    method: 'POST',
    paths: ['/api/v1/export/{format}', '/api/export/{format}'],
    handler: 'http/v1/post-export',
    auth: 'user',
    scope: 'detection:read',
    usesWorkbooks: true,
  },
  {
    id: 'PerformanceMetrics',
    method: 'GET',
    paths: ['/api/v1/performance/metrics', '/api/performance/metrics'],
    handler: 'http/v1/get-performance-metrics',
    auth: 'user',
    scope: 'detection:read',
  },
  {
    id: 'PerformanceBenchmark',
    method: 'POST',
    paths: ['/api/v1/performance/benchmark', '/api/performance/benchmark'],
    handler: 'http/v1/post-performance-benchmark',
    auth: 'user',
    scope: 'detection:write',
    memoryMb: 2048,
  },
  {
    id: 'V1ListDatasets',
    method: 'GET',
    paths: ['/api/v1/datasets'],
    handler: 'http/v1/get-datasets',
    auth: 'user',
    scope: 'datasets:read',
  },
  {
    id: 'V1CreateDataset',
    method: 'POST',
    paths: ['/api/v1/datasets'],
    handler: 'http/v1/post-dataset',
    auth: 'user',
    scope: 'datasets:write',
  },
  {
    id: 'V1GetDataset',
    method: 'GET',
    paths: ['/api/v1/datasets/{id}'],
    handler: 'http/v1/get-dataset',
    auth: 'user',
    scope: 'datasets:read',
  },
  {
    id: 'V1UpdateDataset',
    method: 'PUT',
    paths: ['/api/v1/datasets/{id}'],
    handler: 'http/v1/put-dataset',
    auth: 'user',
    scope: 'datasets:write',
  },
  {
    id: 'V1DeleteDataset',
    method: 'DELETE',
    paths: ['/api/v1/datasets/{id}'],
    handler: 'http/v1/delete-dataset',
    auth: 'user',
    scope: 'datasets:write',
  },
  {
    id: 'V1UploadDataset',
    method: 'POST',
    paths: ['/api/v1/datasets/{id}/upload'],
    handler: 'http/v1/post-dataset-upload',
    auth: 'user',
    scope: 'datasets:write',
    memoryMb: 1024,
    usesWorkbooks: true,
  },
  {
    id: 'V1PreviewDataset',
    method: 'GET',
    paths: ['/api/v1/datasets/{id}/preview'],
    handler: 'http/v1/get-dataset-preview',
    auth: 'user',
    scope: 'datasets:read',
  },
  {
    id: 'Detect',
    method: 'POST',
    paths: ['/api/v1/detection/detect'],
    handler: 'http/v1/post-detect',
    auth: 'user',
    scope: 'detection:write',
    memoryMb: 2048,
  },
  {
    id: 'DetectBatch',
    method: 'POST',
    paths: ['/api/v1/detection/batch'],
    handler: 'http/v1/post-detect-batch',
    auth: 'user',
    scope: 'detection:write',
    memoryMb: 2048,
  },
  {
    id: 'ListDetectionResults',
    method: 'GET',
    paths: ['/api/v1/detection/results'],
    handler: 'http/v1/get-detection-results',
    auth: 'user',
    scope: 'detection:read',
  },
  {
    id: 'GetDetectionResult',
    method: 'GET',
    paths: ['/api/v1/detection/results/{id}'],
    handler: 'http/v1/get-detection-result',
    auth: 'user',
    scope: 'detection:read',
  },
  {
    id: 'ListAlgorithms',
    method: 'GET',
    paths: ['/api/v1/detectors/algorithms'],
    handler: 'http/v1/get-algorithms',
    auth: 'user',
    scope: 'detection:read',
  },

  {
    id: 'UploadDataset',
    method: 'POST',
    paths: ['/api/anomaly/datasets/upload'],
    handler: 'http/post-dataset-upload',
    auth: 'user',
    scope: 'datasets:write',
    memoryMb: 1024,
  },
  {
    id: 'ListDatasets',
    method: 'GET',
    paths: ['/api/anomaly/datasets'],
    handler: 'http/get-datasets',
    auth: 'user',
    scope: 'datasets:read',
  },
  {
    id: 'GetDataset',
    method: 'GET',
    paths: ['/api/anomaly/datasets/{id}'],
    handler: 'http/get-dataset',
    auth: 'user',
    scope: 'datasets:read',
  },
  {
    id: 'DeleteDataset',
    method: 'DELETE',
    paths: ['/api/anomaly/datasets/{id}'],
    handler: 'http/delete-dataset',
    auth: 'user',
    scope: 'datasets:write',
  },
  {
    id: 'ListDatasetAnomalies',
    method: 'GET',
    paths: ['/api/anomaly/datasets/{id}/anomalies'],
    handler: 'http/get-dataset-anomalies',
    auth: 'user',
    scope: 'datasets:read',
  },
  {
    id: 'GetDatasetSession',
    method: 'GET',
    paths: ['/api/anomaly/datasets/{id}/session'],
    handler: 'http/get-dataset-session',
    auth: 'user',
    scope: 'datasets:read',
  },
  {
    id: 'GetAnomaly',
    method: 'GET',
    paths: ['/api/anomaly/anomalies/{id}'],
    handler: 'http/get-anomaly',
    auth: 'user',
    scope: 'datasets:read',
  },
  {
    id: 'ListReports',
    method: 'GET',
    paths: ['/api/anomaly/anomaly-reports'],
    handler: 'http/get-reports',
    auth: 'user',
    scope: 'reports:read',
  },
  {
    id: 'CreateReport',
    method: 'POST',
    paths: ['/api/anomaly/anomaly-reports'],
    handler: 'http/post-report',
    auth: 'user',
    scope: 'reports:write',
  },
  {
    id: 'GetReport',
    method: 'GET',
    paths: ['/api/anomaly/anomaly-reports/{id}'],
    handler: 'http/get-report',
    auth: 'user',
    scope: 'reports:read',
  },
  {
    id: 'UpdateReport',
    method: 'PATCH',
    paths: ['/api/anomaly/anomaly-reports/{id}'],
    handler: 'http/patch-report',
    auth: 'user',
    scope: 'reports:write',
  },
  {
    id: 'DeleteReport',
    method: 'DELETE',
    paths: ['/api/anomaly/anomaly-reports/{id}'],
    handler: 'http/delete-report',
    auth: 'user',
    scope: 'reports:write',
  },
  {
    id: 'ExportReport',
    method: 'GET',
    paths: ['/api/anomaly/anomaly-reports/{id}/export'],
    handler: 'http/get-report-export',
    auth: 'user',
    scope: 'reports:read',
    usesWorkbooks: true,
  },
  {
    id: 'GetSession',
    method: 'GET',
    paths: ['/api/anomaly/analysis-sessions/{id}'],
    handler: 'http/get-session',
    auth: 'user',
    scope: 'datasets:read',
  },
  {
    id: 'GetStatistics',
    method: 'GET',
    paths: ['/api/anomaly/statistics'],
    handler: 'http/get-statistics',
    auth: 'user',
    scope: 'reports:read',
  },
];

/** The route an API Gateway request was matched to (by method and resource template). */
export function routeOf(method: string, resource: string): RouteDefinition | undefined {
  return routes.find((r) => r.method === method && r.paths.includes(resource));
}

/** The Lambda authorizer's handler module. */
export const authorizerHandler = 'http/authorizer';
