import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { NotFoundError } from '@pynomaly/core';
import { keys, Table } from './table';

const RECORD_TTL_SECONDS = 86_400;

/** A presigned upload waiting for its file, with what the client said about it. */
export interface PendingUpload {
  upload_id: string;
  key: string;
  filename: string;
  content_type: string;
  size: number;
  name: string;
  description: string | null;
  separator: string | null;
  has_header: boolean;
}

/** Presigned uploads waiting for their file, kept a day. */
export class PendingUploads {
  constructor(private readonly table: Table = new Table()) {}

  async put(tenantId: string, upload: PendingUpload): Promise<void> {
    await this.table.client.send(
      new PutCommand({
        TableName: this.table.name,
        Item: {
          pk: keys.tenant(tenantId),
          sk: `UPLOAD#${upload.upload_id}`,
          entity: 'upload',
          expires_at: Math.floor(Date.now() / 1000) + RECORD_TTL_SECONDS,
          ...upload,
        },
      }),
    );
  }

  async get(tenantId: string, id: string): Promise<PendingUpload> {
    const out = await this.table.client.send(
      new GetCommand({
        TableName: this.table.name,
        Key: { pk: keys.tenant(tenantId), sk: `UPLOAD#${id}` },
        ConsistentRead: true,
      }),
    );
    if (!out.Item) throw new NotFoundError('Upload not found');
    return out.Item as PendingUpload;
  }
}
