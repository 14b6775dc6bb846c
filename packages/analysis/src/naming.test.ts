import type { SessionRecord } from '@pynomaly/store';
import { describe, expect, it } from 'vitest';
import { displayedProgress } from './pipeline/progress';
import { tenantOfKey } from './start';
import { safeFilename } from './upload';

describe('drop-folder keys', () => {
  it('finds the tenant of incoming/<tenant>/<file> and nothing else', () => {
    expect(tenantOfKey('incoming/t-1/logs.xlsx')).toBe('t-1');
    expect(tenantOfKey('incoming/t-1/sub/logs.xlsx')).toBe('t-1');
    expect(tenantOfKey('incoming/t-1/')).toBeUndefined();
    expect(tenantOfKey('incoming/logs.xlsx')).toBeUndefined();
    expect(tenantOfKey('parsed/t-1/x.ndjson')).toBeUndefined();
  });
});

describe('safe file names', () => {
  it('keeps names readable and strips paths, controls and quotes', () => {
    expect(safeFilename('Security Logs Nov 2025.xlsx')).toBe('Security_Logs_Nov_2025.xlsx');
    expect(safeFilename('../../etc/passwd\r\n".xlsx')).toBe('passwd_.xlsx');
    expect(safeFilename('')).toBe('upload.xlsx');
  });
});

describe('session progress', () => {
  const session = (patch: Partial<SessionRecord>): SessionRecord => ({
    id: 's',
    tenant_id: 't',
    user_id: 'u',
    dataset_id: 'd',
    status: 'triaging',
    progress: 50,
    current_step: 'Detected 20 anomalies',
    total_rows_analyzed: 100,
    anomalies_detected: 20,
    reports_generated: 15,
    error_message: null,
    started_at: '2025-11-06T14:30:00Z',
    completed_at: null,
    processing_time_seconds: null,
    ...patch,
  });

  it('follows the reports written while triaging', () => {
    expect(displayedProgress(session({}))).toEqual({
      progress: 80,
      current_step: 'Performing triage analysis (15/20 anomalies)...',
    });
  });

  it('shows the stored progress in every other state', () => {
    expect(displayedProgress(session({ status: 'completed', progress: 100, current_step: 'done' }))).toEqual({
      progress: 100,
      current_step: 'done',
    });
  });
});
