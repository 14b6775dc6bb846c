import { datasetFailed, deterministicId } from '@pynomaly/core';
import type { DatasetRecord, DatasetRepository, ProductEventPublisher, SessionRecord } from '@pynomaly/store';

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** What the object's metadata says about the dataset it carries (set by the upload route). */
export interface ObjectFacts {
  tenantId: string;
  userId: string;
  datasetId: string;
  key: string;
  size: number;
  originalFilename: string;
  contentType: string;
  uploadedAt: string;
}

/** The session of a dataset: one per dataset, so its id follows from the dataset's. */
export const sessionIdOf = (datasetId: string) => deterministicId('session', datasetId);

/** Why an object will not be analysed, and where that is announced. */
export interface Rejection {
  reason: string;
  events: Pick<ProductEventPublisher, 'publish'>;
}

/**
 * Records the dataset and its pending session for an object in the drop folder. Idempotent:
 * the upload receiver and the object-created consumer both call it for the same object. A
 * dataset rejected is announced (`dataset.failed`) by the call that recorded it, so a
 * notification delivered twice announces it once.
 */
export async function registerDataset(
  facts: ObjectFacts,
  datasets: DatasetRepository,
  rejection: Rejection | null = null,
): Promise<DatasetRecord> {
  const records = datasetRecords(facts, rejection?.reason ?? null);
  const { dataset, created } = await datasets.register(records.dataset, records.session);
  if (created && rejection)
    await rejection.events.publish(datasetFailed, {
      version: 1,
      tenant_id: dataset.tenant_id,
      dataset_id: dataset.id,
      session_id: dataset.session_id,
      error_message: rejection.reason,
      failed_at: new Date().toISOString(),
    });
  return dataset;
}

/** The dataset and session records of an object: pending, or refused for `rejection`. */
export function datasetRecords(
  facts: ObjectFacts,
  rejection: string | null = null,
): { dataset: DatasetRecord; session: SessionRecord } {
  const sessionId = sessionIdOf(facts.datasetId);
  const dataset: DatasetRecord = {
    id: facts.datasetId,
    tenant_id: facts.tenantId,
    user_id: facts.userId,
    filename: facts.key.split('/').pop() ?? facts.key,
    original_filename: facts.originalFilename,
    s3_key: facts.key,
    file_size: facts.size,
    content_type: facts.contentType,
    status: rejection ? 'rejected' : 'uploaded',
    sheet_count: 0,
    total_rows: 0,
    workbook_meta: null,
    sheets: [],
    anomalies_detected: 0,
    session_id: sessionId,
    error_message: rejection,
    uploaded_at: facts.uploadedAt,
    parsed_at: null,
  };
  const session: SessionRecord = {
    id: sessionId,
    tenant_id: facts.tenantId,
    user_id: facts.userId,
    dataset_id: facts.datasetId,
    status: rejection ? 'error' : 'pending',
    progress: 0,
    current_step: rejection ? 'Not analysed' : 'Queued for analysis',
    total_rows_analyzed: 0,
    anomalies_detected: 0,
    reports_generated: 0,
    error_message: rejection,
    started_at: facts.uploadedAt,
    completed_at: null,
    processing_time_seconds: null,
  };
  return { dataset, session };
}
