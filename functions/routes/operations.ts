/** Health probes, performance, exports and the API reference. */

import * as tableExport from '../http/schemas/export';
import * as performance from '../http/schemas/performance';
import type { RouteDefinition } from '../route-types';

export const operationsRoutes: readonly RouteDefinition[] = [
  {
    id: 'HealthDetailed',
    summary: 'Every dependency checked, with uptime',
    method: 'GET',
    paths: ['/api/v1/health/detailed', '/api/health/detailed'],
    handler: 'http/get-health-detailed',
    auth: 'user',
    scope: 'detection:read',
    needs: ['dependencies'],
  },
  {
    id: 'HealthDependencies',
    summary: "Each dependency's health",
    method: 'GET',
    paths: ['/api/v1/health/dependencies', '/api/health/dependencies'],
    handler: 'http/get-health-dependencies',
    auth: 'user',
    scope: 'detection:read',
    needs: ['dependencies'],
  },
  {
    id: 'ExportFormats',
    summary: 'The formats of table exports',
    method: 'GET',
    paths: ['/api/v1/export/formats', '/api/export/formats'],
    handler: 'http/v1/get-export-formats',
    auth: 'user',
    scope: 'detection:read',
  },
  {
    id: 'Export',
    summary: "Export a detection's anomalies or a dataset in the path's format",
    method: 'POST',
    paths: ['/api/v1/export/{format}', '/api/export/{format}'],
    handler: 'http/v1/post-export',
    request: { body: tableExport.exportBody },
    response: 'file',
    auth: 'user',
    scope: 'detection:read',
    usesWorkbooks: true,
  },
  {
    id: 'PerformanceMetrics',
    summary: 'Request and detection metrics',
    method: 'GET',
    paths: ['/api/v1/performance/metrics', '/api/performance/metrics'],
    handler: 'http/v1/get-performance-metrics',
    auth: 'user',
    scope: 'detection:read',
  },
  {
    id: 'PerformanceBenchmark',
    summary: 'Benchmark an algorithm on synthetic data: fit and score time, ROC-AUC',
    method: 'POST',
    paths: ['/api/v1/performance/benchmark', '/api/performance/benchmark'],
    handler: 'http/v1/post-performance-benchmark',
    request: { body: performance.benchmarkBody },
    auth: 'user',
    scope: 'detection:write',
    memoryMb: 2048,
  },
  {
    id: 'OpenApi',
    summary: 'This API as an OpenAPI 3.1 document',
    method: 'GET',
    paths: ['/api/openapi.json'],
    handler: 'http/get-openapi',
    auth: 'public',
  },
  {
    id: 'ApiDocs',
    summary: 'This API as a browsable page',
    method: 'GET',
    // `/docs` is where seed 003 sends readers.
    paths: ['/api/docs', '/docs'],
    handler: 'http/get-docs',
    response: 'html',
    auth: 'public',
  },
];
