import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../core/src/errors';
import { seedAnomaly } from '../../triage/src/testing/fixtures';
import { xlsxText } from './cells';
import { exportReport, parseExportFormat } from './export';
import { CSV_INJECTION_PAYLOADS, neutralised, startsLikeFormula } from './testing/csv-injection';
import { largestReport, sampleReport } from './testing/fixtures';
import { unzipText } from './testing/unzip';
import type { ExportFormat } from './types';

const SHEETS = ['Summary', 'Actions', 'Indicators', 'Anomaly'];

async function loadWorkbook(body: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as unknown as ArrayBuffer);
  return wb;
}

function cellsOf(wb: ExcelJS.Workbook, sheet: string): ExcelJS.Cell[] {
  const cells: ExcelJS.Cell[] = [];
  wb.getWorksheet(sheet)?.eachRow((row) => row.eachCell((c) => cells.push(c)));
  return cells;
}

describe('exportReport json', () => {
  it('round-trips the report as pretty JSON', async () => {
    const report = sampleReport();
    const out = await exportReport(report, null, 'json');
    expect(out.contentType).toBe('application/json; charset=utf-8');
    expect(out.filename).toBe('anomaly-report-673xyz1234567890abcdef3.json');
    expect(out.body.toString('utf8')).toContain('\n  "_id": ');
    expect(JSON.parse(out.body.toString('utf8'))).toEqual(report);
  });
});

describe('exportReport excel', () => {
  const hostileAnomaly = () => {
    const anomaly = seedAnomaly();
    Object.assign(anomaly.raw_data, {
      notes: '=HYPERLINK("http://x")',
      '+cmd|calc': '@SUM(1)',
      control: '\0nul\u0007bell',
      escaped: '_x0041_',
    });
    return anomaly;
  };

  it('writes the four sheets with the report data', async () => {
    const out = await exportReport(sampleReport(), hostileAnomaly(), 'excel');
    expect(out.contentType).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(out.filename).toBe('anomaly-report-673xyz1234567890abcdef3.xlsx');
    const wb = await loadWorkbook(out.body);
    expect(wb.worksheets.map((w) => w.name)).toEqual(SHEETS);
    const summary = cellsOf(wb, 'Summary').map((c) => c.value);
    expect(summary).toEqual(
      expect.arrayContaining(['Severity', 'critical', 'Data Exfiltration - Insider Threat', 9.6]),
    );
    expect(cellsOf(wb, 'Actions').some((c) => String(c.value).includes('185.220.101.42'))).toBe(true);
    expect(cellsOf(wb, 'Indicators').map((c) => c.value)).toContain('TA0010');
    const anomalyCells = cellsOf(wb, 'Anomaly');
    expect(anomalyCells.find((c) => c.value === 15000)?.type).toBe(ExcelJS.ValueType.Number);
    expect(anomalyCells.map((c) => c.value)).toContain('_x0041_');
  });

  it('stores formula-like data as neutralised plain strings, never formulas', async () => {
    const out = await exportReport(sampleReport(), hostileAnomaly(), 'excel');
    const wb = await loadWorkbook(out.body);
    const cells = SHEETS.flatMap((s) => cellsOf(wb, s));
    const link = cells.find((c) => String(c.value).includes('HYPERLINK'));
    expect(link?.value).toBe('\'=HYPERLINK("http://x")');
    expect(link?.type).toBe(ExcelJS.ValueType.String);
    expect(cells.every((c) => c.formula === undefined && c.type !== ExcelJS.ValueType.Formula)).toBe(true);
    expect(cells.map((c) => c.value)).toEqual(
      expect.arrayContaining(["'+cmd|calc", "'@SUM(1)", "'\uFFFDnul\uFFFDbell"]),
    );

    const xml = [...(await unzipText(out.body))]
      .filter(([name]) => name.startsWith('xl/worksheets/'))
      .map(([, x]) => x);
    expect(xml).toHaveLength(4);
    for (const sheet of xml) {
      expect(sheet).not.toMatch(/<f[\s>]/);
      expect(sheet).not.toContain('t="str"');
    }
  });

  it('neutralises every OWASP payload in the anomaly row, names and values alike', async () => {
    const anomaly = seedAnomaly();
    anomaly.raw_data = Object.fromEntries(CSV_INJECTION_PAYLOADS.map((p) => [p, p]));
    const wb = await loadWorkbook((await exportReport(sampleReport(), anomaly, 'excel')).body);
    const text = cellsOf(wb, 'Anomaly').flatMap((c) => (typeof c.value === 'string' ? [c.value] : []));
    expect(text.filter(startsLikeFormula)).toEqual([]);
    for (const payload of CSV_INJECTION_PAYLOADS) {
      // XML reads a literal CR back as LF.
      const expected = xlsxText(neutralised(payload)).replace(/\r\n?/g, '\n');
      expect(text.filter((t) => t === expected).length, JSON.stringify(payload)).toBeGreaterThanOrEqual(2);
    }
  });

  it('exports a pending report without triage or anomaly', async () => {
    const report = { ...sampleReport(), triage: null, anomaly_id: null, status: 'pending_triage' as const };
    const wb = await loadWorkbook((await exportReport(report, null, 'excel')).body);
    expect(wb.worksheets.map((w) => w.name)).toEqual(SHEETS);
    expect(cellsOf(wb, 'Summary').map((c) => c.value)).toContain('Not available');
    expect(cellsOf(wb, 'Anomaly').map((c) => c.value)).toEqual(['Anomaly record not available']);
  });

  it('lists a hand-written triage that fails the schema field by field, still neutralised', async () => {
    const triage = { severity: 'urgent', notes: ['=cmd()'], nested: { score: 3 } };
    const wb = await loadWorkbook((await exportReport({ ...sampleReport(), triage }, null, 'excel')).body);
    const summary = cellsOf(wb, 'Summary').map((c) => c.value);
    expect(summary).toEqual(
      expect.arrayContaining([
        'Triage: severity',
        'urgent',
        'Triage: notes.0',
        "'=cmd()",
        'Triage: nested.score',
        3,
      ]),
    );
    expect(cellsOf(wb, 'Actions')).toHaveLength(8);
  });
});

describe('exportReport formats', () => {
  it('renders pdf as an application/pdf download named like the others', async () => {
    const out = await exportReport(sampleReport(), null, 'pdf');
    expect(out.contentType).toBe('application/pdf');
    expect(out.filename).toBe('anomaly-report-673xyz1234567890abcdef3.pdf');
    expect(out.body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it('answers every format of the largest report well within what Lambda can return', async () => {
    const { report, anomaly } = largestReport();
    // The anomaly is stored as one DynamoDB item (400 KB at most).
    expect(Buffer.byteLength(JSON.stringify(anomaly))).toBeLessThan(400 * 1024);
    // Lambda answers at most 6 MB, base64 makes 4/3 of the bytes: 4 MB is the inline limit
    // POST /api/v1/export stages beyond (packages/platform/src/exports.ts).
    for (const format of ['json', 'excel', 'pdf'] as const) {
      const out = await exportReport(report, anomaly, format);
      expect(out.body.length, format).toBeLessThan(4 * 1024 * 1024);
    }
  }, 60_000);

  it('rejects unknown formats', async () => {
    await expect(exportReport(sampleReport(), null, 'csv' as ExportFormat)).rejects.toBeInstanceOf(
      ValidationError,
    );
    expect(() => parseExportFormat(undefined)).toThrow(ValidationError);
    expect(parseExportFormat('excel')).toBe('excel');
  });
});
