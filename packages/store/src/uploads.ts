import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { NotFoundError } from '@pynomaly/core';
import { keys, stripKeys, Table } from './table';

const RECORD_TTL_SECONDS = 86_400;

/**
 * Where a large upload is: `waiting` for its file (or for the call that completes it),
 * `processing` on the ingest state machine, `completed` as a dataset, or `failed` for good.
 */
export type UploadStatus = 'waiting' | 'processing' | 'completed' | 'failed';

/** The detection autonomous mode ran on the new dataset, as the complete route answers it. */
export interface UploadAutonomousDetection {
  detection_id: string;
  algorithm: string;
  /** `running` for a dataset detected in shards; absent on records from before shards (completed). */
  status?: 'running' | 'completed' | 'failed';
  /** Rows flagged; 0 while running. */
  anomaly_count: number;
}

/** A presigned upload, with what the client said about it and how far it has got. */
export interface PendingUpload {
  upload_id: string;
  /** Who started it (uploads started before this was recorded have none). */
  user_id?: string;
  key: string;
  filename: string;
  content_type: string;
  size: number;
  name: string;
  description: string | null;
  separator: string | null;
  has_header: boolean;
  status: UploadStatus;
  /** The dataset the file becomes: chosen when processing starts, shown once completed. */
  dataset_id: string | null;
  /** Why the upload failed, in words a person reads. */
  error_message: string | null;
  /** Autonomous mode's detection on the new dataset, when the tenant has it on. */
  autonomous_detection?: UploadAutonomousDetection | null;
  created_at: string;
  updated_at: string;
  /** When it ended, completed or failed. */
  completed_at?: string | null;
}

const sortKey = (id: string) => `UPLOAD#${id}`;
const expiry = () => Math.floor(Date.now() / 1000) + RECORD_TTL_SECONDS;

/** Presigned uploads, kept a day from their start and a day from their end. */
export class PendingUploads {
  constructor(private readonly table: Table = new Table()) {}

  async put(tenantId: string, upload: PendingUpload): Promise<void> {
    await this.table.client.send(
      new PutCommand({
        TableName: this.table.name,
        Item: {
          pk: keys.tenant(tenantId),
          sk: sortKey(upload.upload_id),
          entity: 'upload',
          expires_at: expiry(),
          ...upload,
        },
      }),
    );
  }

  async get(tenantId: string, id: string): Promise<PendingUpload> {
    const out = await this.table.client.send(
      new GetCommand({
        TableName: this.table.name,
        Key: { pk: keys.tenant(tenantId), sk: sortKey(id) },
        ConsistentRead: true,
      }),
    );
    if (!out.Item) throw new NotFoundError('Upload not found');
    const upload = stripKeys<PendingUpload>(out.Item);
    // Uploads started before statuses were recorded are waiting for their file.
    return {
      ...upload,
      status: upload.status ?? 'waiting',
      dataset_id: upload.dataset_id ?? null,
      error_message: upload.error_message ?? null,
    };
  }

  /**
   * Moves an upload on only while its status is one of `from`, in one conditional write (an
   * upload with no status counts as `waiting`): true when written, false when it is gone or has
   * moved on. An upload that ends (completed, failed) is kept a day from then.
   */
  async transition(
    tenantId: string,
    id: string,
    from: readonly UploadStatus[],
    patch: Partial<Omit<PendingUpload, 'upload_id' | 'key'>>,
  ): Promise<boolean> {
    const ends = patch.status === 'completed' || patch.status === 'failed';
    return this.table.updateWhileStatus(
      keys.tenant(tenantId),
      sortKey(id),
      from,
      { ...patch, updated_at: new Date().toISOString(), ...(ends ? { expires_at: expiry() } : {}) },
      { orWithoutStatus: from.includes('waiting') },
    );
  }
}
