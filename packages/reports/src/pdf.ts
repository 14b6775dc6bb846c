import PDFDocument from 'pdfkit';
import { type AnomalyEvidence, type Triage, TriageSchema } from '../../triage/src';
import { dottedPaths } from './dotted-paths';
import { pdfFont } from './pdf-font';
import { PdfTextCleaner, REPLACEMENT_CHARACTER } from './pdf-text';
import type { ReportDocument } from './types';

/** What the report record alone does not say, for the PDF's summary. */
export interface PdfContext {
  /** The dataset's original file name. */
  dataset_filename?: string | null;
  /** When the export was made. @default now */
  exported_at?: Date;
}

type Doc = PDFKit.PDFDocument;
type Row = [label: string, value: unknown];

// Limits on untrusted text, in characters: a cell of a table, a paragraph or list item, a label.
const CELL_CHARS = 200;
const PARAGRAPH_CHARS = 600;
const LABEL_CHARS = 80;
const NARRATIVE_CHARS = 1200;
// A table cell shows at most this many lines (more for actions), the last ending in an ellipsis.
const CELL_LINES = 4;
const ACTION_LINES = 10;
// Bounds on lists of untrusted length.
const MAX_FEATURES = 30;
const MAX_CHART_BARS = 15;
const MAX_ROW_VALUES = 40;
const MAX_LIST_ITEMS = 20;
const MAX_ENTITIES = 12;
const MAX_FLAT_ROWS = 150;
const FLAT_LIMITS = { maxRows: MAX_FLAT_ROWS, maxDepth: 4 };

const MARGIN = 48;
const BODY_SIZE = 9;
const SMALL_SIZE = 7.5;
const PAD = 3;
const INK = '#1f2933';
const MUTED = '#616e7c';
const RULE = '#cbd2d9';
const HEADER_FILL = '#e4e7eb';
const STRIPE_FILL = '#f5f7fa';
const BAR_FILL = '#3e6fa3';
const SEVERITY_COLOURS: Record<string, string> = {
  critical: '#ab091e',
  high: '#cb4b16',
  medium: '#b7791f',
  low: '#2f855a',
};

interface Column {
  label: string;
  /** Share of the content width. */
  share: number;
  align?: 'left' | 'right';
}

/**
 * Lays out the report on A4 pages: PDFKit with the embedded DejaVu Sans as its only font (the
 * standard PDF fonts are never loaded, so the renderer needs no file beside the code), vector
 * drawing for the chart, and no links, annotations, scripts or images: every value from the
 * report is drawn as plain text through {@link PdfTextCleaner}.
 */
class ReportPdf {
  readonly doc: Doc;
  readonly text: PdfTextCleaner;
  readonly width: number;

  constructor(title: string) {
    const font = pdfFont();
    this.text = new PdfTextCleaner((cp) => font.covers(cp));
    this.doc = new PDFDocument({
      size: 'A4',
      margin: MARGIN,
      bufferPages: true,
      // No default font: PDFKit would load Helvetica's metrics from a file of its package.
      font: '',
      info: { Title: title, Author: 'Pynomaly', Creator: 'Pynomaly', Producer: 'Pynomaly' },
      displayTitle: true,
      lang: 'en',
    });
    this.doc.registerFont('body', font.bytes as unknown as Buffer);
    this.doc.font('body').fontSize(BODY_SIZE).fillColor(INK);
    this.width = this.doc.page.width - 2 * MARGIN;
  }

  get bottom(): number {
    return this.doc.page.height - MARGIN;
  }

  /** Starts a new page unless `height` points fit below the cursor. */
  room(height: number): void {
    if (this.doc.y + height > this.bottom) this.doc.addPage();
  }

  /** Our own words (titles, labels): drawn bold by stroking the glyph outlines. */
  bold(words: string, x: number, y: number, options: PDFKit.Mixins.TextOptions = {}, colour = INK): void {
    this.doc
      .save()
      .lineWidth(0.25)
      .fillColor(colour)
      .strokeColor(colour)
      .text(words, x, y, { ...options, fill: true, stroke: true })
      .restore();
  }

  heading(words: string): void {
    this.room(60);
    this.doc.moveDown(0.8);
    const y = this.doc.y;
    this.doc.fontSize(12.5).fillColor(INK);
    this.bold(words, MARGIN, y, { lineBreak: false });
    this.doc.fontSize(BODY_SIZE);
    const ruleY = y + 17;
    this.doc
      .moveTo(MARGIN, ruleY)
      .lineTo(MARGIN + this.width, ruleY)
      .lineWidth(0.6)
      .strokeColor(RULE)
      .stroke();
    this.doc.x = MARGIN;
    this.doc.y = ruleY + 6;
  }

  note(words: string): void {
    this.room(20);
    this.doc.fontSize(SMALL_SIZE).fillColor(MUTED).text(words, MARGIN, this.doc.y, { width: this.width });
    this.doc.fontSize(BODY_SIZE).fillColor(INK).moveDown(0.4);
    this.doc.x = MARGIN;
  }

  paragraph(value: unknown, maxChars = PARAGRAPH_CHARS): void {
    const words = this.text.clean(value, maxChars);
    this.room(this.doc.heightOfString(words, { width: this.width }) + 4);
    this.doc.fillColor(INK).text(words, MARGIN, this.doc.y, { width: this.width });
    this.doc.moveDown(0.3);
  }

  bullets(values: readonly unknown[]): void {
    for (const value of values.slice(0, MAX_LIST_ITEMS)) {
      const words = this.text.clean(value, PARAGRAPH_CHARS);
      const width = this.width - 12;
      this.room(this.doc.heightOfString(words, { width }) + 3);
      const y = this.doc.y;
      this.doc.fillColor(MUTED).text('•', MARGIN + 2, y, { lineBreak: false });
      this.doc.fillColor(INK).text(words, MARGIN + 12, y, { width });
      this.doc.moveDown(0.15);
    }
    if (values.length > MAX_LIST_ITEMS) this.note(`… and ${values.length - MAX_LIST_ITEMS} more`);
    this.doc.x = MARGIN;
  }

  /**
   * A table that breaks across pages, repeating its header; a cell shows at most `maxLines`
   * lines, and an empty one a dash.
   */
  table(
    columns: readonly Column[],
    rows: readonly unknown[][],
    { header = true, maxLines = CELL_LINES }: { header?: boolean; maxLines?: number } = {},
  ): void {
    const total = columns.reduce((sum, c) => sum + c.share, 0);
    const widths = columns.map((c) => (c.share / total) * this.width);
    const lineHeight = this.doc.currentLineHeight(true);
    const drawHeader = () => {
      if (!header) return;
      const height = lineHeight + 2 * PAD;
      this.doc.rect(MARGIN, this.doc.y, this.width, height).fill(HEADER_FILL);
      let x = MARGIN;
      const y = this.doc.y;
      columns.forEach((column, i) => {
        const width = widths[i] ?? 0;
        this.bold(column.label, x + PAD, y + PAD, {
          width: width - 2 * PAD,
          align: column.align ?? 'left',
          lineBreak: false,
        });
        x += width;
      });
      this.doc.y = y + height;
    };
    this.room(2 * (lineHeight + 2 * PAD) + 4);
    drawHeader();
    rows.forEach((row, index) => {
      const cells = columns.map((_, i) => this.text.clean(row[i], maxLines * CELL_CHARS) || '—');
      const heights = cells.map((cell, i) =>
        Math.min(this.doc.heightOfString(cell, { width: (widths[i] ?? 0) - 2 * PAD }), maxLines * lineHeight),
      );
      const height = Math.max(lineHeight, ...heights) + 2 * PAD;
      if (this.doc.y + height > this.bottom) {
        this.doc.addPage();
        drawHeader();
      }
      const y = this.doc.y;
      if (index % 2 === 1) this.doc.rect(MARGIN, y, this.width, height).fill(STRIPE_FILL);
      let x = MARGIN;
      this.doc.fillColor(INK);
      cells.forEach((cell, i) => {
        const width = widths[i] ?? 0;
        this.doc.text(cell, x + PAD, y + PAD, {
          width: width - 2 * PAD,
          height: maxLines * lineHeight,
          ellipsis: true,
          align: columns[i]?.align ?? 'left',
        });
        x += width;
      });
      this.doc
        .moveTo(MARGIN, y + height)
        .lineTo(MARGIN + this.width, y + height)
        .lineWidth(0.4)
        .strokeColor(RULE)
        .stroke();
      this.doc.x = MARGIN;
      this.doc.y = y + height;
    });
    this.doc.moveDown(0.5);
    this.doc.x = MARGIN;
  }

  fields(rows: readonly Row[]): void {
    this.table(
      [
        { label: 'Field', share: 30 },
        { label: 'Value', share: 70 },
      ],
      rows,
      { header: false },
    );
  }
}

function isoTime(value: unknown): string | null {
  if (typeof value !== 'string' || value === '') return null;
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(?:\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/.exec(value);
  if (!match) return value;
  return `${match[1]} ${match[2]} ${match[3] === 'Z' || !match[3] ? 'UTC' : match[3]}`;
}

function percent(ratio: unknown): string | null {
  return typeof ratio === 'number' && Number.isFinite(ratio) ? `${Math.round(ratio * 100)}%` : null;
}

function score(value: unknown): string | null {
  return typeof value === 'number' && Number.isFinite(value) ? value.toFixed(2) : null;
}

function latest(...times: Array<string | null | undefined>): string | null {
  const known = times.filter((t): t is string => typeof t === 'string' && !Number.isNaN(Date.parse(t)));
  return known.sort((a, b) => Date.parse(b) - Date.parse(a))[0] ?? null;
}

function asRecord(value: unknown): Record<string, unknown> | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

/** The triage if it is one the rules engine or a validated triager wrote (with or without `provenance`). */
function structuredTriage(raw: ReportDocument['triage']): Triage | null {
  const parsed = TriageSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const record = asRecord(raw);
  if (!record || !('provenance' in record)) return null;
  const { provenance: _, ...rest } = record;
  const again = TriageSchema.safeParse(rest);
  return again.success ? again.data : null;
}

function summary(
  pdf: ReportPdf,
  report: ReportDocument,
  triage: Triage | null,
  anomaly: AnomalyEvidence | null,
  context: PdfContext,
): void {
  pdf.heading('Summary');
  const dataset = context.dataset_filename
    ? `${context.dataset_filename} (${report.dataset_id})`
    : report.dataset_id;
  const severity = triage
    ? `${triage.severity} (score ${triage.severity_score.toFixed(1)} of 10)`
    : 'not triaged';
  const rows: Row[] = [
    ['Report ID', report._id],
    ['Dataset', dataset],
    ['Severity', severity],
    ['Threat type', triage?.threat_context.threat_type ?? null],
    ['Status', report.status],
    ['Confidence', triage ? percent(triage.confidence.overall_confidence) : null],
    ['Anomaly score', score(anomaly?.anomaly_score)],
    ['Created', isoTime(report.created_at)],
    [
      'Last updated',
      isoTime(latest(report.created_at, report.triaged_at, report.reviewed_at, report.resolved_at)),
    ],
  ];
  if (report.assigned_to) rows.push(['Assigned to', report.assigned_to]);
  if (report.resolution_notes) rows.push(['Resolution notes', report.resolution_notes]);
  if (report.user_feedback) rows.push(['User feedback', report.user_feedback]);
  pdf.fields(rows);
}

function evidence(pdf: ReportPdf, anomaly: AnomalyEvidence | null): void {
  pdf.heading('Evidence');
  if (!anomaly) {
    pdf.paragraph('The anomaly this report was made from is not available.');
    return;
  }
  pdf.fields([
    ['Anomaly ID', anomaly.id],
    ['Sheet', anomaly.sheet_name],
    ['Row', anomaly.row_index],
    ['Anomaly score', score(anomaly.anomaly_score)],
  ]);
  const features = Array.isArray(anomaly.anomalous_features) ? anomaly.anomalous_features : [];
  if (features.length > 0) {
    pdf.table(
      [
        { label: 'Feature', share: 23 },
        { label: 'Actual', share: 19 },
        { label: 'Expected', share: 19 },
        { label: 'Deviation', share: 24 },
        { label: 'Contribution', share: 15, align: 'right' },
      ],
      features
        .slice(0, MAX_FEATURES)
        .map((f) => [
          f.feature_name,
          f.actual_value,
          f.expected_value,
          f.deviation,
          score(f.contribution_score),
        ]),
    );
    if (features.length > MAX_FEATURES) pdf.note(`… and ${features.length - MAX_FEATURES} more features`);
  } else {
    pdf.paragraph('No feature deviations were recorded for this anomaly.');
  }
  incident(pdf, anomaly);
  const values = Object.entries(asRecord(anomaly.raw_data) ?? {});
  if (values.length > 0) {
    pdf.note('The row as read from the sheet:');
    pdf.table(
      [
        { label: 'Column', share: 30 },
        { label: 'Value', share: 70 },
      ],
      values.slice(0, MAX_ROW_VALUES),
    );
    if (values.length > MAX_ROW_VALUES) pdf.note(`… and ${values.length - MAX_ROW_VALUES} more columns`);
  }
}

function list(values: unknown, limit = MAX_ENTITIES): string | null {
  if (!Array.isArray(values) || values.length === 0) return null;
  const shown = values.slice(0, limit).map(String).join(', ');
  return values.length > limit ? `${shown} … (+${values.length - limit})` : shown;
}

/** The log analysis's incident and entities, read defensively: older stored records may lack fields. */
function incident(pdf: ReportPdf, anomaly: AnomalyEvidence): void {
  const finding = anomaly.evidence;
  const found = finding?.incident;
  const rows: Row[] = [];
  if (found) {
    const span = [isoTime(found.started_at), isoTime(found.ended_at)].filter(Boolean).join(' – ');
    rows.push(
      ['Incident', String(found.kind ?? '').replaceAll('_', ' ')],
      ['Rows in incident', found.row_count],
      ['Span', span || null],
      ['Duration (s)', found.duration_seconds],
      ['Sheet rows', list(found.rows, 20)],
      ['Source IPs', list(found.source_ips)],
      ['Source hosts', list(found.source_hosts)],
      ['Users', list(found.users)],
      ['Destination ports', list(found.ports)],
      ['Destinations reached', found.destinations || null],
      ['Failures', found.failures || null],
    );
  }
  if (finding) {
    if (finding.source) rows.push(['Source address', `${finding.source.address} (${finding.source.scope})`]);
    if (finding.destination)
      rows.push(['Destination address', `${finding.destination.address} (${finding.destination.scope})`]);
    if (!found) rows.push(['Users', list(finding.users)]);
    if (finding.timing?.clock) {
      const usual = finding.timing.usual_hours ? `, usual hours ${finding.timing.usual_hours}` : '';
      rows.push(['Time of day', `${finding.timing.clock}${usual}`]);
    }
  }
  const shown = rows.filter(([, value]) => value !== null && value !== '');
  if (shown.length === 0) return;
  pdf.note('Incident and entities:');
  pdf.fields(shown);
}

/** Horizontal bars of each feature's contribution, with its deviation beside it. */
function deviationChart(pdf: ReportPdf, anomaly: AnomalyEvidence | null): void {
  pdf.heading('Feature deviations');
  const features = (Array.isArray(anomaly?.anomalous_features) ? (anomaly?.anomalous_features ?? []) : [])
    .map((f) => ({
      name: pdf.text.clean(f.feature_name, LABEL_CHARS),
      deviation: pdf.text.clean(f.deviation, LABEL_CHARS),
      value:
        typeof f.contribution_score === 'number' && Number.isFinite(f.contribution_score)
          ? Math.max(0, f.contribution_score)
          : 0,
    }))
    .sort((a, b) => b.value - a.value)
    .slice(0, MAX_CHART_BARS);
  if (features.length === 0) {
    pdf.paragraph('No feature deviations to chart.');
    return;
  }
  pdf.note(
    "Bar: the feature's contribution to the anomaly score. Right: its deviation from the sheet's baseline.",
  );
  const { doc } = pdf;
  const labelWidth = pdf.width * 0.24;
  const deviationWidth = pdf.width * 0.26;
  const barX = MARGIN + labelWidth + 6;
  const barWidth = pdf.width - labelWidth - deviationWidth - 12;
  const barHeight = 10;
  const step = 16;
  const axisMax = Math.max(0.1, Math.ceil(Math.max(...features.map((f) => f.value)) * 10) / 10);
  const height = features.length * step + 16;
  pdf.room(height + 8);
  const top = doc.y + 2;

  // Grid and axis labels: five steps from 0 to the axis maximum.
  doc.fontSize(SMALL_SIZE);
  for (let tick = 0; tick <= 4; tick += 1) {
    const x = barX + (barWidth * tick) / 4;
    doc
      .moveTo(x, top)
      .lineTo(x, top + features.length * step)
      .lineWidth(tick === 0 ? 0.8 : 0.3)
      .strokeColor(tick === 0 ? MUTED : RULE)
      .stroke();
    doc.fillColor(MUTED).text(((axisMax * tick) / 4).toFixed(2), x - 15, top + features.length * step + 3, {
      width: 30,
      align: 'center',
      lineBreak: false,
    });
  }
  features.forEach((feature, i) => {
    const y = top + i * step + (step - barHeight) / 2;
    const length = Math.max(feature.value > 0 ? 1 : 0, (feature.value / axisMax) * barWidth);
    doc.rect(barX, y, length, barHeight).fill(BAR_FILL);
    doc
      .fontSize(BODY_SIZE - 0.5)
      .fillColor(INK)
      .text(feature.name, MARGIN, y, {
        width: labelWidth,
        height: barHeight + 2,
        ellipsis: true,
        lineBreak: false,
      })
      .fillColor(MUTED)
      .text(`${feature.value.toFixed(2)}  ${feature.deviation}`, barX + barWidth + 6, y, {
        width: deviationWidth,
        height: barHeight + 2,
        ellipsis: true,
        lineBreak: false,
      });
  });
  doc.fontSize(BODY_SIZE).fillColor(INK);
  doc.x = MARGIN;
  doc.y = top + height + 4;
}

function assessment(pdf: ReportPdf, triage: Triage): void {
  pdf.heading('Assessment');
  const { threat_context: threat, impact } = triage;
  pdf.fields([
    ['Attack stage', threat.attack_stage],
    ['MITRE ATT&CK tactics', threat.mitre_tactics.join(', ') || null],
    ['Likely attribution', threat.likely_attribution],
    ['Affected records', impact.affected_records],
    ['Data type', impact.data_type],
    ['Estimated cost', impact.estimated_cost],
    ['Compliance', impact.compliance_violations.join(', ') || null],
    ['Similar incidents', triage.similar_incidents_count],
    ['Historical context', triage.historical_context],
  ]);
  if (triage.reasoning.length > 0) {
    pdf.note('Reasoning:');
    pdf.bullets(triage.reasoning);
  }
  if (threat.indicators_of_compromise.length > 0) {
    pdf.note('Indicators of compromise:');
    pdf.bullets(threat.indicators_of_compromise);
  }
  const narrative = asRecord(triage)?.narrative;
  if (typeof narrative === 'string' && narrative.trim() !== '') {
    pdf.note("The model's summary, machine-written (shown as plain text):");
    pdf.paragraph(narrative, NARRATIVE_CHARS);
  }
}

function actions(pdf: ReportPdf, triage: Triage): void {
  pdf.heading('Recommended actions');
  const rows: unknown[][] = [
    ...triage.immediate_actions.map((a) => [
      `Immediate #${a.priority}`,
      a.rationale ? `${a.action} — ${a.rationale}` : a.action,
      a.command,
      a.estimated_time,
      a.requires_manual_review ? 'manual review' : a.automation_available ? 'automatable' : 'manual',
    ]),
    ...triage.short_term_actions.map((a) => [
      'Short term',
      a.action,
      null,
      a.timeline,
      a.automation_available ? 'automatable' : 'manual',
    ]),
    ...triage.long_term_actions.map((a) => ['Long term', a.action, null, a.timeline, null]),
  ];
  if (rows.length === 0) {
    pdf.paragraph('No actions were recommended.');
    return;
  }
  pdf.table(
    [
      { label: 'When', share: 13 },
      { label: 'Action', share: 35 },
      { label: 'Command', share: 28 },
      { label: 'Time', share: 11 },
      { label: 'How', share: 13 },
    ],
    rows,
    { maxLines: ACTION_LINES },
  );
}

// Labels of the triage provider's provenance fields (packages/triage/src/schema.ts); others are shown by name.
const PROVENANCE_LABELS: Record<string, string> = {
  engine: 'Triage engine',
  model_id: 'Model',
  inference_profile: 'Inference profile',
  prompt_sha256: 'Prompt SHA-256',
  input_tokens: 'Input tokens',
  output_tokens: 'Output tokens',
  model_calls: 'Model calls',
  latency_ms: 'Model latency (ms)',
  estimated_cost_usd: 'Estimated cost (USD)',
  severity_floor: 'Severity floor (rules engine)',
  model_severity: "Model's severity",
  model_threat_type: "Model's threat type",
  triage_failed: 'Model triage failed',
  failure_reason: 'Failure reason',
};

function provenance(pdf: ReportPdf, report: ReportDocument, triage: Triage | null): void {
  pdf.heading('Provenance');
  if (triage) {
    pdf.fields([
      ['Generated by', triage.generated_by],
      ['Generated at', isoTime(triage.generated_at)],
      ['Processing time (s)', triage.processing_time_seconds],
      ['Evidence hash', triage.forensic_data.chain_of_custody.evidence_hash],
      ['Evidence collected by', triage.forensic_data.chain_of_custody.collected_by],
    ]);
  }
  // The triage provider's record (engine, model, prompt hash, tokens, latency, cost): on the
  // triage, or on the report itself.
  const found = asRecord(asRecord(report.triage)?.provenance) ?? asRecord(asRecord(report)?.provenance);
  if (found) {
    const rows = dottedPaths(found, FLAT_LIMITS);
    pdf.note("The triage provider's record:");
    pdf.fields(
      rows.map(([key, value]) => [
        PROVENANCE_LABELS[key] ?? key.replaceAll('_', ' '),
        typeof value === 'boolean' ? (value ? 'yes' : 'no') : value,
      ]),
    );
  }
  if (!triage && !found) pdf.paragraph('No provenance was recorded for this report.');
}

function unstructured(pdf: ReportPdf, raw: ReportDocument['triage']): void {
  pdf.heading('Triage');
  if (raw === null) {
    pdf.paragraph('Triage is not available for this report.');
    return;
  }
  pdf.note('This triage does not match the triage schema; its fields are listed as they were written.');
  const rows = dottedPaths(raw, FLAT_LIMITS);
  pdf.fields(rows);
  if (rows.length >= MAX_FLAT_ROWS) pdf.note(`Only the first ${MAX_FLAT_ROWS} fields are listed.`);
}

function footers(pdf: ReportPdf, reportId: string, exportedAt: Date): void {
  const { doc } = pdf;
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i += 1) {
    doc.switchToPage(i);
    const bottomMargin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .fontSize(SMALL_SIZE)
      .fillColor(MUTED)
      .text(
        `Pynomaly anomaly report ${reportId} · exported ${isoTime(exportedAt.toISOString())} · page ${i - range.start + 1} of ${range.count}`,
        MARGIN,
        doc.page.height - MARGIN + 14,
        { width: pdf.width, align: 'center', lineBreak: false },
      );
    doc.page.margins.bottom = bottomMargin;
  }
}

/**
 * Renders a report as a PDF: a summary, the finding's evidence (features, incident, entities,
 * the row), a chart of its feature deviations, the assessment, the recommended actions and
 * provenance. Offline: the only font is embedded in the code and nothing is fetched.
 */
export async function renderReportPdf(
  report: ReportDocument,
  anomaly: AnomalyEvidence | null,
  context: PdfContext = {},
): Promise<Buffer> {
  const exportedAt = context.exported_at ?? new Date();
  const reportId = String(report._id)
    .replace(/[^A-Za-z0-9_-]/g, '')
    .slice(0, 64);
  const pdf = new ReportPdf(`Anomaly report ${reportId}`);
  const { doc } = pdf;
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const triage = structuredTriage(report.triage);
  doc.fontSize(18).fillColor(INK);
  pdf.bold('Anomaly triage report', MARGIN, MARGIN, { lineBreak: false });
  if (triage) {
    const label = triage.severity.toUpperCase();
    doc.fontSize(9);
    const labelWidth = doc.widthOfString(label) + 14;
    const x = MARGIN + pdf.width - labelWidth;
    doc.roundedRect(x, MARGIN + 2, labelWidth, 16, 3).fill(SEVERITY_COLOURS[triage.severity] ?? MUTED);
    pdf.bold(label, x, MARGIN + 6, { width: labelWidth, align: 'center', lineBreak: false }, '#ffffff');
  }
  doc.fontSize(BODY_SIZE).fillColor(MUTED);
  doc.text(`Report ${reportId}`, MARGIN, MARGIN + 26, { lineBreak: false });
  doc.fillColor(INK);
  doc.x = MARGIN;
  doc.y = MARGIN + 34;

  summary(pdf, report, triage, anomaly, context);
  evidence(pdf, anomaly);
  deviationChart(pdf, anomaly);
  if (triage) {
    assessment(pdf, triage);
    actions(pdf, triage);
  } else {
    unstructured(pdf, report.triage);
  }
  provenance(pdf, report, triage);
  if (pdf.text.replaced > 0) {
    pdf.note(
      `${REPLACEMENT_CHARACTER} marks characters this PDF does not draw: controls, invisible formatting and ` +
        'scripts its font lacks (CJK, for one). The JSON and Excel exports keep every character.',
    );
  }
  footers(pdf, reportId, exportedAt);
  doc.end();
  return done;
}
