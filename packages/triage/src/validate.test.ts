import { describe, expect, it } from 'vitest';
import { EVIDENCE_QUOTE_LIMIT, isSafeUsername, parseIp, quoteEvidence } from './validate';

describe('parseIp', () => {
  it.each([
    ['185.220.101.42', 4, 'public'],
    ['10.1.2.3', 4, 'private'],
    ['172.31.255.1', 4, 'private'],
    ['192.168.0.1', 4, 'private'],
    ['100.64.0.1', 4, 'private'],
    ['203.0.113.7', 4, 'reserved'],
    ['2606:4700::1111', 6, 'public'],
    ['fd00::1', 6, 'private'],
    ['fe80::1', 6, 'private'],
    ['::1', 6, 'private'],
    ['::ffff:10.0.0.1', 6, 'private'],
    ['::ffff:8.8.8.8', 6, 'public'],
    ['2001:db8::1', 6, 'reserved'],
  ])('%s → IPv%i %s', (ip, family, scope) => {
    expect(parseIp(ip)).toMatchObject({ family, scope });
  });

  it.each([
    '010.1.1.1',
    '1.2.3.4 ',
    '1.2.3.4/32',
    '1.2.3.4:22',
    '256.1.1.1',
    'fe80::1%eth0',
    'fe80::1%$(id)',
    '1.2.3.4;rm -rf /',
    '',
    42,
    null,
  ])('rejects %o', (value) => {
    expect(parseIp(value)).toBeNull();
  });
});

describe('isSafeUsername', () => {
  it.each(['john.doe@hospital.sg', 'alice', 'svc_backup+1', 'a-b'])('accepts %s', (u) => {
    expect(isSafeUsername(u)).toBe(true);
  });
  it.each(["x'; rm -rf /", 'a b', '--profile=x', '', 'é', 'a'.repeat(129), '$(id)'])('rejects %o', (u) => {
    expect(isSafeUsername(u)).toBe(false);
  });
});

describe('quoteEvidence', () => {
  it('escapes quotes and neutralises control and bidi characters', () => {
    expect(quoteEvidence('say "hi"\n\u202Egnp.exe')).toBe('"say \\"hi\\"\uFFFD\uFFFDgnp.exe"');
  });

  it('cuts at the limit on code points, never splitting a surrogate pair', () => {
    const quoted = JSON.parse(quoteEvidence('😀'.repeat(EVIDENCE_QUOTE_LIMIT + 5))) as string;
    expect(Array.from(quoted)).toHaveLength(EVIDENCE_QUOTE_LIMIT + 1);
    expect(quoted.endsWith('😀…')).toBe(true);
  });
});
