import { describe, expect, it } from 'vitest';
import { extractEntities, ipScope, type TextEntities } from './entities';

const NONE: TextEntities = {
  ips: [],
  ports: [],
  users: [],
  hosts: [],
  paths: [],
  statusCodes: [],
  pids: [],
  uids: [],
};

function entities(text: string): TextEntities {
  return extractEntities(text);
}

describe('extractEntities on OpenSSH lines', () => {
  it('reads the user, address and port of a failed login for an invalid user', () => {
    expect(
      entities('Failed password for invalid user webmaster from 173.234.31.186 port 38152 ssh2'),
    ).toEqual({ ...NONE, ips: ['173.234.31.186'], ports: [38152], users: ['webmaster'] });
  });

  it('reads Failed/Accepted <method> for X from, and sshd[pid]', () => {
    expect(entities('Failed password for root from 1.2.3.4 port 22 ssh2').users).toEqual(['root']);
    expect(entities('sshd[24200]: Accepted publickey for alice from 10.0.0.5 port 51000 ssh2')).toEqual({
      ...NONE,
      ips: ['10.0.0.5'],
      ports: [51000],
      users: ['alice'],
      pids: [24200],
    });
    expect(entities('Invalid user admin from 5.6.7.8 port 4242').users).toEqual(['admin']);
    expect(entities('input_userauth_request: invalid user test [preauth]').users).toEqual(['test']);
  });

  it('reads the pam authentication failure line without taking empty fields for users', () => {
    const line =
      'pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=173.234.31.186  user=root';
    expect(entities(line)).toEqual({ ...NONE, ips: ['173.234.31.186'], users: ['root'], uids: [0] });
    expect(
      entities('authentication failure; logname=alice uid=500 euid=0 ruser=bob rhost=h.example.org'),
    ).toEqual({
      ...NONE,
      users: ['alice', 'bob'],
      hosts: ['h.example.org'],
      uids: [500, 0],
    });
  });

  it('reads the host of a failed reverse mapping', () => {
    const line =
      'reverse mapping checking getaddrinfo for ns.marryaldkfaczcz.com [173.234.31.186] failed - POSSIBLE BREAK-IN ATTEMPT!';
    expect(entities(line)).toEqual({ ...NONE, ips: ['173.234.31.186'], hosts: ['ns.marryaldkfaczcz.com'] });
  });

  it('does not mistake the reason code after "ip:" for a port', () => {
    expect(entities('Received disconnect from 139.59.209.18: 11: Bye Bye [preauth]')).toEqual({
      ...NONE,
      ips: ['139.59.209.18'],
    });
  });

  it('reads the user of "authenticating user X" and rejects sshd placeholders', () => {
    expect(entities('Connection closed by authenticating user root 1.2.3.4 port 22 [preauth]').users).toEqual(
      ['root'],
    );
    expect(entities('Failed none for invalid user  from 1.2.3.4 port 22 ssh2').users).toEqual([]);
    expect(entities('Failed password for invalid user (null) from 1.2.3.4 port 22 ssh2').users).toEqual([]);
  });
});

describe('extractEntities on Linux syslog lines', () => {
  it('maps anonymous FTP and root console logins to users', () => {
    expect(entities('ANONYMOUS FTP LOGIN FROM 84.102.20.2, (anonymous)')).toEqual({
      ...NONE,
      ips: ['84.102.20.2'],
      users: ['anonymous'],
    });
    expect(entities('ROOT LOGIN ON tty2')).toEqual({ ...NONE, users: ['root'] });
  });

  it('reads session opened/closed for user X and keeps (uid=0) as a uid, not a user', () => {
    expect(entities('session opened for user cyrus by (uid=0)')).toEqual({
      ...NONE,
      users: ['cyrus'],
      uids: [0],
    });
    expect(entities('pam_unix(sshd:session): session closed for user news').users).toEqual(['news']);
    expect(entities('session opened for user root(uid=0) by (uid=0)').users).toEqual(['root']);
  });

  it('finds no user in "check pass; user unknown"', () => {
    expect(entities('pam_unix(sshd:auth): check pass; user unknown')).toEqual(NONE);
  });

  it('reads login(1) messages', () => {
    expect(entities('FAILED LOGIN 1 FROM (null) FOR root, Authentication failure').users).toEqual(['root']);
    expect(entities('LOGIN ON pts/0 BY alice FROM host').users).toEqual(['alice']);
  });

  it('does not read a version string as an address', () => {
    expect(entities('syslogd 1.4.1: restart.')).toEqual(NONE);
    expect(entities('openssl version 1.1.1.1 loaded').ips).toEqual([]);
  });

  it('reads the other user phrasings', () => {
    expect(entities("Failed login for user 'mallory'").users).toEqual(['mallory']);
    expect(entities('authentication rejected, user: eve').users).toEqual(['eve']);
    expect(entities('login attempt username=trent result=fail').users).toEqual(['trent']);
    expect(entities('account dave locked after 5 failures').users).toEqual(['dave']);
    expect(entities('password reset mailed to carol@example.org').users).toEqual(['carol@example.org']);
    expect(entities('pam_succeed_if(sshd:auth): requirement not met by user "root"').users).toEqual(['root']);
    expect(entities('alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/bin/ls').users).toEqual([
      'root',
    ]);
  });

  it('does not read ordinary words after "user" or "account" as names', () => {
    expect(entities('user authentication failed for session 4').users).toEqual([]);
    expect(entities('account has expired').users).toEqual([]);
    expect(entities('user=(null) ruser=<unknown>').users).toEqual([]);
  });

  it('deduplicates users in order of appearance', () => {
    expect(
      entities('Failed password for invalid user admin from 1.2.3.4 port 22 ssh2 user=admin ruser=guest')
        .users,
    ).toEqual(['admin', 'guest']);
  });
});

describe('extractEntities on Apache and web lines', () => {
  it('reads the client and path of an error-log line', () => {
    expect(entities('[client 222.166.160.184] Directory index forbidden by rule: /var/www/html/')).toEqual({
      ...NONE,
      ips: ['222.166.160.184'],
      paths: ['/var/www/html/'],
    });
  });

  it('does not need a pid from mod_jk scoreboard lines', () => {
    const found = entities('jk2_init() Found child 6725 in scoreboard slot 10');
    expect(found.ips).toEqual([]);
    expect(found.statusCodes).toEqual([]);
  });

  it('reads an access-log line: address, URL path without query, status', () => {
    const line =
      '10.0.0.5 - - [10/Oct/2000:13:55:36 -0700] "GET /api/orders/1?x=2 HTTP/1.1" 404 2326 "http://example.com/start.html" "Mozilla/5.0"';
    expect(entities(line)).toEqual({
      ...NONE,
      ips: ['10.0.0.5'],
      paths: ['/api/orders/1'],
      statusCodes: [404],
    });
  });

  it('reads status codes only in HTTP context', () => {
    expect(entities('GET /api/x 200 12ms').statusCodes).toEqual([200]);
    expect(entities('upstream status=503 after retry').statusCodes).toEqual([503]);
    expect(entities('backend answered HTTP 500').statusCodes).toEqual([500]);
    expect(entities('HTTP/1.1 301 Moved Permanently').statusCodes).toEqual([301]);
    expect(entities('processed 404 records in 200 ms').statusCodes).toEqual([]);
    expect(entities('status=999 HTTP 600').statusCodes).toEqual([]);
  });

  it('reads host names from "connection from host (ip)" and lower-cases them', () => {
    expect(entities('Connection from Mail.Example.COM (198.51.100.7)')).toEqual({
      ...NONE,
      ips: ['198.51.100.7'],
      hosts: ['mail.example.com'],
    });
    expect(entities('connection from 84.102.20.2 (84.102.20.2) at Sun Jul 24').hosts).toEqual([]);
  });
});

describe('extractEntities addresses, ports and processes', () => {
  it('accepts valid IPv4 and IPv6 and rejects look-alikes', () => {
    expect(entities('a 999.1.1.1 b 01.02.03.04 c 1.2.3.4.5 d 10.0.0.256 e 8.8.8.8').ips).toEqual(['8.8.8.8']);
    expect(entities('from 2001:db8::1 port 22 and fe80::1%eth0, ::1 and ::ffff:10.1.2.3').ips).toEqual([
      '2001:db8::1',
      'fe80::1',
      '::1',
      '::ffff:10.1.2.3',
    ]);
    expect(entities('at 13:55:36 mac 00:1a:2b:3c:4d:5e std::string a::b').ips).toEqual([]);
    expect(entities('from 1.2.3.4 and again 1.2.3.4.').ips).toEqual(['1.2.3.4']);
  });

  it('reads ports after an address, after "port", and from firewall fields', () => {
    expect(entities('connect to 1.2.3.4:8080 and [2001:db8::2]:443').ports).toEqual([8080, 443]);
    expect(entities('IN=eth0 SRC=1.2.3.4 DST=5.6.7.8 SPT=5555 DPT=22 dport=443 dst_port=80').ports).toEqual([
      5555, 22, 443, 80,
    ]);
    expect(entities('port 0 and port 70000 are not ports').ports).toEqual([]);
  });

  it('reads pids and uids', () => {
    expect(entities('/usr/sbin/cron[812]: started pid=42 (pid 43) child pid: 44').pids).toEqual([
      812, 42, 43, 44,
    ]);
    expect(entities('kernel: [12345.678] eth0 up; [4096] queued').pids).toEqual([]);
    expect(entities('sudo uid=1000 euid=0 auid=7').uids).toEqual([1000, 0]);
  });
});

describe('extractEntities on hostile input', () => {
  it('reads only the first 2,000 characters of a very long string', () => {
    expect(entities(`${'a'.repeat(1_000_000)} 1.2.3.4`)).toEqual(NONE);
    expect(entities(`from 1.2.3.4 ${'x'.repeat(5_000)}`).ips).toEqual(['1.2.3.4']);
  });

  it('does not throw on injection text, control characters and pathological repeats', () => {
    const inputs = [
      "'; DROP TABLE users; -- user=' OR 1=1 --",
      '<script>alert(1)</script> GET /../../etc/passwd HTTP/1.1" 200',
      '\u0000\u0007\u001b[31m user \u202e root',
      'user '.repeat(2_000),
      ':'.repeat(5_000),
      '1.'.repeat(3_000),
      'a@'.repeat(3_000),
      '[1'.repeat(3_000),
      '',
    ];
    for (const input of inputs) expect(() => extractEntities(input)).not.toThrow();
    expect(entities('GET /../../etc/passwd HTTP/1.1" 200').paths).toEqual(['/../../etc/passwd']);
    expect(extractEntities(undefined as unknown as string)).toEqual(NONE);
  });
});

describe('ipScope', () => {
  it.each([
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['fd12:3456::1', 'private'],
    ['127.0.0.1', 'loopback'],
    ['::1', 'loopback'],
    ['169.254.10.1', 'reserved'],
    ['224.0.0.1', 'reserved'],
    ['0.0.0.0', 'reserved'],
    ['255.255.255.255', 'reserved'],
    ['192.0.2.5', 'reserved'],
    ['198.51.100.5', 'reserved'],
    ['203.0.113.5', 'reserved'],
    ['100.64.0.1', 'reserved'],
    ['::', 'reserved'],
    ['fe80::1', 'reserved'],
    ['ff02::1', 'reserved'],
    ['2001:db8::1', 'reserved'],
    ['172.32.0.1', 'public'],
    ['173.234.31.186', 'public'],
    ['2606:4700::1111', 'public'],
    ['::ffff:192.168.0.1', 'private'],
    ['::ffff:8.8.8.8', 'public'],
    ['not-an-ip', 'reserved'],
  ])('%s is %s', (ip, scope) => {
    expect(ipScope(ip)).toBe(scope);
  });
});
