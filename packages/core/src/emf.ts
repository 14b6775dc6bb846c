/**
 * CloudWatch metrics as Embedded Metric Format lines (Powertools Metrics): one JSON line on
 * stdout that CloudWatch Logs turns into metrics, no API call. Dimensions are the service and
 * one low-cardinality name (the route id of an HTTP function, the state name of a task), both
 * set by CDK (infra/constructs/lambda-function.ts). These feed dashboards and alarms; the
 * DynamoDB counters of ./metrics.ts still feed `GET /api/v1/performance/metrics`.
 *
 * Locally the stack sets `POWERTOOLS_METRICS_DISABLED=true` (packages/local/src/stack.ts)
 * unless told otherwise, so the lines do not flood its output.
 */
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logger } from './logger';

/** The namespace when `POWERTOOLS_METRICS_NAMESPACE` is not set. */
export const METRICS_NAMESPACE = 'Pynomaly';

/** Variable naming an HTTP function's route (functions/routes.ts id). */
export const ROUTE_ID_VARIABLE = 'ROUTE_ID';
/** Variable naming a pipeline task's state (or an event consumer's rule id). */
export const TASK_NAME_VARIABLE = 'TASK_NAME';

type Unit = (typeof MetricUnit)[keyof typeof MetricUnit];

let shared: Metrics | undefined;

/**
 * The process's Metrics instance, built on first use (it reads its environment then). Metrics
 * are added and flushed in one synchronous run, so concurrent invocations (the local gateway
 * runs them in one process) never see each other's.
 */
function metrics(): Metrics {
  shared ??= new Metrics({
    namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? METRICS_NAMESPACE,
    serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'pynomaly',
  });
  return shared;
}

/** Forget the Metrics instance, so the next emit reads the environment again (tests). */
export function resetEmfMetrics(): void {
  shared = undefined;
}

/** Adds the dimension and values and writes one EMF line; a failure is logged, never thrown. */
function emit(dimension: string, value: string, values: Record<string, [Unit, number]>): void {
  try {
    const m = metrics();
    m.addDimension(dimension, value);
    for (const [name, [unit, amount]] of Object.entries(values)) m.addMetric(name, unit, amount);
    m.publishStoredMetrics();
  } catch (error) {
    logger.warn('EMF metrics unavailable', { error: error as Error });
  }
}

/**
 * One request's answer: `Requests`, `Latency`, and `ClientErrors`/`ServerErrors` (0 or 1, so
 * their Average is the error rate), by route.
 */
export function emitRequestMetrics(route: string, status: number, latencyMs: number): void {
  emit('route', route, {
    Requests: [MetricUnit.Count, 1],
    Latency: [MetricUnit.Milliseconds, Math.round(latencyMs)],
    ClientErrors: [MetricUnit.Count, status >= 400 && status < 500 ? 1 : 0],
    ServerErrors: [MetricUnit.Count, status >= 500 ? 1 : 0],
  });
}

/**
 * A task's outcome: `TaskFailures` when it threw; on success, an output with an
 * `anomaly_count` (a finished detection over one dataset: Detect, RunDetection) adds
 * `DatasetsAnalysed` and `AnomaliesFound`.
 */
export function emitTaskMetrics(task: string, outcome: { failed: true } | { output: unknown }): void {
  if ('failed' in outcome) {
    emit('task', task, { TaskFailures: [MetricUnit.Count, 1] });
    return;
  }
  const anomalies = (outcome.output as { anomaly_count?: unknown } | null | undefined)?.anomaly_count;
  if (typeof anomalies !== 'number') return;
  emit('task', task, {
    DatasetsAnalysed: [MetricUnit.Count, 1],
    AnomaliesFound: [MetricUnit.Count, anomalies],
  });
}
