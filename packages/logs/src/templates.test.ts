import { describe, expect, it } from 'vitest';
import { mineTemplates, tokenizeLine } from './templates';

const SSHD = [
  'Failed password for root from 1.2.3.4 port 22 ssh2',
  'Failed password for invalid user admin from 5.6.7.8 port 4242 ssh2',
  'Accepted publickey for alice from 10.0.0.5 port 51000 ssh2',
  'pam_unix(sshd:session): session opened for user bob by (uid=0)',
  'Failed password for root from 203.0.113.77 port 60211 ssh2',
  'Failed password for invalid user oracle from 198.51.100.3 port 1022 ssh2',
  'Failed password for root from 5.6.7.8, port 4242 ssh2',
];

function templateOf(mined: ReturnType<typeof mineTemplates>, line: number): string | undefined {
  return mined.templates[mined.ids[line] as number]?.template;
}

describe('tokenizeLine', () => {
  it('masks addresses, numbers, ids, e-mails, URLs and paths', () => {
    expect(tokenizeLine('Connection from 1.2.3.4:2222 to fe80::1 and 2001:db8::7')).toEqual([
      'Connection',
      'from',
      '<*>',
      'to',
      '<*>',
      'and',
      '<*>',
    ]);
    expect(tokenizeLine('took 45ms moved 10MB in 312s at -3.5 ratio 0.25 n 42')).toEqual([
      'took',
      '<*>',
      'moved',
      '<*>',
      'in',
      '<*>',
      'at',
      '<*>',
      'ratio',
      '<*>',
      'n',
      '<*>',
    ]);
    expect(
      tokenizeLine(
        'id 0x7f3a req 3f2a9c01d7 job 123e4567-e89b-12d3-a456-426614174000 to bob@example.com via https://x.example/a?b=1 file /var/log/auth.log',
      ),
    ).toEqual(['id', '<*>', 'req', '<*>', 'job', '<*>', 'to', '<*>', 'via', '<*>', 'file', '<*>']);
  });

  it('keeps words that merely look hexadecimal or contain digits in a name', () => {
    expect(tokenizeLine('deadbeef accepted ssh2 jk2_init() HTTP/1.1 /login')).toEqual([
      'deadbeef',
      'accepted',
      'ssh2',
      'jk2_init()',
      'HTTP/1.1',
      '/login',
    ]);
  });

  it('keeps keys of key=value pairs and names of name[pid]', () => {
    expect(tokenizeLine('sshd[1234]: logname= uid=0 rhost=host.example.com (uid=0)')).toEqual([
      'sshd[<*>]',
      'logname=',
      'uid=<*>',
      'rhost=<*>',
      '(uid=<*>)',
    ]);
  });

  it('drops trailing , ; : so punctuation does not split templates', () => {
    expect(tokenizeLine('from 1.2.3.4, port 22;')).toEqual(tokenizeLine('from 1.2.3.4 port 22'));
    expect(tokenizeLine('Received disconnect from 139.59.209.18: 11: Bye Bye [preauth]')).toEqual([
      'Received',
      'disconnect',
      'from',
      '<*>',
      '<*>',
      'Bye',
      'Bye',
      '[preauth]',
    ]);
  });

  it('masks values wrapped in brackets or followed by a full stop', () => {
    expect(tokenizeLine('[client 1.2.3.4] lookup [173.234.31.186] from 10.0.0.1.')).toEqual([
      '[client',
      '<*>]',
      'lookup',
      '[<*>]',
      'from',
      '<*>.',
    ]);
  });
});

describe('mineTemplates', () => {
  it('groups sshd failures from different addresses and keeps different events apart', () => {
    const mined = mineTemplates(SSHD);
    expect(mined.ids[0]).toBe(mined.ids[4]);
    expect(mined.ids[0]).toBe(mined.ids[6]);
    expect(mined.ids[1]).toBe(mined.ids[5]);
    expect(mined.ids[0]).not.toBe(mined.ids[1]);
    expect(mined.ids[2]).not.toBe(mined.ids[0]);
    expect(templateOf(mined, 0)).toBe('Failed password for root from <*> port <*> ssh2');
    expect(templateOf(mined, 1)).toBe('Failed password for invalid user <*> from <*> port <*> ssh2');
    expect(templateOf(mined, 2)).toBe('Accepted publickey for alice from <*> port <*> ssh2');
    expect(templateOf(mined, 3)).toBe('pam_unix(sshd:session) session opened for user bob by (uid=<*>)');
  });

  it('assigns ids in order of first appearance with counts and first lines', () => {
    const mined = mineTemplates(SSHD);
    expect(Array.from(mined.ids)).toEqual([0, 1, 2, 3, 0, 1, 0]);
    expect(mined.templates.map((t) => [t.id, t.count, t.firstLine])).toEqual([
      [0, 3, 0],
      [1, 2, 1],
      [2, 1, 2],
      [3, 1, 3],
    ]);
  });

  it('groups apache lines that differ only in the client address', () => {
    const mined = mineTemplates([
      '[client 222.166.160.184] Directory index forbidden by rule: /var/www/html/',
      '[client 4.245.93.87] Directory index forbidden by rule: /var/www/html/',
      'jk2_init() Found child 6725 in scoreboard slot 10',
      '[client 61.138.216.82] Directory index forbidden by rule: /var/www/html/',
      'jk2_init() Found child 6726 in scoreboard slot 8',
    ]);
    expect(Array.from(mined.ids)).toEqual([0, 0, 1, 0, 1]);
    expect(mined.templates[0]).toMatchObject({
      template: '[client <*>] Directory index forbidden by rule <*>',
      count: 3,
    });
    expect(mined.templates[1]?.template).toBe('jk2_init() Found child <*> in scoreboard slot <*>');
  });

  it('gives a one-off line its own template with count 1', () => {
    const mined = mineTemplates([...SSHD, 'syslogd 1.4.1: restart.']);
    const last = mined.templates[mined.ids[SSHD.length] as number];
    expect(last).toEqual({ id: 4, template: 'syslogd 1.4.1 restart.', count: 1, firstLine: SSHD.length });
  });

  it('turns positions that differ into <*> once lines are similar enough', () => {
    const mined = mineTemplates([
      'session opened for user alice by sshd',
      'session opened for user bob by sshd',
      'session opened for group staff by cron',
    ]);
    expect(mined.templates.map((t) => t.template)).toEqual(['session opened for <*> <*> by <*>']);
    expect(mined.templates[0]?.count).toBe(3);
  });

  it('respects the similarity threshold', () => {
    const lines = ['disk sda1 is full now', 'disk sdb2 is full again'];
    expect(mineTemplates(lines).templates).toHaveLength(1);
    expect(mineTemplates(lines, { similarity: 0.9 }).templates).toHaveLength(2);
  });

  it('routes unseen first tokens through <*> once a node is full', () => {
    const lines = ['alpha started ok', 'beta started ok', 'gamma started ok', 'delta started ok'];
    const wide = mineTemplates(lines);
    expect(wide.templates).toHaveLength(4);
    const narrow = mineTemplates(lines, { maxChildren: 2 });
    // alpha gets its own child; the last slot is kept for <*>, where beta, gamma and delta meet.
    expect(Array.from(narrow.ids)).toEqual([0, 1, 1, 1]);
    expect(narrow.templates[1]?.template).toBe('<*> started ok');
  });

  it('marks null, undefined and blank lines with -1 and mines the rest', () => {
    const mined = mineTemplates([
      null,
      'Failed password for root from 1.2.3.4 port 22 ssh2',
      '   ',
      undefined,
      '',
    ]);
    expect(Array.from(mined.ids)).toEqual([-1, 0, -1, -1, -1]);
    expect(mined.templates).toHaveLength(1);
    expect(mineTemplates([]).templates).toEqual([]);
  });

  it('is deterministic for the same lines in the same order', () => {
    const lines = Array.from({ length: 500 }, (_, i) =>
      i % 3 === 0
        ? `Failed password for user${i % 7} from 10.0.${i % 250}.${i % 200} port ${1000 + i} ssh2`
        : i % 3 === 1
          ? `[client 192.168.1.${i % 250}] File does not exist: /var/www/html/${i}.png`
          : `worker ${i} finished job ${i * 7} in ${i % 90}ms`,
    );
    const a = mineTemplates(lines);
    const b = mineTemplates([...lines]);
    expect(Array.from(a.ids)).toEqual(Array.from(b.ids));
    expect(a.templates).toEqual(b.templates);
    expect(a.templates.length).toBeLessThanOrEqual(6);
  });

  it('sends lines that match nothing in a full leaf to one catch-all cluster', () => {
    const word = (k: number) =>
      k.toString(26).replace(/./g, (d) => String.fromCharCode(97 + Number.parseInt(d, 26)));
    const lines = Array.from({ length: 400 }, (_, i) =>
      ['probe', 'event', ...Array.from({ length: 9 }, (_, j) => word(1_000 + i * 9 + j))].join(' '),
    );
    const mined = mineTemplates(lines);
    expect(mined.templates).toHaveLength(257);
    expect(mined.templates[256]).toMatchObject({ count: 144, firstLine: 256 });
    expect(mined.templates[256]?.template).toBe(`probe event ${Array(9).fill('<*>').join(' ')}`);
    expect(mined.templates[0]?.count).toBe(1);
  });

  it('survives hostile input', () => {
    const long = `${'x'.repeat(100_000)} ${'1.2.3.4 '.repeat(10_000)}`;
    const mined = mineTemplates([long, long, '\u0000\u0007 <*> <*>', ',,,', '<script>alert(1)</script>']);
    expect(mined.ids[0]).toBe(mined.ids[1]);
    expect(mined.ids[3]).toBeGreaterThanOrEqual(0);
    expect(mined.templates.every((t) => t.template.length <= 4_096)).toBe(true);
  });
});
