import { describe, expect, it } from 'vitest';
import { extractSignals, tokenize } from './signals';
import { rowAnomaly } from './testing/fixtures';

describe('extractSignals', () => {
  it('splits headers into tokens so "account" never reads as "count"', () => {
    expect(tokenize('SourceIP')).toEqual(['source', 'ip']);
    const s = extractSignals(rowAnomaly({ account: 'ann', row_count: 12 }));
    expect(s.user?.value).toBe('ann');
    expect(s.volume).toMatchObject({ column: 'row_count', actual: 12, unit: 'records' });
  });

  it('uses the detector baseline for location and the date for weekends', () => {
    const a = rowAnomaly({ country: 'Singapore', event_date: '2025-11-08', event_time: '10:00' });
    a.anomalous_features.push({
      feature_name: 'country',
      actual_value: 'Singapore',
      expected_value: 'SG',
      deviation: 'new country',
      contribution_score: 0.2,
    });
    const s = extractSignals(a);
    expect(s.location).toMatchObject({ foreign: false, usualSource: 'detector' });
    expect(s.time).toMatchObject({ date: '2025-11-08', hour: 10, weekend: true, offHours: true });
  });

  it('measures bytes separately from records and reads data types from names', () => {
    const s = extractSignals({
      ...rowAnomaly({ bytes_out: '1,048,576', patient_mrn: 'x' }),
      sheet_name: 'Card payments',
    });
    expect(s.volume?.unit).toBe('bytes');
    expect(s.dataKinds).toEqual(['phi', 'pci']);
  });

  it('does not mistake an IP address column for personal data', () => {
    expect(extractSignals(rowAnomaly({ ip_address: '8.8.8.8' })).dataKinds).toEqual([]);
  });
});
