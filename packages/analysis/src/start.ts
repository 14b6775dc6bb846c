import { type SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import {
  DROP_PREFIX,
  deterministicId,
  logger,
  NotFoundError,
  required,
  sfnClient,
  type UploadQuota,
} from '@pynomaly/core';
import type { BlobHead, BlobStore, DatasetRepository, ProductEventPublisher } from '@pynomaly/store';
import { z } from 'zod';
import type { AnalysisInput } from './pipeline/types';
import { overQuota } from './quota';
import { registerDataset, XLSX_CONTENT_TYPE } from './register';
import { objectMetadata } from './upload';

/** The part of EventBridge's S3 "Object Created" event the pipeline needs. */
export const objectCreatedEvent = z.object({
  'detail-type': z.literal('Object Created'),
  source: z.literal('aws.s3'),
  detail: z.object({
    bucket: z.object({ name: z.string().min(1) }),
    object: z.object({
      key: z.string().min(1),
      size: z.number().optional(),
      etag: z.string().optional(),
      'version-id': z.string().optional(),
      sequencer: z.string().optional(),
    }),
  }),
});
export type ObjectCreatedDetail = z.infer<typeof objectCreatedEvent>['detail'];

/** `incoming/<tenant>/<name>` → tenant; anything else is not ours to analyse. */
export function tenantOfKey(key: string): string | undefined {
  if (!key.startsWith(DROP_PREFIX)) return undefined;
  const [tenant, ...rest] = key.slice(DROP_PREFIX.length).split('/');
  return tenant && rest.length > 0 && rest.at(-1) ? tenant : undefined;
}

/** EventBridge may deliver keys URL-encoded (as S3 notifications are); try the key as sent, then decoded. */
async function headEither(blobs: BlobStore, key: string): Promise<{ key: string; head: BlobHead }> {
  try {
    return { key, head: await blobs.head(key) };
  } catch (error) {
    const decoded = decodeURIComponent(key.replace(/\+/g, ' '));
    if (!(error instanceof NotFoundError) || decoded === key) throw error;
    return { key: decoded, head: await blobs.head(decoded) };
  }
}

/**
 * Starts the analysis of an object dropped in a tenant's folder. The execution is named after
 * the object's identity (bucket, key, version or ETag), so a notification delivered twice
 * starts one analysis: Step Functions refuses the second name.
 */
export async function startAnalysis(
  detail: ObjectCreatedDetail,
  deps: {
    datasets: DatasetRepository;
    blobs: BlobStore;
    quota: UploadQuota;
    events: Pick<ProductEventPublisher, 'publish'>;
    sfn?: SFNClient;
    now?: Date;
  },
): Promise<{ started: boolean; datasetId?: string }> {
  const tenantId = tenantOfKey(detail.object.key);
  if (!tenantId) {
    logger.warn('object outside a tenant folder ignored', { key: detail.object.key });
    return { started: false };
  }
  const { key, head } = await headEither(deps.blobs, detail.object.key);
  const identity = detail.object['version-id'] ?? head.etag ?? detail.object.etag ?? '';
  const datasetId =
    head.metadata[objectMetadata.datasetId] ?? deterministicId('dataset', detail.bucket.name, key, identity);
  const original = head.metadata[objectMetadata.originalFilename];
  const overBy = await overQuota(deps.quota, tenantId, datasetId);
  const rejection = overBy && `${overBy}; the file was kept but not analysed`;
  const dataset = await registerDataset(
    {
      tenantId,
      userId: head.metadata[objectMetadata.userId] ?? tenantId,
      datasetId,
      key,
      size: head.size,
      originalFilename: original ? decodeURIComponent(original) : (key.split('/').pop() ?? key),
      contentType: head.contentType ?? XLSX_CONTENT_TYPE,
      uploadedAt: (deps.now ?? new Date()).toISOString(),
    },
    deps.datasets,
    rejection ? { reason: rejection, events: deps.events } : null,
  );
  if (dataset.status === 'rejected') {
    logger.info('dropped object not analysed', { key, datasetId, reason: dataset.error_message });
    return { started: false, datasetId };
  }
  const input: AnalysisInput = {
    tenant_id: tenantId,
    dataset_id: dataset.id,
    session_id: dataset.session_id,
    key,
  };
  try {
    await (deps.sfn ?? sfnClient()).send(
      new StartExecutionCommand({
        stateMachineArn: required('STATE_MACHINE_ARN'),
        name: deterministicId('analysis', detail.bucket.name, key, identity),
        input: JSON.stringify(input),
      }),
    );
  } catch (error) {
    if ((error as { name?: string }).name !== 'ExecutionAlreadyExists') throw error;
    logger.info('duplicate notification ignored', { key, datasetId });
    return { started: false, datasetId };
  }
  return { started: true, datasetId };
}
