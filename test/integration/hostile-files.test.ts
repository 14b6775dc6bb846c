/**
 * The findings of the outside security test (issue #9), each replayed over HTTP against the
 * local stack: formula injection through exports, a blank-row bomb, non-ASCII file names,
 * formula cells without a cached value, and a stray quote in a CSV.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeXlsx, type XlsxCellInput } from '../../packages/ingest/src/testing/make-xlsx';
import { xlsxText } from '../../packages/reports/src/cells';
import {
  AS_A_SPREADSHEET,
  CSV_INJECTION_PAYLOADS,
  neutralised,
  startsLikeFormula,
} from '../../packages/reports/src/testing/csv-injection';
import { createUser } from '../support/aws';
import { apiUrl, authed, login, receivedUpload, waitForAnalysis } from '../support/client';

type Json = Record<string, unknown>;
type Call = ReturnType<typeof authed>;

const run = promisify(execFile);
const NAME = 'Bericht_Überprüfung_日本';

const jsonBody = (body: unknown) => ({
  method: 'POST',
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify(body),
});

function form(name: string, body: Buffer | string): FormData {
  const data = new FormData();
  data.append('file', new Blob([body]), name);
  return data;
}

async function upload(call: Call, path: string, name: string, body: Buffer | string) {
  const response = await call(path, { method: 'POST', body: form(name, body) });
  return { response, json: (await response.json()) as Json };
}

/** A user of their own (their own tenant), so this file's uploads meet no one else's quota. */
async function newUser(username: string): Promise<{ token: string; call: Call }> {
  const password = `${username}-Password-1`;
  await createUser(username, password);
  const token = await login(username, password);
  return { token, call: authed(token) };
}

function expectProblem(
  { response, json }: { response: Response; json: Json },
  status: number,
  detail: RegExp,
) {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toContain('application/problem+json');
  expect(json.status).toBe(status);
  expect(String(json.detail)).toMatch(detail);
}

async function cells(body: ArrayBuffer): Promise<ExcelJS.Cell[]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body);
  const all: ExcelJS.Cell[] = [];
  for (const sheet of workbook.worksheets) sheet.eachRow((row) => row.eachCell((c) => all.push(c)));
  return all;
}

/** No cell is a formula, and no text cell would be taken for one by a spreadsheet. */
function expectInert(all: ExcelJS.Cell[]): void {
  expect(all.filter((c) => c.type === ExcelJS.ValueType.Formula || c.formula !== undefined)).toEqual([]);
  expect(all.map((c) => c.value).filter((v) => typeof v === 'string' && startsLikeFormula(v))).toEqual([]);
}

/** An access log with a formula column nobody calculated, a column of OWASP payloads, and one exfiltration. */
function accessLog(): Buffer {
  // XML cannot carry NUL and most C0 controls, so no workbook holds those payloads.
  const notes = CSV_INJECTION_PAYLOADS.filter((p) => xlsxText(p) === p);
  const rows: XlsxCellInput[][] = [['user_id', 'records_accessed', 'source_ip', 'note', 'total']];
  for (let i = 0; i < 80; i++) {
    rows.push([
      `user${i % 12}@hospital.sg`,
      40 + ((i * 7) % 20),
      `10.0.${i % 4}.${10 + ((i * 13) % 200)}`,
      notes[i % notes.length] ?? null,
      { formula: `B${rows.length + 1}*2` },
    ]);
  }
  rows.push([
    'john.doe@hospital.sg',
    15000,
    '185.220.101.42',
    "=cmd|' /C calc'!A0",
    { formula: 'SUM(B2:B81)' },
  ]);
  return makeXlsx([{ name: 'Access Logs', rows }]);
}

const blankRows = (n: number) => Array.from({ length: n }, (): XlsxCellInput[] => []);

describe('hostile files (issue #9) against the local stack', () => {
  let triage: { token: string; call: Call };
  let platform: { token: string; call: Call };

  beforeAll(async () => {
    triage = await newUser('hostile-triage');
    platform = await newUser('hostile-platform');
  });

  it('exports every OWASP payload as inert text in its own row and column (CSV and Excel)', async () => {
    const { call } = platform;
    const header = '=HYPERLINK("http://x")';
    const created = await call(
      '/api/v1/datasets',
      jsonBody({
        name: 'owasp',
        data: CSV_INJECTION_PAYLOADS.map((p, i) => [i, p, `${p}\n=2+2`]),
        features: ['index', header, 'tail'],
      }),
    );
    expect(created.status).toBe(201);
    const { dataset_id: datasetId } = (await created.json()) as Json;

    const csv = await call('/api/v1/export/csv', jsonBody({ dataset_id: datasetId }));
    expect(csv.status).toBe(200);
    const parsed = parse(await csv.text(), AS_A_SPREADSHEET) as string[][];
    expect(parsed).toHaveLength(CSV_INJECTION_PAYLOADS.length + 1);
    expect(parsed[0]).toEqual(['index', neutralised(header), 'tail']);
    for (const [i, payload] of CSV_INJECTION_PAYLOADS.entries()) {
      expect(parsed[i + 1], JSON.stringify(payload)).toEqual([
        String(i),
        neutralised(payload),
        neutralised(`${payload}\n=2+2`),
      ]);
    }
    expect(parsed.flat().filter(startsLikeFormula)).toEqual([]);

    const excel = await call('/api/v1/export/excel', jsonBody({ dataset_id: datasetId }));
    expect(excel.status).toBe(200);
    const exported = await cells(await excel.arrayBuffer());
    expect(exported.length).toBeGreaterThanOrEqual(CSV_INJECTION_PAYLOADS.length * 3);
    expectInert(exported);
  });

  it('reads a formula without a cached value as its text, names its column, and exports it inert', async () => {
    const { call } = platform;
    const sheet = [
      ['host', 'cpu', 'total'],
      ['web-1', 40, { formula: 'SUM(B2:B3)' }],
      ['web-2', 41, 81],
    ];
    const { response, json } = await upload(
      call,
      '/api/v1/datasets/upload',
      'cpu.xlsx',
      makeXlsx([{ name: 'S', rows: sheet }]),
    );
    expect(response.status).toBe(201);
    const record = (await (await call(`/api/v1/datasets/${json.id}`)).json()) as Json;
    expect(record.metadata).toEqual({ original_filename: 'cpu.xlsx', formula_columns: ['total'] });
    const preview = (await (await call(`/api/v1/datasets/${json.id}/preview`)).json()) as {
      rows: unknown[][];
    };
    expect(preview.rows).toEqual([
      ['web-1', 40, '=SUM(B2:B3)'],
      ['web-2', 41, 81],
    ]);
    const csv = await call('/api/v1/export/csv', jsonBody({ dataset_id: json.id }));
    expect(parse(await csv.text(), AS_A_SPREADSHEET)).toEqual([
      ['host', 'cpu', 'total'],
      ['web-1', '40', "'=SUM(B2:B3)"],
      ['web-2', '41', '81'],
    ]);

    // The triage pipeline: the sheet records the column, findings carry the text, the report
    // export neither evaluates it nor any payload in the row.
    const uploaded = await upload(triage.call, '/api/anomaly/datasets/upload', 'access.xlsx', accessLog());
    expect(uploaded.response.status).toBe(201);
    const id = String(uploaded.json._id);
    const { session } = await waitForAnalysis(triage.token, id);
    expect(session.status).toBe('completed');
    const dataset = (await (await triage.call(`/api/anomaly/datasets/${id}`)).json()) as {
      parsed_data: { sheets: Json[] };
    };
    expect(dataset.parsed_data.sheets[0]).toMatchObject({ name: 'Access Logs', formula_columns: ['total'] });
    const anomalies = (await (await triage.call(`/api/anomaly/datasets/${id}/anomalies`)).json()) as Array<{
      raw_data: Json;
    }>;
    expect(anomalies.length).toBeGreaterThan(0);
    expect(anomalies.every((a) => String(a.raw_data.total).startsWith('='))).toBe(true);
    const reports = (await (
      await triage.call(`/api/anomaly/anomaly-reports?dataset_id=${id}`)
    ).json()) as Json[];
    expect(reports.length).toBeGreaterThan(0);
    const exported = await triage.call(`/api/anomaly/anomaly-reports/${reports[0]?.id}/export?format=excel`);
    expect(exported.status).toBe(200);
    const all = await cells(await exported.arrayBuffer());
    expect(all.map((c) => c.value)).toContain('total');
    expect(all.some((c) => typeof c.value === 'string' && c.value.startsWith("'="))).toBe(true);
    expectInert(all);
  });

  it('refuses a blank-row bomb within seconds: on receipt or 413, error with the reason in the pipeline', async () => {
    // A header, then more than a million <row> elements with nothing in them (~3 MB zipped).
    const bomb = makeXlsx([{ name: 'Logs', rows: [['user', 'action'], ...blankRows(1_100_000)] }]);
    const armed = makeXlsx([
      { name: 'Logs', rows: [['user', 'action'], ['alice', 'login'], ...blankRows(1_100_000)] },
    ]);
    const tooMany = /more than 1000000 rows \(blank rows included\)/;

    // The gateway stores a triage upload as it comes; its receiver refuses the bomb.
    let started = Date.now();
    const refused = await upload(triage.call, '/api/anomaly/datasets/upload', 'bomb.xlsx', bomb);
    expect(refused.response.status).toBe(201);
    const refusedSession = await receivedUpload(triage.call, String(refused.json._id));
    expect(refusedSession).toMatchObject({ status: 'error', error_message: expect.stringMatching(tooMany) });
    expect(Date.now() - started).toBeLessThan(20_000);

    started = Date.now();
    const table = await upload(platform.call, '/api/v1/datasets/upload', 'bomb.xlsx', armed);
    expectProblem(table, 413, tooMany);
    expect(Date.now() - started).toBeLessThan(20_000);

    // Its first data row is found at once, so the upload is accepted and the pipeline refuses it.
    const accepted = await upload(triage.call, '/api/anomaly/datasets/upload', 'armed.xlsx', armed);
    expect(accepted.response.status).toBe(201);
    const id = String(accepted.json._id);
    const { session } = await waitForAnalysis(triage.token, id);
    expect(session.status).toBe('error');
    expect(session.error_message).toMatch(tooMany);
    const dataset = (await (await triage.call(`/api/anomaly/datasets/${id}`)).json()) as Json;
    expect(dataset).toMatchObject({ status: 'error', error_message: expect.stringMatching(tooMany) });
  });

  it('keeps a non-ASCII file name sent by curl -F, in the dataset, its listing and its export', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hostile-'));
    const curl = async (token: string, path: string, file: string) => {
      const { stdout } = await run('curl', [
        '-s',
        '-w',
        '\n%{http_code}',
        '-H',
        `Authorization: Bearer ${token}`,
        '-F',
        `file=@${file}`,
        `${apiUrl()}${path}`,
      ]);
      const cut = stdout.lastIndexOf('\n');
      return { status: Number(stdout.slice(cut + 1)), json: JSON.parse(stdout.slice(0, cut)) as Json };
    };

    const workbook = join(dir, `${NAME}.xlsx`);
    writeFileSync(workbook, makeXlsx([{ name: 'S', rows: [['user'], ['alice'], ['bob']] }]));
    const triaged = await curl(triage.token, '/api/anomaly/datasets/upload', workbook);
    expect(triaged.status).toBe(201);
    await receivedUpload(triage.call, String(triaged.json._id));
    const listed = (await (await triage.call('/api/anomaly/datasets?limit=100')).json()) as Json[];
    expect(listed.find((d) => d.id === triaged.json._id)?.filename).toBe(`${NAME}.xlsx`);
    const read = (await (await triage.call(`/api/anomaly/datasets/${triaged.json._id}`)).json()) as Json;
    expect(read.original_filename).toBe(`${NAME}.xlsx`);

    const table = join(dir, `${NAME}.csv`);
    writeFileSync(table, 'host,cpu\nweb-1,40\nweb-2,41\n');
    const created = await curl(platform.token, '/api/v1/datasets/upload', table);
    expect(created.status).toBe(201);
    expect(created.json.name).toBe(NAME);
    const record = (await (await platform.call(`/api/v1/datasets/${created.json.id}`)).json()) as Json;
    expect(record.metadata).toEqual({ original_filename: `${NAME}.csv` });

    const exported = await platform.call('/api/v1/export/csv', jsonBody({ dataset_id: created.json.id }));
    expect(exported.status).toBe(200);
    const disposition = exported.headers.get('content-disposition') ?? '';
    expect(disposition).toMatch(/^attachment; filename="[\x20-\x7e]+\.csv"; filename\*=UTF-8''\S+$/);
    const encoded = /filename\*=UTF-8''(\S+)$/.exec(disposition)?.[1] ?? '';
    expect(decodeURIComponent(encoded)).toBe(`${NAME}.csv`);
  });

  it('reads a quote inside an unquoted CSV field as text, and answers a malformed CSV with a 400 problem', async () => {
    const { call } = platform;
    const created = await upload(call, '/api/v1/datasets/upload', 'quotes.csv', 'a,b\n1,x"y\n');
    expect(created.response.status).toBe(201);
    const id = String(created.json.id);
    const preview = async () => ((await (await call(`/api/v1/datasets/${id}/preview`)).json()) as Json).rows;
    expect(await preview()).toEqual([[1, 'x"y']]);

    const replaced = await upload(call, `/api/v1/datasets/${id}/upload`, 'quotes.csv', 'a,b\n2,5" disk\n');
    expect(replaced.response.status).toBe(200);
    expect(await preview()).toEqual([[2, '5" disk']]);

    for (const path of ['/api/v1/datasets/upload', `/api/v1/datasets/${id}/upload`]) {
      expectProblem(await upload(call, path, 'broken.csv', 'a,b\n1,"x\n'), 400, /^Malformed CSV/);
    }
    expect(await preview()).toEqual([[2, '5" disk']]);
  });
});
