/**
 * A Red Hat-era Linux box's /var/log/messages, in the column split of Loghub's Linux sample
 * (the Level column holds the hostname there, as the parser left it). Most of it is cron and
 * the 04:02 logrotate run; root sessions opened by (uid=0) are routine, a root login on a
 * console is not.
 */
import {
  at,
  ctime,
  DAY,
  HOUR,
  type LogSheet,
  OFFICE_HOURS,
  PidPool,
  type PidRef,
  Rng,
  rowsTagged,
  syslogStamp,
  Timeline,
} from './log-fixtures-core';

export interface LinuxSyslogTruth {
  /** `ROOT LOGIN ON tty2` and its login(pam_unix) session lines. */
  rootConsoleLoginRows: number[];
  /** Every line of the anonymous FTP sessions from the public address (xinetd and ftpd). */
  anonymousFtpRows: number[];
  /** Every line of the unknown-user ssh and telnet attempts from the two public addresses. */
  unknownUserRows: number[];
  /** Components that also log routine lines, so a component alone does not mark an incident. */
  noiseComponents: string[];
}

const HOST = 'combo';
const EPOCH = Date.UTC(2005, 5, 14, 0, 0, 0);
const LINES = 2000;
const SPAN = 7 * DAY;
const XINETD: PidRef = { pid: 1718, t: 0 };

const CONSOLE_AT = DAY + 23 * HOUR + 41 * 60 + 17;
const FTP_AT = 2 * DAY + 2 * HOUR + 13 * 60 + 4;
const UNKNOWN_AT = 2 * DAY + 14 * HOUR + 37 * 60 + 51;
const FTP_VISITOR = '84.139.217.38';
const SSH_GUESSER = '211.72.151.162';
const TELNET_GUESSER = '61.53.154.93';

const INTERNAL_FTP = [
  { ip: '10.0.3.17', host: 'build-02.lab.internal', user: 'builder' },
  { ip: '10.0.3.22', host: 'build-03.lab.internal', user: 'builder' },
  { ip: '10.0.5.104', host: 'ws-jsmith.lab.internal', user: 'jsmith' },
  { ip: '10.0.5.131', host: 'ws-mlopez.lab.internal', user: 'mlopez' },
];
const SSH_USERS = [
  { user: 'jsmith', ip: '10.0.5.104' },
  { user: 'mlopez', ip: '10.0.5.131' },
  { user: 'akumar', ip: '10.0.5.140' },
];
// Even entries may be followed by the next one: a link flap, a USB plug and pull, a martian's
// header dump, an nfs stall clearing.
const KERNEL_CHATTER = [
  'e100: eth0: e100_watchdog: link down',
  'e100: eth0: e100_watchdog: link up, 100Mbps, full-duplex',
  'hub 1-0:1.0: new USB device on port 1, assigned address 2',
  'usb 1-1: USB disconnect, address 2',
  'martian source 255.255.255.255 from 10.0.0.1, on dev eth0',
  'll header: ff:ff:ff:ff:ff:ff:00:0e:0c:3a:b1:57:08:00',
  'nfs: server fileserv not responding, still trying',
  'nfs: server fileserv OK',
  'SELinux: initialized (dev rpc_pipefs, type rpc_pipefs), uses genfs_contexts',
];

type Say = (
  t: number,
  component: string,
  pid: PidRef | null,
  content: string | (() => string),
  tag?: string,
) => void;

export function linuxSyslog(): LogSheet<LinuxSyslogTruth> {
  const rng = new Rng(0x1e5_9109);
  const timeline = new Timeline();
  const pids = new PidPool();
  const say: Say = (t, component, pid, content, tag) =>
    timeline.add(
      t,
      () => [HOST, component, pid?.pid ?? null, typeof content === 'string' ? content : content()],
      tag,
    );

  cron(rng, pids, say);
  nightlyRotation(rng, pids, say);
  daytime(rng, pids, say);
  planted(rng, pids, say);
  pids.assign(rng, 2790, 9);

  const lines = timeline.take(LINES);
  const rootConsoleLoginRows = rowsTagged(lines, 'root-console');
  const anonymousFtpRows = rowsTagged(lines, 'anon-ftp');
  const unknownUserRows = rowsTagged(lines, 'unknown-user');
  const noiseComponents = new Set(lines.filter((l) => l.tag === undefined).map((l) => String(l.cells[1])));
  return {
    name: 'linux-syslog',
    headers: ['LineId', 'Month', 'Date', 'Time', 'Level', 'Component', 'PID', 'Content'],
    rows: lines.map((line, i) => [i + 1, ...syslogStamp(EPOCH, line.t), ...line.cells]),
    truth: {
      rootConsoleLoginRows,
      anonymousFtpRows,
      unknownUserRows,
      noiseComponents: [...noiseComponents].sort(),
    },
  };
}

/** A cron job as pam sees it: a session for the job's user, closed when the job exits. */
function cronSession(pids: PidPool, say: Say, t: number, user: string, runs: number): void {
  const ref = pids.at(t);
  say(t, 'crond(pam_unix)', ref, `session opened for user ${user} by (uid=0)`);
  say(t + runs, 'crond(pam_unix)', ref, `session closed for user ${user}`);
}

function cron(rng: Rng, pids: PidPool, say: Say): void {
  for (let t = 1; t < SPAN; t += 1200) cronSession(pids, say, t, 'root', rng.int(0, 2)); // sysstat sa1
  for (let t = 61; t < SPAN; t += HOUR) cronSession(pids, say, t, 'root', rng.int(1, 4)); // cron.hourly
  for (let t = 301; t < SPAN; t += HOUR) cronSession(pids, say, t, 'mailman', rng.int(0, 1)); // gate_news
}

/** cron.daily at 04:02: logrotate bounces syslogd and cups, then the news and cyrus jobs run as su. */
function nightlyRotation(rng: Rng, pids: PidPool, say: Say): void {
  for (let day = 0; day * DAY < SPAN; day++) {
    const t = day * DAY + 4 * HOUR + 2 * 60 + 1;
    const daily = pids.at(t);
    say(t, 'crond(pam_unix)', daily, 'session opened for user root by (uid=0)');
    let s = t + rng.int(2, 6);
    say(s, 'cups', null, 'cupsd shutdown succeeded');
    say(s + rng.int(2, 4), 'cups', null, 'cupsd startup succeeded');
    s += rng.int(5, 9);
    say(s, 'syslogd 1.4.1', null, 'restart.');
    say(s, 'syslog', null, 'syslogd startup succeeded');
    say(s + 1, 'kernel', null, 'klogd 1.4.1, log source = /proc/kmsg started.');
    if (rng.chance(0.7)) say(s + 1, 'logrotate', null, 'ALERT exited abnormally with [1]');
    for (const user of ['cyrus', 'news']) {
      s += rng.int(20, 70);
      const su = pids.at(s);
      say(s, 'su(pam_unix)', su, `session opened for user ${user} by (uid=0)`);
      say(s + rng.int(1, 40), 'su(pam_unix)', su, `session closed for user ${user}`);
    }
    say(s + rng.int(60, 140), 'crond(pam_unix)', daily, 'session closed for user root');
    // news expiry runs again in the afternoon.
    const afternoon = day * DAY + 16 * HOUR + 3 * 60 + rng.int(0, 20);
    const su = pids.at(afternoon);
    say(afternoon, 'su(pam_unix)', su, 'session opened for user news by (uid=0)');
    say(afternoon + rng.int(2, 30), 'su(pam_unix)', su, 'session closed for user news');
  }
}

function ftpSession(
  rng: Rng,
  pids: PidPool,
  say: Say,
  t: number,
  from: { ip: string; host: string; user: string },
  tag?: string,
): void {
  const ref = pids.at(t);
  const length = rng.int(3, 240);
  say(t, 'xinetd', XINETD, () => `START: ftp pid=${ref.pid} from=${from.ip}`, tag);
  say(t, 'ftpd', ref, `connection from ${from.ip} (${from.host}) at ${ctime(EPOCH, t)}`, tag);
  const login =
    from.user === 'anonymous'
      ? `ANONYMOUS FTP LOGIN FROM ${from.ip}, (anonymous)`
      : `FTP LOGIN FROM ${from.ip} [${from.ip}], ${from.user}`;
  say(t + rng.int(1, 6), 'ftpd', ref, login, tag);
  say(t + length, 'ftpd', ref, 'FTP session closed', tag);
  say(t + length, 'xinetd', XINETD, () => `EXIT: ftp status=0 pid=${ref.pid} duration=${length}(sec)`, tag);
}

/** People at work: internal ftp transfers, ssh and desktop sessions, and the kernel's chatter. */
function daytime(rng: Rng, pids: PidPool, say: Say): void {
  for (let day = 0; day * DAY < SPAN; day++) {
    const base = day * DAY;
    for (let n = rng.int(4, 9); n > 0; n--) {
      ftpSession(rng, pids, say, base + rng.timeOfDay(OFFICE_HOURS), rng.pick(INTERNAL_FTP));
    }
    for (let n = rng.int(3, 6); n > 0; n--) {
      const { user, ip } = rng.pick(SSH_USERS);
      const t = base + rng.timeOfDay(OFFICE_HOURS);
      const ref = pids.at(t);
      if (rng.chance(0.1)) {
        // A mistyped password on a first connection, then the retry that worked.
        const typo = t - rng.int(4, 9);
        const failure = `authentication failure; logname= uid=0 euid=0 tty=NODEVssh ruser= rhost=${ip}  user=${user}`;
        say(typo, 'sshd(pam_unix)', pids.at(typo), failure);
      }
      say(t, 'sshd(pam_unix)', ref, `session opened for user ${user} by (uid=0)`);
      say(t + rng.int(300, 4 * HOUR), 'sshd(pam_unix)', ref, `session closed for user ${user}`);
    }
    const desk = base + 8 * HOUR + rng.int(20 * 60, 70 * 60);
    const gdm = pids.at(desk);
    say(desk, 'gdm(pam_unix)', gdm, 'session opened for user jsmith by (uid=0)');
    say(desk + rng.int(8 * HOUR, 10 * HOUR), 'gdm(pam_unix)', gdm, 'session closed for user jsmith');
    for (let n = rng.int(2, 6); n > 0; n--) {
      const t = base + rng.int(0, DAY - 1);
      const i = rng.int(0, KERNEL_CHATTER.length - 1);
      say(t, 'kernel', null, at(KERNEL_CHATTER, i));
      if (i % 2 === 0 && i + 1 < KERNEL_CHATTER.length) {
        say(t + rng.int(0, 40), 'kernel', null, at(KERNEL_CHATTER, i + 1));
      }
    }
  }
  // A non-root console login, so the login component is not itself the signal.
  const t = 3 * DAY + 10 * HOUR + 12 * 60 + 40;
  const ref = pids.at(t - 30);
  say(t, 'login(pam_unix)', ref, 'session opened for user akumar by LOGIN(uid=0)');
  say(t + 20 * 60 + 11, 'login(pam_unix)', ref, 'session closed for user akumar');
}

function planted(rng: Rng, pids: PidPool, say: Say): void {
  const tty = pids.at(CONSOLE_AT - rng.int(20, 90));
  say(CONSOLE_AT, 'login(pam_unix)', tty, 'session opened for user root by LOGIN(uid=0)', 'root-console');
  say(CONSOLE_AT, 'login', tty, 'ROOT LOGIN ON tty2', 'root-console');
  const logout = CONSOLE_AT + rng.int(15 * 60, 35 * 60);
  say(logout, 'login(pam_unix)', tty, 'session closed for user root', 'root-console');

  const visitor = { ip: FTP_VISITOR, host: 'p548bd926.dip.t-dialin.net', user: 'anonymous' };
  ftpSession(rng, pids, say, FTP_AT, visitor, 'anon-ftp');
  ftpSession(rng, pids, say, FTP_AT + rng.int(6 * 60, 11 * 60), visitor, 'anon-ftp');

  // Guesses at names the box does not have: a quick ssh run, then a slower go over telnet.
  const guess: Say = (when, component, pid, content) => say(when, component, pid, content, 'unknown-user');
  const sshFailure = `authentication failure; logname= uid=0 euid=0 tty=NODEVssh ruser= rhost=${SSH_GUESSER}`;
  let t = UNKNOWN_AT;
  for (let n = 0; n < 6; n++, t += rng.int(3, 9)) {
    const ref = pids.at(t);
    guess(t, 'sshd(pam_unix)', ref, 'check pass; user unknown');
    guess(t, 'sshd(pam_unix)', ref, sshFailure);
  }
  t += rng.int(150, 240);
  const connected = t;
  const telnet = pids.at(t);
  const telnetFailure = `authentication failure; logname= uid=0 euid=0 tty=pts/1 ruser= rhost=${TELNET_GUESSER}`;
  const unknown = 'User not known to the underlying authentication module';
  guess(t, 'xinetd', XINETD, () => `START: telnet pid=${telnet.pid} from=${TELNET_GUESSER}`);
  for (const [i, user] of ['oracle', 'test'].entries()) {
    t += rng.int(9, 22);
    guess(t, 'login(pam_unix)', telnet, 'check pass; user unknown');
    guess(t, 'login(pam_unix)', telnet, telnetFailure);
    guess(t + 2, 'login', telnet, `FAILED LOGIN ${i + 1} FROM ${TELNET_GUESSER} FOR ${user}, ${unknown}`);
  }
  // login gives up on the idle third prompt after its 60 s timeout.
  t += 60;
  guess(
    t,
    'login',
    telnet,
    `FAILED LOGIN SESSION FROM ${TELNET_GUESSER} FOR (unknown), Timeout after 60 seconds`,
  );
  guess(
    t + 1,
    'xinetd',
    XINETD,
    () => `EXIT: telnet status=1 pid=${telnet.pid} duration=${t + 1 - connected}(sec)`,
  );
}
