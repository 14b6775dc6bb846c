/**
 * Builds .xlsx files without exceljs, so reader tests do not only check exceljs against itself.
 * The parts are the minimum Excel needs; the zip writer is a plain PKZIP writer (deflate, no
 * data descriptors) that can also lie about sizes, which the hostile-file tests need.
 */
import { crc32, deflateRawSync } from 'node:zlib';

/**
 * A cell for {@link makeXlsx}: a formula carries the cached result Excel would have stored, or
 * none, as a script that never calculates writes it.
 */
export type XlsxCellInput =
  | string
  | number
  | boolean
  | Date
  | null
  | { formula: string; result?: string | number | boolean }
  | { error: string };

export interface XlsxSheetInput {
  name: string;
  rows: XlsxCellInput[][];
}

export interface MakeXlsxOptions {
  /** Strings go to xl/sharedStrings.xml (Excel's way) unless false, then inline `<is>` strings. */
  sharedStrings?: boolean;
  /** Puts the worksheet parts before workbook.xml, rels, styles and shared strings in the zip. */
  sheetsFirst?: boolean;
}

export interface ZipEntryInput {
  name: string;
  data: Buffer | string;
  /** Uncompressed size written to the headers instead of the real one (for lying-header tests). */
  declaredSize?: number;
}

/** Zips entries in the given order: local headers, data, central directory, end record. */
export function zip(entries: ZipEntryInput[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const data = Buffer.isBuffer(entry.data) ? entry.data : Buffer.from(entry.data, 'utf8');
    const packed = deflateRawSync(data);
    const name = Buffer.from(entry.name, 'utf8');
    const size = entry.declaredSize ?? data.length;
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt16LE(0x21, 12); // 1980-01-01
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt16LE(0x21, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, packed);
    centrals.push(central, name);
    offset += local.length + name.length + packed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const CT = 'application/vnd.openxmlformats-officedocument.spreadsheetml';
const XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const DATE_STYLE = 1;

const escapeXml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Text element that keeps leading/trailing spaces, which XML would otherwise let parsers drop. */
const textXml = (s: string): string => `<t xml:space="preserve">${escapeXml(s)}</t>`;

function columnName(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) {
    name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  }
  return name;
}

/** Excel's 1900 date system: serial 25569 is 1970-01-01, fractions are time of day (UTC here). */
const dateSerial = (d: Date): number => d.getTime() / 86_400_000 + 25569;

function cellXml(ref: string, value: XlsxCellInput, strings: Map<string, number> | null): string {
  if (value === null) return '';
  if (value instanceof Date) return `<c r="${ref}" s="${DATE_STYLE}"><v>${dateSerial(value)}</v></c>`;
  if (typeof value === 'number') return `<c r="${ref}"><v>${value}</v></c>`;
  if (typeof value === 'boolean') return `<c r="${ref}" t="b"><v>${value ? 1 : 0}</v></c>`;
  if (typeof value === 'string') {
    if (!strings) return `<c r="${ref}" t="inlineStr"><is>${textXml(value)}</is></c>`;
    const index = strings.get(value) ?? strings.size;
    strings.set(value, index);
    return `<c r="${ref}" t="s"><v>${index}</v></c>`;
  }
  if ('error' in value) return `<c r="${ref}" t="e"><v>${escapeXml(value.error)}</v></c>`;
  const { formula, result } = value;
  if (result === undefined) return `<c r="${ref}"><f>${escapeXml(formula)}</f></c>`;
  const type = typeof result === 'string' ? ' t="str"' : typeof result === 'boolean' ? ' t="b"' : '';
  const cached = typeof result === 'boolean' ? Number(result) : escapeXml(String(result));
  return `<c r="${ref}"${type}><f>${escapeXml(formula)}</f><v>${cached}</v></c>`;
}

function sheetXml(rows: XlsxCellInput[][], strings: Map<string, number> | null): string {
  const body = rows
    .map((row, r) => {
      const cells = row.map((value, c) => cellXml(`${columnName(c)}${r + 1}`, value, strings)).join('');
      return `<row r="${r + 1}">${cells}</row>`;
    })
    .join('');
  return `${XML}<worksheet xmlns="${NS}"><sheetData>${body}</sheetData></worksheet>`;
}

const STYLES = `${XML}<styleSheet xmlns="${NS}"><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd hh:mm:ss"/></numFmts><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>`;

/**
 * A valid .xlsx with the given sheets: shared strings (or inline strings), a date number format
 * for Date cells (stored as serial numbers, UTC), booleans, error cells and formulas with cached
 * results. Default part order is Excel's own: sheets before styles and shared strings.
 */
export function makeXlsx(sheets: XlsxSheetInput[], options: MakeXlsxOptions = {}): Buffer {
  return zip(xlsxParts(sheets, options));
}

/** The zip entries {@link makeXlsx} writes, in order, for tests that tamper with one part. */
export function xlsxParts(sheets: XlsxSheetInput[], options: MakeXlsxOptions = {}): ZipEntryInput[] {
  const strings = options.sharedStrings === false ? null : new Map<string, number>();
  const sheetParts = sheets.map((s, i) => ({
    name: `xl/worksheets/sheet${i + 1}.xml`,
    data: sheetXml(s.rows, strings),
  }));
  const n = sheets.length;
  const overrides = [
    `<Override PartName="/xl/workbook.xml" ContentType="${CT}.sheet.main+xml"/>`,
    `<Override PartName="/xl/styles.xml" ContentType="${CT}.styles+xml"/>`,
    ...sheetParts.map((p) => `<Override PartName="/${p.name}" ContentType="${CT}.worksheet+xml"/>`),
    strings ? `<Override PartName="/xl/sharedStrings.xml" ContentType="${CT}.sharedStrings+xml"/>` : '',
  ].join('');
  const rels = [
    ...sheets.map(
      (_, i) =>
        `<Relationship Id="rId${i + 1}" Type="${REL}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`,
    ),
    `<Relationship Id="rId${n + 1}" Type="${REL}/styles" Target="styles.xml"/>`,
    strings ? `<Relationship Id="rId${n + 2}" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/>` : '',
  ].join('');
  const head: ZipEntryInput[] = [
    {
      name: '[Content_Types].xml',
      data: `${XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>${overrides}</Types>`,
    },
    {
      name: '_rels/.rels',
      data: `${XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    },
  ];
  const sheetList = sheets
    .map((s, i) => `<sheet name="${escapeXml(s.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`)
    .join('');
  const book: ZipEntryInput[] = [
    {
      name: 'xl/workbook.xml',
      data: `${XML}<workbook xmlns="${NS}" xmlns:r="${REL}"><sheets>${sheetList}</sheets></workbook>`,
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data: `${XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels}</Relationships>`,
    },
  ];
  const tail: ZipEntryInput[] = [{ name: 'xl/styles.xml', data: STYLES }];
  if (strings) {
    const items = [...strings.keys()].map((s) => `<si>${textXml(s)}</si>`).join('');
    tail.push({
      name: 'xl/sharedStrings.xml',
      data: `${XML}<sst xmlns="${NS}" count="${strings.size}" uniqueCount="${strings.size}">${items}</sst>`,
    });
  }
  return options.sheetsFirst
    ? [...sheetParts, ...head, ...book, ...tail]
    : [...head, ...book, ...sheetParts, ...tail];
}
