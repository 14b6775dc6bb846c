import type { FindingEvidence, IncidentEvidence } from '@pynomaly/logs';
import { describe, expect, it } from 'vitest';
import { findingPattern, findingSignature, keyEntity, normalizedHeaders, schemaHash } from './signature';

function evidence(patch: Partial<FindingEvidence> = {}): FindingEvidence {
  return {
    columns: {},
    events: [],
    template: null,
    source: null,
    destination: null,
    ports: [],
    users: [],
    timing: null,
    quantities: [],
    attempts: null,
    incident: null,
    ...patch,
  };
}

function incident(patch: Partial<IncidentEvidence>): IncidentEvidence {
  return {
    kind: 'brute_force',
    row_count: 30,
    rows: [2],
    source_ips: [],
    source_hosts: [],
    users: [],
    failures: 30,
    unknown_accounts: 0,
    failures_before: 0,
    ports: [],
    destinations: 0,
    started_at: null,
    ended_at: null,
    duration_seconds: null,
    ...patch,
  };
}

describe('the sheet schema', () => {
  it('reads headers whatever their order and spelling style', () => {
    expect(normalizedHeaders(['SourceIP', 'Event Time', 'user', '', 'user'])).toEqual([
      'event_time',
      'source_ip',
      'user',
    ]);
    expect(schemaHash(['source_ip', 'event_time', 'user'])).toBe(
      schemaHash(['User', 'Event-Time', 'Source IP']),
    );
    expect(schemaHash(['source_ip', 'user'])).not.toBe(schemaHash(['source_ip', 'user', 'bytes']));
    expect(schemaHash(['a'])).toMatch(/^[0-9a-f]{16}$/);
  });
});

describe('the key entity', () => {
  it("names an incident's source IP, else its host, else its user", () => {
    const base = { source_ips: ['91.240.118.172'], source_hosts: ['dsl.example.net'], users: ['admin'] };
    expect(keyEntity(evidence({ incident: incident(base) }))).toBe('ip:91.240.118.172');
    expect(keyEntity(evidence({ incident: incident({ ...base, source_ips: [] }) }))).toBe(
      'host:dsl.example.net',
    );
    expect(keyEntity(evidence({ incident: incident({ users: ['Admin'] }) }))).toBe('user:admin');
  });

  it("names a row's source address, else its user, else none", () => {
    const source = {
      address: '185.220.101.42',
      scope: 'public' as const,
      rows_in_sheet: 2,
      public_share: 0.01,
    };
    expect(keyEntity(evidence({ source, users: ['john.doe@hospital.sg'] }))).toBe('ip:185.220.101.42');
    expect(keyEntity(evidence({ users: ['John.Doe@hospital.sg'] }))).toBe('user:john.doe@hospital.sg');
    expect(keyEntity(evidence())).toBeNull();
    expect(keyEntity(null)).toBeNull();
  });
});

describe('the pattern', () => {
  it("is an incident's kind, or a row with its template and events", () => {
    expect(findingPattern(evidence({ incident: incident({ kind: 'scan' }) }))).toBe('incident:scan');
    expect(findingPattern(evidence({ events: ['export', 'auth_failure', 'export'] }))).toBe(
      'row:events:auth_failure+export',
    );
    expect(
      findingPattern(evidence({ template: { text: 'Accepted password for <*>', rows_in_sheet: 9 } })),
    ).toMatch(/^row:template:[0-9a-f]{12}$/);
    expect(findingPattern(null)).toBe('row');
  });
});

describe('findingSignature', () => {
  it('is the same for the same schema, entity and pattern, and differs when any of them does', () => {
    const headers = ['username', 'source_ip', 'event'];
    const brute = evidence({ incident: incident({ source_ips: ['91.240.118.172'] }) });
    const signature = findingSignature(headers, brute);
    expect(signature).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{24}$/),
      schema_hash: schemaHash(headers),
      entity: 'ip:91.240.118.172',
      pattern: 'incident:brute_force',
    });
    expect(findingSignature([...headers].reverse(), brute).id).toBe(signature.id);
    expect(findingSignature([...headers, 'port'], brute).id).not.toBe(signature.id);
    expect(
      findingSignature(headers, evidence({ incident: incident({ source_ips: ['10.0.0.1'] }) })).id,
    ).not.toBe(signature.id);
    expect(
      findingSignature(
        headers,
        evidence({ incident: incident({ kind: 'scan', source_ips: ['91.240.118.172'] }) }),
      ).id,
    ).not.toBe(signature.id);
  });
});
