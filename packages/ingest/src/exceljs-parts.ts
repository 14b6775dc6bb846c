/**
 * The one place that reaches into exceljs's streaming WorkbookReader (4.4.0).
 *
 * `WorkbookReader.parse()` walks the zip in file order, and Excel itself writes worksheets
 * before sharedStrings.xml and styles.xml. exceljs then inflates each such sheet, uncapped, to
 * a tmp file (and its async iterator leaves shared strings unresolved); a sheet seen after the
 * rels and shared strings but before workbook.xml crashes it; a sheet whose rel target is not
 * literally `worksheets/sheetN.xml` keeps a placeholder name ("Sheet1"); sheets seen before
 * styles.xml lose their date formats. So we drive the zip ourselves (random access with yauzl,
 * size-checked) and hand each part to the reader's own part parsers in dependency order: rels,
 * workbook, styles, shared strings, then worksheets in workbook order. Cell parsing stays exceljs's.
 */
import { posix } from 'node:path';
import type { Readable } from 'node:stream';
import ExcelJS, { type Row } from 'exceljs';
import { InternalError, PayloadTooLargeError } from '../../core/src/errors';
import { escapeNamedEntities } from './entity-escape';

interface Relationship {
  Id: string;
  Type: string;
  Target: string;
}

type SharedStringText = string | null | { richText: Array<{ text: string | null }> };

/** The WorksheetReader exceljs builds for a part; iterating it yields rows as the XML streams. */
type SheetRows = AsyncIterable<Row>;

interface ReaderInternals {
  workbookRels?: Relationship[];
  model?: { sheets?: Array<{ name: string; rId: string }> };
  properties?: { model?: { date1904?: boolean } };
  sharedStrings?: Array<string | null>;
  _parseRels(entry: Readable): Promise<void>;
  _parseWorkbook(entry: Readable): Promise<void>;
  _parseStyles(entry: Readable): Promise<void>;
  _parseSharedStrings(entry: Readable): AsyncIterable<{ index: number; text: SharedStringText }>;
  _parseWorksheet(iterator: Readable, sheetNo: string): Iterable<{ eventType: string; value: SheetRows }>;
}

const INTERNALS = ['_parseRels', '_parseWorkbook', '_parseStyles', '_parseSharedStrings', '_parseWorksheet'];
const WORKSHEET_REL = /\/relationships\/worksheet$/;

/** A worksheet listed by workbook.xml, with the zip path of its part. */
export interface WorksheetPart {
  name: string;
  path: string;
}

/** Feeds workbook parts, in dependency order, to one exceljs WorkbookReader. */
export class ExcelParts {
  private readonly reader: ReaderInternals;

  constructor() {
    // The input is never read: every part is passed in explicitly.
    const reader = new ExcelJS.stream.xlsx.WorkbookReader('', {
      worksheets: 'emit',
      sharedStrings: 'emit',
      hyperlinks: 'ignore',
      // Styles must be cached: they carry the number formats that make a number a date.
      styles: 'cache',
      entries: 'ignore',
    }) as unknown as ReaderInternals;
    for (const name of INTERNALS) {
      if (typeof (reader as unknown as Record<string, unknown>)[name] !== 'function') {
        throw new InternalError(
          `exceljs WorkbookReader.${name} is missing; the pinned exceljs version changed`,
        );
      }
    }
    this.reader = reader;
  }

  /** xl/_rels/workbook.xml.rels: maps relationship ids to part paths. */
  loadRels(part: Readable): Promise<void> {
    return this.reader._parseRels(part);
  }

  /** xl/workbook.xml: sheet names, order and the date system. */
  loadWorkbook(part: Readable): Promise<void> {
    return this.reader._parseWorkbook(part);
  }

  /** styles.xml: number formats, so date-formatted numbers come back as Dates. */
  loadStyles(part: Readable): Promise<void> {
    return this.reader._parseStyles(part);
  }

  /** sharedStrings.xml, kept as plain strings (rich-text runs joined) to hold less memory. */
  async loadSharedStrings(part: Readable, maxStrings: number): Promise<void> {
    const strings: Array<string | null> = [];
    for await (const { text } of this.reader._parseSharedStrings(part)) {
      if (strings.length >= maxStrings) {
        throw new PayloadTooLargeError(`Workbook has more than ${maxStrings} shared strings`);
      }
      strings.push(
        text === null || typeof text === 'string' ? text : text.richText.map((r) => r.text ?? '').join(''),
      );
    }
    this.reader.sharedStrings = strings;
  }

  /** True when workbook.xml declares the 1904 date system (old Mac workbooks). */
  get date1904(): boolean {
    return this.reader.properties?.model?.date1904 === true;
  }

  /** Worksheets in workbook order (chart and dialog sheets skipped), resolved to zip paths. */
  worksheets(): WorksheetPart[] {
    const rels = new Map((this.reader.workbookRels ?? []).map((rel) => [rel.Id, rel]));
    const parts: WorksheetPart[] = [];
    for (const sheet of this.reader.model?.sheets ?? []) {
      const rel = rels.get(sheet.rId);
      if (rel && WORKSHEET_REL.test(rel.Type)) parts.push({ name: sheet.name, path: partPath(rel.Target) });
    }
    return parts;
  }

  /** Path of the workbook's part of the given relationship type (e.g. `sharedStrings`), if any. */
  relatedPart(type: string): string | undefined {
    const rel = this.reader.workbookRels?.find((r) => r.Type.endsWith(`/relationships/${type}`));
    return rel && partPath(rel.Target);
  }

  /** Rows of one worksheet part, streamed: exceljs parses the XML chunk by chunk as it is read. */
  rows(part: Readable): SheetRows {
    const xml = escapeNamedEntities();
    part.on('error', (error) => xml.destroy(error));
    for (const { eventType, value } of this.reader._parseWorksheet(part.pipe(xml), '0')) {
      if (eventType === 'worksheet') return value;
    }
    throw new InternalError('exceljs emitted no worksheet reader');
  }
}

/** Relationship targets are relative to xl/ unless absolute within the package. */
function partPath(target: string): string {
  return target.startsWith('/') ? target.slice(1) : posix.normalize(`xl/${target}`);
}
