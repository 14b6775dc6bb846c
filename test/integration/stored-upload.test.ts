/**
 * The seed's workbook upload (`curl -F file=@…`) up to API Gateway's 10 MB: the route has no
 * function (a Lambda request stops at 6 MB, 4.5 MB of file once base64), API Gateway stores the
 * form in S3 and a receiver reads the workbook from it (functions/routes/triage.ts).
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { makeXlsx, type XlsxCellInput } from '../../packages/ingest/src/testing/make-xlsx';
import { createUser } from '../support/aws';
import { apiUrl, authed, login, receivedUpload, waitForAnalysis } from '../support/client';

const run = promisify(execFile);
type Json = Record<string, unknown>;

/** An access log of about `megabytes` MB as .xlsx: random session tokens keep it from compressing. */
function accessLog(megabytes: number): Buffer {
  const rowsFor = (count: number) => {
    const rows: XlsxCellInput[][] = [['timestamp', 'user', 'source_ip', 'action', 'status', 'session']];
    const start = Date.parse('2025-11-01T00:00:00Z');
    for (let i = 0; i < count; i++) {
      rows.push([
        new Date(start + i * 5000).toISOString(),
        `user${i % 97}`,
        `10.0.${i % 13}.${i % 251}`,
        i % 5 === 0 ? 'write' : 'read',
        i % 41 === 0 ? 'failure' : 'success',
        randomBytes(36).toString('base64'),
      ]);
    }
    return makeXlsx([{ name: 'Access Logs', rows }]);
  };
  const sample = rowsFor(2000);
  return rowsFor(Math.floor((2000 * megabytes * 1024 * 1024) / sample.length));
}

describe('workbook uploads up to 10 MB, stored by the gateway', () => {
  let token: string;
  let dir: string;

  beforeAll(async () => {
    await createUser('big-uploads', 'big-Uploads-1');
    token = await login('big-uploads', 'big-Uploads-1');
    dir = mkdtempSync(join(tmpdir(), 'stored-upload-'));
  });

  it("analyses a 9 MB workbook sent with the seed's curl command", async () => {
    const path = join(dir, 'security_logs.xlsx');
    const workbook = accessLog(9.4);
    expect(workbook.length).toBeGreaterThan(9_000_000);
    expect(workbook.length).toBeLessThan(10 * 1024 * 1024 - 4096);
    writeFileSync(path, workbook);
    const { stdout } = await run('curl', [
      '-s',
      '-X',
      'POST',
      `${apiUrl()}/api/anomaly/datasets/upload`,
      '-H',
      `Authorization: Bearer ${token}`,
      '-F',
      `file=@${path}`,
    ]);
    const answer = JSON.parse(stdout) as Json;
    expect(answer).toMatchObject({ status: 'uploaded', parsed_data: null });
    const id = String(answer._id);
    // Readable at once, before the receiver has even read the form.
    expect((await authed(token)(`/api/anomaly/datasets/${id}`)).status).toBe(200);

    const { session } = await waitForAnalysis(token, id, 180_000);
    expect(session).toMatchObject({ status: 'completed', error_message: null });
    const dataset = (await (await authed(token)(`/api/anomaly/datasets/${id}`)).json()) as Json;
    expect(dataset).toMatchObject({
      status: 'completed',
      original_filename: 'security_logs.xlsx',
      file_size: workbook.length,
    });
    expect(Number(dataset.total_rows)).toBeGreaterThan(50_000);
  }, 240_000);

  it("keeps a pending upload to its tenant and answers CORS like the gateway's other answers", async () => {
    const origin = inject('corsOrigins')[1] ?? '';
    const form = new FormData();
    form.append(
      'file',
      new Blob([makeXlsx([{ name: 'S', rows: [['user'], ['alice'], ['bob']] }])]),
      'small.xlsx',
    );
    const response = await authed(token)('/api/anomaly/datasets/upload', {
      method: 'POST',
      body: form,
      headers: { Origin: origin },
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('access-control-allow-origin')).toBe(origin);
    const id = String(((await response.json()) as Json)._id);
    const stranger = authed(await login());
    expect((await stranger(`/api/anomaly/datasets/${id}`)).status).toBe(404);
    expect((await stranger(`/api/anomaly/datasets/${id}/session`)).status).toBe(404);
    expect(await receivedUpload(authed(token), id)).toMatchObject({ status: expect.any(String) });
    expect((await stranger(`/api/anomaly/datasets/${id}`)).status).toBe(404);
  });
});
