import { describe, expect, it } from 'vitest';
import { contentDisposition } from './content-disposition';

describe('contentDisposition', () => {
  it('keeps a plain ASCII name as a quoted filename only', () => {
    expect(contentDisposition('anomaly-report-1.xlsx')).toBe('attachment; filename="anomaly-report-1.xlsx"');
  });

  it('strips CR/LF, quotes and backslashes so no header can be injected', () => {
    const header = contentDisposition('evil"\r\nSet-Cookie: a=b\\.xlsx');
    expect(header).not.toMatch(/[\r\n\\]/);
    expect(header).toBe('attachment; filename="evilSet-Cookie: a=b.xlsx"');
  });

  it('adds an RFC 5987 filename* for non-ASCII with an ASCII fallback', () => {
    const header = contentDisposition('Rapport d’anomalie — 报告 (été).xlsx');
    const ascii = /filename="([^"]*)"/.exec(header)?.[1];
    const star = /filename\*=UTF-8''(\S+)$/.exec(header)?.[1];
    expect(ascii).toMatch(/^[\x20-\x7e]+$/);
    expect(ascii).toContain('(ete).xlsx');
    expect(star).not.toMatch(/['()*\s]/);
    expect(decodeURIComponent(star ?? '')).toBe('Rapport d’anomalie — 报告 (été).xlsx');
  });

  it('neutralises path separators, percent signs and empty names', () => {
    expect(contentDisposition('../../etc/passwd')).toBe('attachment; filename="_.._etc_passwd"');
    expect(contentDisposition('100%.json')).toContain('filename="100_.json"');
    expect(contentDisposition('\r\n"')).toBe('attachment; filename="download"');
    expect(contentDisposition('r.pdf', 'inline')).toBe('inline; filename="r.pdf"');
  });
});
