/**
 * An internet-facing OpenSSH server's auth log, in the column split of Loghub's SSH sample.
 * The noise is what such a host really shows — staff logins (with the odd typo), automation,
 * scanners and a few one-off guesses — so that only the sustained guessing plus the one login
 * it won stands out.
 */
import {
  at,
  clientPort,
  DAY,
  HOUR,
  type LogSheet,
  OFFICE_HOURS,
  PidPool,
  type PidRef,
  publicIp,
  Rng,
  rowsTagged,
  syslogStamp,
  Timeline,
} from './log-fixtures-core';

export interface SshdAuthTruth {
  /** The one `Accepted password` line from an attacking IP for a user it had been guessing. */
  acceptedAfterBruteForceRow: number;
  /** Every line of the attackers' failed connections (not the session they won). */
  bruteForceRows: number[];
  attackerIps: string[];
  targetedUsers: string[];
}

const HOST = 'LabSZ';
// Syslog has no year; 2016 only fixes which calendar the Date/Day columns follow.
const EPOCH = Date.UTC(2016, 11, 10, 0, 0, 0);
const LINES = 2000;
// Generate past the cut so the head of the file, not the end of the streams, sets its length.
const SPAN = 2.3 * DAY;
const ATTACK_START = DAY + 14 * HOUR + 12 * 60 + 7;

interface Account {
  name: string;
  method: 'publickey' | 'password';
  hosts: string[];
  home?: string;
}

const STAFF: Account[] = [
  { name: 'alice', method: 'publickey', hosts: ['10.10.4.21', '10.10.4.88'] },
  { name: 'bob', method: 'password', hosts: ['10.10.4.35'], home: '78.46.113.209' },
  { name: 'carol', method: 'publickey', hosts: ['10.10.5.12'] },
  { name: 'dmitri', method: 'password', hosts: ['10.10.5.47', '10.10.9.3'] },
  { name: 'erin', method: 'password', hosts: ['10.10.4.140'] },
  { name: 'fwang', method: 'publickey', hosts: ['10.10.6.19'] },
  { name: 'gpatel', method: 'password', hosts: ['10.10.6.77'], home: '88.212.45.130' },
  { name: 'hkim', method: 'publickey', hosts: ['10.10.7.5', '10.10.7.6'] },
];

const ATTACKERS = ['61.177.172.104', '185.190.58.151', '103.99.0.122'] as const;
const DICTIONARY = [
  ...'admin oracle test user postgres ubuntu guest ftpuser pi support'.split(' '),
  ...'nagios git tomcat mysql hadoop ftp www teamspeak minecraft jenkins'.split(' '),
];
const PROBE_USERS = ['test', 'guest', 'user', 'ubnt', 'support', 'pi', 'admin', 'test1'];
const ISP_DOMAINS = ['static.ctinets.com', 'rev.vnpt.vn', 'dynamic.163data.com.cn', 'ip.telecom.net.ar'];

type Say = (t: number, ref: PidRef, content: string, tag?: string) => void;

const authFailure = (ip: string, user?: string): string =>
  `pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=${ip}${user ? `  user=${user}` : ''}`;

export function sshdAuthLog(): LogSheet<SshdAuthTruth> {
  const rng = new Rng(0x55d0a17);
  const timeline = new Timeline();
  const pids = new PidPool();
  const say: Say = (t, ref, content, tag) => timeline.add(t, () => [HOST, ref.pid, content], tag);

  staffSessions(rng, pids, say);
  automation(rng, pids, say);
  internetNoise(rng, pids, say);
  const targeted = bruteForce(rng, pids, say);
  pids.assign(rng, 24_180, 23);

  const lines = timeline.take(LINES);
  const accepted = rowsTagged(lines, 'accepted');
  if (accepted.length !== 1) throw new Error('the planted login fell outside the exported lines');
  return {
    name: 'sshd-auth',
    headers: ['LineId', 'Date', 'Day', 'Time', 'Component', 'Pid', 'Content'],
    rows: lines.map((line, i) => [i + 1, ...syslogStamp(EPOCH, line.t), ...line.cells]),
    truth: {
      acceptedAfterBruteForceRow: accepted[0] ?? -1,
      bruteForceRows: rowsTagged(lines, 'brute'),
      attackerIps: [...ATTACKERS],
      targetedUsers: [...targeted].sort(),
    },
  };
}

/** One interactive login, sometimes after a mistyped password on the same connection. */
function login(rng: Rng, pids: PidPool, say: Say, t: number, user: Account, ip: string, tag?: string): void {
  const ref = pids.at(t);
  const port = clientPort(rng);
  let s = t;
  // The intruder's login (tagged) is clean: the guessing happened on earlier connections.
  if (!tag && user.method === 'password' && rng.chance(0.12)) {
    say(s, ref, authFailure(ip, user.name));
    say(s + rng.int(1, 3), ref, `Failed password for ${user.name} from ${ip} port ${port} ssh2`);
    s += rng.int(5, 14);
  }
  say(s, ref, `Accepted ${user.method} for ${user.name} from ${ip} port ${port} ssh2`, tag);
  const after = tag ? 'compromise' : undefined;
  say(s, ref, `pam_unix(sshd:session): session opened for user ${user.name} by (uid=0)`, after);
  const end = s + Math.max(25, Math.round(rng.exp(45 * 60)));
  const bye = rng.chance(0.85)
    ? `Received disconnect from ${ip}: 11: disconnected by user`
    : `Connection closed by ${ip}`;
  say(end, ref, bye, after);
  say(end, ref, `pam_unix(sshd:session): session closed for user ${user.name}`, after);
}

function staffSessions(rng: Rng, pids: PidPool, say: Say): void {
  for (let day = 0; day * DAY < SPAN; day++) {
    for (const user of STAFF) {
      for (let n = rng.int(2, 6); n > 0; n--) {
        login(rng, pids, say, day * DAY + rng.timeOfDay(OFFICE_HOURS), user, rng.pick(user.hosts));
      }
      if (user.home && rng.chance(0.6)) {
        login(rng, pids, say, day * DAY + rng.int(19 * HOUR, 23 * HOUR), user, user.home);
      }
    }
    // Whoever is on call gets paged and comes in over the VPN.
    if (rng.chance(0.7)) {
      const user = rng.pick(STAFF);
      login(rng, pids, say, day * DAY + rng.int(0, 6 * HOUR), user, `10.8.0.${rng.int(2, 60)}`);
    }
  }
}

function automation(rng: Rng, pids: PidPool, say: Say): void {
  // CI deploys follow commits: every half hour or so in the working day, rarely at night.
  const gap = (t: number): number => (at(OFFICE_HOURS, Math.floor((t % DAY) / HOUR)) > 1 ? 2400 : 7200);
  for (let t = rng.exp(2400); t < SPAN; t += rng.exp(gap(t))) {
    const ref = pids.at(t);
    const port = clientPort(rng);
    const end = t + rng.int(4, 95);
    say(t, ref, `Accepted publickey for deploy from 10.20.0.15 port ${port} ssh2`);
    say(t, ref, 'pam_unix(sshd:session): session opened for user deploy by (uid=0)');
    say(end, ref, 'Received disconnect from 10.20.0.15: 11: disconnected by user');
    say(end, ref, 'pam_unix(sshd:session): session closed for user deploy');
  }
  for (let day = 0; day * DAY < SPAN; day++) {
    const t = day * DAY + HOUR + 30 * 60 + rng.int(0, 40);
    const ref = pids.at(t);
    const end = t + rng.int(14 * 60, 32 * 60);
    say(t, ref, `Accepted publickey for backup from 10.20.0.40 port ${clientPort(rng)} ssh2`);
    say(t, ref, 'pam_unix(sshd:session): session opened for user backup by (uid=0)');
    say(end, ref, 'Received disconnect from 10.20.0.40: 11: disconnected by user');
    say(end, ref, 'pam_unix(sshd:session): session closed for user backup');
  }
}

/** Scanners and one-off guesses: many addresses, a few recurring, none persistent. */
function internetNoise(rng: Rng, pids: PidPool, say: Say): void {
  const scanners = Array.from({ length: 160 }, () => publicIp(rng));
  const badRdns = new Set(scanners.filter(() => rng.chance(0.3)));
  const rdnsName = (ip: string): string => `${ip.split('.').join('-')}.${rng.pick(ISP_DOMAINS)}`;

  for (let t = rng.exp(230); t < SPAN; t += rng.exp(230)) {
    const ip = rng.pickSkewed(scanners);
    const ref = pids.at(t);
    let s = t;
    if (badRdns.has(ip)) {
      say(
        s,
        ref,
        `reverse mapping checking getaddrinfo for ${rdnsName(ip)} [${ip}] failed - POSSIBLE BREAK-IN ATTEMPT!`,
      );
      s += rng.int(0, 2);
    }
    const kind = rng.weighted([
      ['closed', 30],
      ['bye', 14],
      ['noident', 2],
      ['reset', 3],
      ['badproto', 1],
    ] as const);
    if (kind === 'closed') say(s + rng.int(0, 20), ref, `Connection closed by ${ip} [preauth]`);
    if (kind === 'bye') say(s + rng.int(0, 8), ref, `Received disconnect from ${ip}: 11: Bye Bye [preauth]`);
    if (kind === 'noident') say(s + 120, ref, `Did not receive identification string from ${ip}`);
    if (kind === 'reset')
      say(s + rng.int(0, 5), ref, 'fatal: Read from socket failed: Connection reset by peer [preauth]');
    if (kind === 'badproto')
      say(s, ref, `Bad protocol version identification 'GET / HTTP/1.1' from ${ip} port ${clientPort(rng)}`);
  }

  // A handful of single guesses from addresses that never come back.
  for (let i = 0; i < 9; i++) {
    const t = rng.float() * SPAN;
    const ip = publicIp(rng);
    const ref = pids.at(t);
    if (i < 6) {
      const user = rng.pick(PROBE_USERS);
      say(t, ref, `Invalid user ${user} from ${ip}`);
      say(t, ref, `input_userauth_request: invalid user ${user} [preauth]`);
      if (rng.chance(0.6)) {
        say(t + 2, ref, 'pam_unix(sshd:auth): check pass; user unknown');
        say(t + 2, ref, authFailure(ip));
        say(t + 4, ref, `Failed password for invalid user ${user} from ${ip} port ${clientPort(rng)} ssh2`);
      }
      say(t + rng.int(4, 9), ref, `Connection closed by ${ip} [preauth]`);
    } else {
      say(t, ref, authFailure(ip, 'root'));
      say(t + 2, ref, `Failed password for root from ${ip} port ${clientPort(rng)} ssh2`);
      say(t + 3, ref, `Received disconnect from ${ip}: 11: Bye Bye [preauth]`);
    }
  }
}

/**
 * Three addresses guessing for ~30 minutes in bursts. The first hammers root until sshd's
 * MaxAuthTries cuts it off; the second walks a username list and gets in as `deploy`; the
 * third mixes both. Returns the usernames tried.
 */
function bruteForce(rng: Rng, pids: PidPool, say: Say): Set<string> {
  const [hammer, walker, mixer] = ATTACKERS;
  const users = new Set<string>();
  const tag = 'brute';

  // A connection that tries one existing account `tries` times; returns the lines written.
  const validUser = (t: number, ip: string, user: string, tries: number): number => {
    users.add(user);
    const ref = pids.at(t);
    const port = clientPort(rng);
    const failed = `Failed password for ${user} from ${ip} port ${port} ssh2`;
    const pam = `logname= uid=0 euid=0 tty=ssh ruser= rhost=${ip}  user=${user}`;
    say(t, ref, authFailure(ip, user), tag);
    say(t + 2, ref, failed, tag);
    let n = 2;
    if (tries > 1) {
      say(t + 2 + 2 * tries, ref, `message repeated ${tries - 1} times: [ ${failed}]`, tag);
      n++;
    }
    const end = t + 3 + 2 * tries;
    if (tries >= 6) {
      say(
        end,
        ref,
        `error: maximum authentication attempts exceeded for ${user} from ${ip} port ${port} ssh2 [preauth]`,
        tag,
      );
      say(end, ref, `Disconnecting: Too many authentication failures for ${user} [preauth]`, tag);
      say(end, ref, `PAM 5 more authentication failures; ${pam}`, tag);
      say(end, ref, 'PAM service(sshd) ignoring max retries; 6 > 3', tag);
      return n + 4;
    }
    say(
      end,
      ref,
      rng.chance(0.7)
        ? `Received disconnect from ${ip}: 11: Bye Bye [preauth]`
        : `Connection closed by ${ip} [preauth]`,
      tag,
    );
    if (tries > 1) say(end, ref, `PAM ${tries - 1} more authentication failures; ${pam}`, tag);
    return n + (tries > 1 ? 2 : 1);
  };

  const invalidUser = (t: number, ip: string, user: string): number => {
    users.add(user);
    const ref = pids.at(t);
    say(t, ref, `Invalid user ${user} from ${ip}`, tag);
    say(t, ref, `input_userauth_request: invalid user ${user} [preauth]`, tag);
    if (rng.chance(0.1)) {
      say(t + rng.int(1, 4), ref, `Connection closed by ${ip} [preauth]`, tag);
      return 3;
    }
    say(t + 2, ref, 'pam_unix(sshd:auth): check pass; user unknown', tag);
    say(t + 2, ref, authFailure(ip), tag);
    say(t + 4, ref, `Failed password for invalid user ${user} from ${ip} port ${clientPort(rng)} ssh2`, tag);
    say(t + 5, ref, `Received disconnect from ${ip}: 11: Bye Bye [preauth]`, tag);
    return 6;
  };

  let t = ATTACK_START;
  let hammered = 0;
  for (; hammered < 100; t += rng.int(180, 420)) {
    for (let burst = rng.int(2, 5); burst > 0 && hammered < 100; burst--) {
      hammered += validUser(t + rng.int(0, 6), hammer, 'root', rng.int(2, 6));
    }
  }

  t = ATTACK_START + rng.int(60, 150);
  let walked = 0;
  for (let i = 0; walked < 85; t += rng.int(150, 360)) {
    for (let burst = rng.int(3, 6); burst > 0 && walked < 85; burst--, i++) {
      walked += invalidUser(t + 2 * burst + rng.int(0, 2), walker, at(DICTIONARY, i % DICTIONARY.length));
    }
  }
  walked += validUser(t, walker, 'deploy', rng.int(1, 3));
  walked += validUser(t + rng.int(20, 40), walker, 'deploy', rng.int(2, 3));
  const intruder: Account = { name: 'deploy', method: 'password', hosts: [walker] };
  login(rng, pids, say, t + rng.int(70, 110), intruder, walker, 'accepted');

  t = ATTACK_START + rng.int(240, 360);
  for (let mixed = hammered + walked; mixed < 300; t += rng.int(90, 260)) {
    for (let burst = rng.int(1, 3); burst > 0 && mixed < 300; burst--) {
      const start = t + rng.int(0, 12);
      mixed += rng.chance(0.45)
        ? validUser(start, mixer, 'root', rng.int(1, 3))
        : invalidUser(start, mixer, rng.pick(DICTIONARY));
    }
  }
  return users;
}
