/**
 * What API Gateway does between the caller and the functions, through the local gateway that
 * applies the same rules from the same settings (BINARY_MEDIA_TYPES, the allowed origins):
 * file exports reach curl and browsers as bytes, and every answer carries CORS headers for an
 * allowed origin — handler answers, errors and the gateway's own.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { createUser } from '../support/aws';
import { apiUrl, authed, login, waitForAnalysis } from '../support/client';
import { securityLogsWorkbook } from '../support/security-logs';

type Json = Record<string, unknown>;
const run = promisify(execFile);
const ZIP_SIGNATURE = Buffer.from('PK\x03\x04', 'latin1');

/** Downloads with curl exactly as README step 5 does (`-o`; curl accepts any type). */
async function curlDownload(path: string, token: string, args: string[] = []): Promise<Buffer> {
  const file = join(mkdtempSync(join(tmpdir(), 'pynomaly-export-')), 'report.xlsx');
  await run('curl', [
    '-s',
    '-f',
    ...args,
    `${apiUrl()}${path}`,
    '-H',
    `Authorization: Bearer ${token}`,
    '-o',
    file,
  ]);
  return readFileSync(file);
}

/** A request with exactly the headers given (fetch would add an Accept of any type). */
function rawRequest(
  path: string,
  headers: Record<string, string>,
): Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const url = new URL(`${apiUrl()}${path}`);
    const request = httpRequest(
      { host: url.hostname, port: url.port, path: url.pathname + url.search, headers },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks),
          }),
        );
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end();
  });
}

/** The bytes are a workbook: a ZIP that exceljs opens, with at least one sheet. */
async function expectWorkbook(bytes: Buffer): Promise<void> {
  expect(bytes.subarray(0, 4)).toEqual(ZIP_SIGNATURE);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  expect(workbook.worksheets.length).toBeGreaterThan(0);
}

describe('binary answers (binaryMediaTypes)', () => {
  let token: string;
  let reportPath: string;
  let datasetId: string;

  beforeAll(async () => {
    await createUser('binary-exports', 'binary-Exports-1');
    token = await login('binary-exports', 'binary-Exports-1');
    const call = authed(token);
    // The upload is multipart: API Gateway stores it byte for byte (every media type binary).
    const form = new FormData();
    form.append('file', new Blob([securityLogsWorkbook().file]), 'security_logs.xlsx');
    const uploaded = await call('/api/anomaly/datasets/upload', { method: 'POST', body: form });
    expect(uploaded.status).toBe(201);
    const id = String(((await uploaded.json()) as Json)._id);
    expect((await waitForAnalysis(token, id)).session.status).toBe('completed');
    const reports = (await (await call(`/api/anomaly/anomaly-reports?dataset_id=${id}`)).json()) as Json[];
    expect(reports.length).toBeGreaterThan(0);
    reportPath = `/api/anomaly/anomaly-reports/${String(reports[0]?.id)}/export?format=excel`;

    // A JSON body, base64-encoded on its way to the function, is read as JSON.
    const created = await call('/api/v1/datasets', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        name: 'hosts',
        data: [
          ['web-1', 40],
          ['web-2', 41],
          ['db-1', 97],
        ],
        features: ['host', 'cpu'],
      }),
    });
    expect(created.status).toBe(201);
    datasetId = String(((await created.json()) as Json).dataset_id);
  });

  it('downloads a report export with curl -o as a valid workbook (README step 5)', async () => {
    await expectWorkbook(await curlDownload(reportPath, token));
  });

  it('downloads a report export as bytes without an Accept header', async () => {
    const answer = await rawRequest(reportPath, { Authorization: `Bearer ${token}` });
    expect(answer.status).toBe(200);
    await expectWorkbook(answer.body);
  });

  it('downloads a v1 table export with curl -o as a valid workbook', async () => {
    const bytes = await curlDownload('/api/v1/export/excel', token, [
      '-X',
      'POST',
      '-H',
      'Content-Type: application/json',
      '-d',
      JSON.stringify({ dataset_id: datasetId }),
    ]);
    await expectWorkbook(bytes);
  });
});

describe('CORS on every answer', () => {
  const [allowed = '', other = ''] = inject('corsOrigins');
  let call: ReturnType<typeof authed>;

  beforeAll(async () => {
    call = authed(await login());
  });

  const expectCors = (response: Response, origin: string) => {
    expect(response.headers.get('access-control-allow-origin')).toBe(origin);
    expect(response.headers.get('vary')).toContain('Origin');
    expect(response.headers.get('access-control-expose-headers')).toContain('X-RateLimit-Remaining');
  };

  it('on a 200 from a function, for each allowed origin and no other', async () => {
    for (const origin of [allowed, other]) {
      const response = await call('/api/anomaly/statistics', { headers: { Origin: origin } });
      expect(response.status).toBe(200);
      expectCors(response, origin);
    }
    const stranger = await call('/api/anomaly/statistics', { headers: { Origin: 'https://evil.example' } });
    expect(stranger.status).toBe(200);
    expect(stranger.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('on a 404 problem from a function', async () => {
    const response = await call('/api/anomaly/anomaly-reports/no-such-report', {
      headers: { Origin: allowed },
    });
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expectCors(response, allowed);
  });

  it("on the gateway's own answers: an authorizer 401 and an unknown route", async () => {
    const unauthenticated = await fetch(`${apiUrl()}/api/anomaly/datasets`, { headers: { Origin: other } });
    expect(unauthenticated.status).toBe(401);
    expectCors(unauthenticated, other);
    const unknown = await fetch(`${apiUrl()}/api/no-such-route`, { headers: { Origin: allowed } });
    expect(unknown.status).toBe(404);
    expectCors(unknown, allowed);
  });

  it('answers a preflight for an allowed origin', async () => {
    const response = await fetch(`${apiUrl()}/api/anomaly/datasets`, {
      method: 'OPTIONS',
      headers: { Origin: other, 'Access-Control-Request-Method': 'GET' },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(other);
    expect(response.headers.get('access-control-allow-headers')).toContain('Authorization');
    expect(response.headers.get('access-control-allow-methods')).toContain('GET');
  });
});
