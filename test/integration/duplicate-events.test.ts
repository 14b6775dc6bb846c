import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { BlobStore } from '@pynomaly/store';
import type { Context } from 'aws-lambda';
import { describe, expect, inject, it } from 'vitest';
import { executionNames } from '../support/aws';
import { authed, login } from '../support/client';
import { securityLogsWorkbook } from '../support/security-logs';

/**
 * S3 delivers notifications at least once, so the same "Object Created" event can reach the
 * consumer ten times at once: one dataset and one execution must come of it.
 */
describe('the same object-created event delivered ten times at once', () => {
  it('registers one dataset and starts one analysis', async () => {
    const local = inject('local');
    Object.assign(process.env, {
      AWS_REGION: local.region,
      AWS_ACCESS_KEY_ID: local.aws_access_key_id,
      AWS_SECRET_ACCESS_KEY: local.aws_secret_access_key,
      TABLE_NAME: local.table_name,
      BUCKET_NAME: local.bucket,
      STATE_MACHINE_ARN: local.state_machine_arn,
      EVENT_BUS_NAME: local.event_bus_name,
      AWS_ENDPOINT_URL_DYNAMODB: local.dynamodb_endpoint,
      AWS_ENDPOINT_URL_EVENTBRIDGE: local.events_endpoint,
      AWS_ENDPOINT_URL_S3: local.s3_endpoint,
      AWS_ENDPOINT_URL_SFN: local.stepfunctions_endpoint,
      S3_FORCE_PATH_STYLE: 'true',
      POWERTOOLS_LOG_LEVEL: 'SILENT',
    });
    const s3 = new S3Client({
      region: local.region,
      endpoint: local.s3_endpoint,
      forcePathStyle: true,
      credentials: { accessKeyId: local.aws_access_key_id, secretAccessKey: local.aws_secret_access_key },
    });
    // A dedicated folder under the drop prefix, so the stack's own notification and ours are
    // the same object; the stack's delivery is one more duplicate.
    const key = `${local.drop_prefix}burst/duplicated.xlsx`;
    await new BlobStore(s3, local.bucket).put(key, securityLogsWorkbook().file);
    const event = JSON.parse(
      readFileSync(join(import.meta.dirname, '../../events/eventbridge/object-created.json'), 'utf8'),
    );
    const head = await new BlobStore(s3, local.bucket).head(key);
    event.detail.bucket.name = local.bucket;
    event.detail.object = { key, size: head.size, etag: head.etag };
    const { handler } = (await import('../../functions/events/on-object-created')) as {
      handler: (e: unknown, c: Context) => Promise<{ started: boolean; datasetId?: string }>;
    };
    const before = new Set(await executionNames());
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        handler(structuredClone(event), { awsRequestId: `dup-${i}` } as Context),
      ),
    );
    const datasetIds = new Set(results.map((r) => r.datasetId));
    expect(datasetIds.size).toBe(1);

    const call = authed(await login());
    const listed = (await (await call('/api/anomaly/datasets?limit=100')).json()) as Array<{
      filename: string;
    }>;
    expect(listed.filter((d) => d.filename === 'duplicated.xlsx')).toHaveLength(1);
    // StartExecution with the same name and input is idempotent while the run lasts, and
    // refused after: every delivery lands on the one execution named after the object.
    const names = await executionNames();
    expect(new Set(names).size).toBe(names.length);
    expect(names.filter((n) => !before.has(n)).length).toBeLessThanOrEqual(1);
    s3.destroy();
  });
});
