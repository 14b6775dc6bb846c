import { type EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { eventBridgeClient, required } from '@pynomaly/core';
import { type AnalysisCompletedDetail, analysisCompleted } from '../events';
import { advance, type PipelineStores, PROGRESS } from './progress';
import type { DetectOutput } from './types';

/**
 * Report: closes the session with its counts and duration, marks the dataset completed and
 * announces the result on the product's event bus (where webhooks will pick it up).
 */
export async function reportStep(
  input: DetectOutput,
  deps: PipelineStores & { events?: EventBridgeClient },
): Promise<DetectOutput> {
  const { tenant_id: tenantId, dataset_id: datasetId, session_id: sessionId } = input;
  const session = await deps.sessions.get(tenantId, sessionId);
  const completedAt = new Date();
  const seconds = Math.round((completedAt.getTime() - Date.parse(session.started_at)) / 100) / 10;
  await deps.datasets.update(tenantId, datasetId, { status: 'completed', error_message: null });
  await advance(deps, tenantId, sessionId, {
    status: 'completed',
    progress: PROGRESS.completed,
    current_step: `Analysis complete: ${session.anomalies_detected} anomalies${session.anomalies_suppressed ? ` (${session.anomalies_suppressed} suppressed)` : ''}, ${session.reports_generated} reports`,
    completed_at: completedAt.toISOString(),
    processing_time_seconds: seconds,
  });
  const detail: AnalysisCompletedDetail = {
    version: analysisCompleted.version,
    tenant_id: tenantId,
    dataset_id: datasetId,
    session_id: sessionId,
    anomalies_detected: session.anomalies_detected,
    reports_generated: session.reports_generated,
    processing_time_seconds: seconds,
    completed_at: completedAt.toISOString(),
  };
  const out = await (deps.events ?? eventBridgeClient()).send(
    new PutEventsCommand({
      Entries: [
        {
          EventBusName: required('EVENT_BUS_NAME'),
          Source: analysisCompleted.source,
          DetailType: analysisCompleted.detailType,
          Detail: JSON.stringify(analysisCompleted.schema.parse(detail)),
        },
      ],
    }),
  );
  if (out.FailedEntryCount)
    throw Object.assign(new Error('The analysis.completed event was not accepted'), {
      name: 'TransientError',
    });
  return input;
}
