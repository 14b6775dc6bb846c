import type { Readable } from 'node:stream';
import {
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { NotFoundError, required, s3Client } from '@pynomaly/core';

export interface BlobHead {
  size: number;
  contentType: string | undefined;
  etag: string | undefined;
  metadata: Record<string, string>;
  lastModified: Date | undefined;
}

/** Where each kind of object lives in the data bucket. */
export const blobKeys = {
  parsedSheet: (tenantId: string, datasetId: string, sheetIndex: number) =>
    `parsed/${tenantId}/${datasetId}/sheet-${sheetIndex}.ndjson`,
  parsedPrefix: (tenantId: string, datasetId: string) => `parsed/${tenantId}/${datasetId}/`,
  tabularRows: (tenantId: string, datasetId: string) => `tables/${tenantId}/${datasetId}/rows.ndjson`,
  detectionResults: (tenantId: string, detectionId: string) => `detections/${tenantId}/${detectionId}.json`,
  detectionInput: (tenantId: string, detectionId: string) =>
    `detections/${tenantId}/${detectionId}.input.json`,
  /** A sharded run's working objects (row shards, model, summaries), removed when it ends. */
  detectionWork: (tenantId: string, detectionId: string) => `detections/${tenantId}/${detectionId}/work/`,
  /** A sharded run's scores, one float32 per row of shard `shard` (NaN for a dropped row). */
  detectionScores: (tenantId: string, detectionId: string, shard: number) =>
    `detections/${tenantId}/${detectionId}/scores/${String(shard).padStart(5, '0')}.f32`,
  model: (tenantId: string, detectorId: string) => `models/${tenantId}/${detectorId}.json`,
  largeUpload: (tenantId: string, uploadId: string) => `uploads/${tenantId}/${uploadId}/file`,
  /** Under the bucket's short-lived `exports/` prefix (a lifecycle rule removes them). */
  download: (tenantId: string, downloadId: string) => `exports/${tenantId}/${downloadId}`,
};

/** The data bucket: uploaded workbooks, parsed sheets, exports. */
export class BlobStore {
  readonly bucket: string;
  constructor(
    private readonly client: S3Client = s3Client(),
    bucket?: string,
  ) {
    this.bucket = bucket ?? required('BUCKET_NAME');
  }

  async put(
    key: string,
    body: Buffer | string,
    options: { contentType?: string; metadata?: Record<string, string> } = {},
  ) {
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: key,
        Body: body,
        ContentType: options.contentType,
        Metadata: options.metadata,
      }),
    );
  }

  /** Streams a body of unknown length into an object (multipart above 5 MB). */
  async putStream(key: string, body: Readable, contentType: string): Promise<void> {
    await new Upload({
      client: this.client,
      params: { Bucket: this.bucket, Key: key, Body: body, ContentType: contentType },
    }).done();
  }

  /**
   * A URL that lets its holder PUT exactly `size` bytes to `key` for a while: the signature
   * covers Content-Length, so S3 refuses a larger (or smaller) body without our code running.
   */
  async presignPut(key: string, size: number, contentType: string, expiresIn: number): Promise<string> {
    return getSignedUrl(
      this.client,
      new PutObjectCommand({ Bucket: this.bucket, Key: key, ContentLength: size, ContentType: contentType }),
      {
        expiresIn,
        signableHeaders: new Set(['content-length', 'content-type']),
      },
    );
  }

  /** A URL that lets its holder GET `key` for a while, answered with the given type and disposition. */
  async presignGet(
    key: string,
    expiresIn: number,
    answer: { contentType: string; contentDisposition: string },
  ): Promise<string> {
    return getSignedUrl(
      this.client,
      new GetObjectCommand({
        Bucket: this.bucket,
        Key: key,
        ResponseContentType: answer.contentType,
        ResponseContentDisposition: answer.contentDisposition,
      }),
      { expiresIn },
    );
  }

  async head(key: string): Promise<BlobHead> {
    try {
      const out = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return {
        size: out.ContentLength ?? 0,
        contentType: out.ContentType,
        etag: out.ETag,
        metadata: out.Metadata ?? {},
        lastModified: out.LastModified,
      };
    } catch (error) {
      if ((error as { name?: string }).name === 'NotFound')
        throw new NotFoundError(`Object ${key} not found`);
      throw error;
    }
  }

  async getText(key: string): Promise<string> {
    return (await this.getBytes(key)).toString('utf8');
  }

  async getBytes(key: string): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const chunk of await this.getStream(key)) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }

  async getStream(key: string): Promise<Readable> {
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      return out.Body as Readable;
    } catch (error) {
      if ((error as { name?: string }).name === 'NoSuchKey')
        throw new NotFoundError(`Object ${key} not found`);
      throw error;
    }
  }

  async deleteKeys(keysToDelete: string[]): Promise<void> {
    for (let i = 0; i < keysToDelete.length; i += 1000) {
      const batch = keysToDelete.slice(i, i + 1000);
      if (batch.length === 0) continue;
      await this.client.send(
        new DeleteObjectsCommand({
          Bucket: this.bucket,
          Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true },
        }),
      );
    }
  }

  async deletePrefix(prefix: string): Promise<void> {
    let token: string | undefined;
    do {
      const out = await this.client.send(
        new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: token }),
      );
      await this.deleteKeys((out.Contents ?? []).flatMap((o) => (o.Key ? [o.Key] : [])));
      token = out.NextContinuationToken;
    } while (token);
  }
}
