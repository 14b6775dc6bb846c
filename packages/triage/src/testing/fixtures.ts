import type { AnomalyEvidence, TriageContext } from '../types';

/** Fixed clock so fixtures triage identically on every run. */
export const FIXED_CONTEXT: TriageContext = {
  now: new Date('2025-11-06T14:32:42Z'),
  similarIncidentsCount: 2,
  startedAt: new Date('2025-11-06T14:32:18Z'),
};

const base = { dataset_id: '673abcd1234567890abcdef0', sheet_name: 'Access Logs' };

/** The example row of the seed API doc (section 5). */
export function seedAnomaly(): AnomalyEvidence {
  return {
    ...base,
    id: '673def1234567890abcdef2',
    row_index: 1523,
    anomaly_score: 0.87,
    raw_data: {
      user_id: 'john.doe@hospital.sg',
      timestamp: '2025-11-06T03:15:22Z',
      records_accessed: 15000,
      source_ip: '185.220.101.42',
      location: 'Moscow, Russia',
    },
    anomalous_features: [
      {
        feature_name: 'records_accessed',
        actual_value: 15000,
        expected_value: 50,
        deviation: '+300x usual volume',
        contribution_score: 0.35,
      },
      {
        feature_name: 'access_time',
        actual_value: '03:15',
        expected_value: '09:00-17:00',
        deviation: '+18 hours from norm',
        contribution_score: 0.4,
      },
    ],
  };
}

/** Many failed logins for one account from a public address, in working hours. */
export function bruteForceAnomaly(): AnomalyEvidence {
  return {
    ...base,
    id: 'bf1',
    sheet_name: 'Auth Events',
    row_index: 88,
    anomaly_score: 0.78,
    raw_data: {
      username: 'alice',
      event_type: 'LOGIN_FAILED',
      status: 'Invalid password',
      failed_attempts: 48,
      SourceIP: '45.33.32.156',
      timestamp: '2025-11-05T14:10:00Z',
    },
    anomalous_features: [
      {
        feature_name: 'failed_attempts',
        actual_value: 48,
        expected_value: 2,
        deviation: '+24x',
        contribution_score: 0.6,
      },
    ],
  };
}

/** An ordinary weekday read from an internal host with a mild score. */
export function benignAnomaly(): AnomalyEvidence {
  return {
    ...base,
    id: 'b1',
    row_index: 7,
    anomaly_score: 0.35,
    raw_data: {
      user: 'bob@corp.example',
      timestamp: '2025-11-05T10:30:00Z',
      records_accessed: 60,
      source_ip: '10.0.0.12',
      action: 'view',
    },
    anomalous_features: [
      {
        feature_name: 'records_accessed',
        actual_value: 60,
        expected_value: 50,
        deviation: '+1.2x',
        contribution_score: 0.2,
      },
    ],
  };
}

/** Builds a one-off anomaly from a row and score. */
export function rowAnomaly(raw_data: AnomalyEvidence['raw_data'], anomaly_score = 0.7): AnomalyEvidence {
  return { ...base, id: 'r1', row_index: 3, anomaly_score, raw_data, anomalous_features: [] };
}
