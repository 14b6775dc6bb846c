import { makeXlsx, type XlsxCellInput } from '../../packages/ingest/src/testing/make-xlsx';
import { mulberry32 as prng } from '../../packages/logs/src/testing/log-fixtures-core';

export interface PlantedRow {
  sheet: string;
  /** Row number as Excel shows it (header = 1). */
  row: number;
}

/**
 * A three-sheet security-log workbook written without exceljs (hand-built OOXML), with a
 * few rows planted that any analyst would call incidents. Returns the file and where they are.
 */
export function securityLogsWorkbook(): { file: Buffer; planted: PlantedRow[] } {
  const random = prng(42);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const users = Array.from({ length: 25 }, (_, i) => `user${i}@hospital.sg`);
  const day = (d: number, h: number, m: number) =>
    new Date(Date.UTC(2025, 10, 3 + (d % 5), h, m, Math.floor(random() * 60)));
  const planted: PlantedRow[] = [];

  const access: XlsxCellInput[][] = [
    ['user_id', 'timestamp', 'records_accessed', 'source_ip', 'location', 'action'],
  ];
  for (let i = 0; i < 300; i++) {
    access.push([
      pick(users),
      day(i, 9 + Math.floor(random() * 8), Math.floor(random() * 60)),
      Math.round(40 + random() * 20),
      `10.0.${Math.floor(random() * 4)}.${10 + Math.floor(random() * 200)}`,
      'Singapore',
      pick(['view_record', 'view_record', 'update_record', 'search']),
    ]);
    if (i === 120 || i === 210) {
      access.push([
        'john.doe@hospital.sg',
        day(i, 3, 15),
        15000,
        '185.220.101.42',
        'Moscow, Russia',
        'export_records',
      ]);
      planted.push({ sheet: 'Access Logs', row: access.length });
    }
  }

  const network: XlsxCellInput[][] = [['timestamp', 'src_ip', 'dst_ip', 'dst_port', 'bytes_out', 'protocol']];
  for (let i = 0; i < 200; i++) {
    network.push([
      day(i, 8 + Math.floor(random() * 10), Math.floor(random() * 60)),
      `10.0.1.${10 + Math.floor(random() * 50)}`,
      `10.0.9.${1 + Math.floor(random() * 5)}`,
      pick([443, 443, 80, 5432]),
      Math.round(20_000 + random() * 30_000),
      pick(['HTTPS', 'HTTPS', 'HTTP', 'TCP']),
    ]);
    if (i === 77) {
      network.push([day(i, 2, 47), '10.0.1.23', '45.137.21.9', 4444, 4_800_000_000, 'TCP']);
      planted.push({ sheet: 'Network Traffic', row: network.length });
    }
  }

  const auth: XlsxCellInput[][] = [
    ['username', 'event_time', 'event', 'failed_attempts', 'source_ip', 'mfa_used'],
  ];
  for (let i = 0; i < 150; i++) {
    auth.push([
      pick(users),
      day(i, 8 + Math.floor(random() * 9), Math.floor(random() * 60)),
      'login_success',
      random() < 0.8 ? 0 : 1,
      `10.0.2.${10 + Math.floor(random() * 100)}`,
      true,
    ]);
    if (i === 99) {
      auth.push(['admin', day(i, 4, 2), 'login_failed', 240, '91.240.118.172', false]);
      planted.push({ sheet: 'Authentication', row: auth.length });
    }
  }

  const file = makeXlsx([
    { name: 'Access Logs', rows: access },
    { name: 'Network Traffic', rows: network },
    { name: 'Authentication', rows: auth },
  ]);
  return { file, planted };
}
