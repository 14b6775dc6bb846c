/**
 * The route table: the one place that says which handler serves which HTTP route.
 * The CDK API construct builds one Lambda per entry from it, and the local gateway
 * dispatches to the same handler modules, so nothing is declared twice.
 */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** `public` routes skip the authorizer; `user` routes need a verified caller. */
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
  /** Lambda memory in MB. @default 512 */
  memoryMb?: number;
  /** Lambda timeout in seconds (API Gateway stops waiting at 29 s). @default 29 */
  timeoutSeconds?: number;
  /** The route reads or writes workbooks: its bundle carries exceljs. @default false */
  usesWorkbooks?: boolean;
}

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
    paths: ['/api/auth/login', '/api/v1/auth/login'],
    handler: 'http/post-login',
    auth: 'public',
  },
  {
    id: 'UploadDataset',
    method: 'POST',
    paths: ['/api/anomaly/datasets/upload'],
    handler: 'http/post-dataset-upload',
    auth: 'user',
    memoryMb: 1024,
  },
  {
    id: 'ListDatasets',
    method: 'GET',
    paths: ['/api/anomaly/datasets'],
    handler: 'http/get-datasets',
    auth: 'user',
  },
  {
    id: 'GetDataset',
    method: 'GET',
    paths: ['/api/anomaly/datasets/{id}'],
    handler: 'http/get-dataset',
    auth: 'user',
  },
  {
    id: 'DeleteDataset',
    method: 'DELETE',
    paths: ['/api/anomaly/datasets/{id}'],
    handler: 'http/delete-dataset',
    auth: 'user',
  },
  {
    id: 'ListDatasetAnomalies',
    method: 'GET',
    paths: ['/api/anomaly/datasets/{id}/anomalies'],
    handler: 'http/get-dataset-anomalies',
    auth: 'user',
  },
  {
    id: 'GetDatasetSession',
    method: 'GET',
    paths: ['/api/anomaly/datasets/{id}/session'],
    handler: 'http/get-dataset-session',
    auth: 'user',
  },
  {
    id: 'GetAnomaly',
    method: 'GET',
    paths: ['/api/anomaly/anomalies/{id}'],
    handler: 'http/get-anomaly',
    auth: 'user',
  },
  {
    id: 'ListReports',
    method: 'GET',
    paths: ['/api/anomaly/anomaly-reports'],
    handler: 'http/get-reports',
    auth: 'user',
  },
  {
    id: 'CreateReport',
    method: 'POST',
    paths: ['/api/anomaly/anomaly-reports'],
    handler: 'http/post-report',
    auth: 'user',
  },
  {
    id: 'GetReport',
    method: 'GET',
    paths: ['/api/anomaly/anomaly-reports/{id}'],
    handler: 'http/get-report',
    auth: 'user',
  },
  {
    id: 'UpdateReport',
    method: 'PATCH',
    paths: ['/api/anomaly/anomaly-reports/{id}'],
    handler: 'http/patch-report',
    auth: 'user',
  },
  {
    id: 'DeleteReport',
    method: 'DELETE',
    paths: ['/api/anomaly/anomaly-reports/{id}'],
    handler: 'http/delete-report',
    auth: 'user',
  },
  {
    id: 'ExportReport',
    method: 'GET',
    paths: ['/api/anomaly/anomaly-reports/{id}/export'],
    handler: 'http/get-report-export',
    auth: 'user',
    usesWorkbooks: true,
  },
  {
    id: 'GetSession',
    method: 'GET',
    paths: ['/api/anomaly/analysis-sessions/{id}'],
    handler: 'http/get-session',
    auth: 'user',
  },
  {
    id: 'GetStatistics',
    method: 'GET',
    paths: ['/api/anomaly/statistics'],
    handler: 'http/get-statistics',
    auth: 'user',
  },
];

/** The Lambda authorizer's handler module. */
export const authorizerHandler = 'http/authorizer';
