import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import S3rver from 's3rver';
import type { LocalSettings } from '../settings';

/** An S3 notification record as s3rver emits it. */
export interface S3NotificationRecord {
  eventName: string;
  eventTime: string;
  s3: { bucket: { name: string }; object: { key: string; size?: number; eTag?: string; sequencer?: string } };
}

/** s3rver, in process, with its objects under the local home; `onEvent` receives its notifications. */
export async function startS3(
  settings: LocalSettings,
  onEvent: (record: S3NotificationRecord) => void,
): Promise<S3rver> {
  const directory = join(settings.home, 's3');
  mkdirSync(directory, { recursive: true });
  const server = new S3rver({
    address: settings.host,
    port: settings.ports.s3,
    directory,
    silent: true,
    vhostBuckets: false,
    configureBuckets: [{ name: settings.bucket, configs: [] }],
  });
  (server as unknown as NodeJS.EventEmitter).on('event', (event: { Records: S3NotificationRecord[] }) => {
    for (const record of event.Records) onEvent(record);
  });
  await server.run();
  return server;
}
