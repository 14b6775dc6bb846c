import { triageAnomaly } from '../../../triage/src';
import { FIXED_CONTEXT, seedAnomaly } from '../../../triage/src/testing/fixtures';
import type { ReportDocument } from '../types';

/** The seed's section-8 report, triaged by the rules engine from the seed example row. */
export function sampleReport(): ReportDocument {
  return {
    _id: '673xyz1234567890abcdef3',
    user_id: '673abc1234567890abcdef1',
    dataset_id: '673abcd1234567890abcdef0',
    anomaly_id: '673def1234567890abcdef2',
    triage: triageAnomaly(seedAnomaly(), FIXED_CONTEXT),
    status: 'triaged',
    assigned_to: null,
    resolution_notes: null,
    user_feedback: null,
    created_at: '2025-11-06T14:30:00Z',
    triaged_at: '2025-11-06T14:32:42Z',
    reviewed_at: null,
    resolved_at: null,
  };
}
