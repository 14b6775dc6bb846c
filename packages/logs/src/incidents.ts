import type { RowActivity } from './activity';
import { ipScope } from './entities';

/** What a group of rows amounts to. */
export type IncidentKind =
  | 'brute_force'
  | 'account_probing'
  | 'success_after_failures'
  | 'success_during_attack'
  | 'scan'
  | 'privileged_login'
  | 'anonymous_login'
  | 'known_bad_port'
  | 'destructive'
  | 'unusual_burst';

/** Rows that belong together, and what they add up to. */
export interface Incident {
  kind: IncidentKind;
  /** The row that stands for the incident (0-based). */
  representative: number;
  /** Every row of it, in row order (0-based). */
  rows: number[];
  sourceIps: string[];
  /** Hosts named instead of addresses (`rhost=dsl.example.net`). */
  sourceHosts: string[];
  users: string[];
  /** Failed attempts counted (repeat counts and attempt columns included). */
  failures: number;
  /** Users tried that the system said do not exist. */
  unknownAccounts: number;
  startedAt: number | null;
  endedAt: number | null;
  /** Failures before the success, for `success_after_failures`. */
  failuresBefore: number;
  ports: number[];
  /** Distinct destination hosts, for `scan`. */
  destinations: number;
}

/** Failed attempts from one source within one episode that make it a brute force. */
export const BRUTE_FORCE_ATTEMPTS = 10;
/** Or this many distinct accounts tried from one source (password spraying). */
export const SPRAY_ACCOUNTS = 5;
/** Failures from a source before a success that make the success suspect. */
export const FAILURES_BEFORE_SUSPECT_SUCCESS = 5;
/** Distinct non-existent accounts tried from one source that make it account probing; one is a stray probe. */
export const PROBED_ACCOUNTS = 2;
/** Failures further apart than this start a new episode. */
const EPISODE_GAP_MS = 30 * 60_000;
/** Rows further apart than this start a new episode when a log has no times. */
const EPISODE_GAP_ROWS = 200;
/** A success this long after a source's failures is still read against them. */
const SUCCESS_LOOKBACK_MS = 60 * 60_000;
/** Distinct destination ports, or hosts, one source reaches within an episode that make it a scan. */
export const SCAN_PORTS = 15;
export const SCAN_HOSTS = 20;

/** A scan reaches its ports or hosts within this window; a busy server reaching as many over a day is no scan. */
const SCAN_WINDOW_MS = 10 * 60_000;

/** Most distinct values of `key` seen within any SCAN_WINDOW_MS (or 200 rows, without times) of an episode. */
function densest(episode: RowActivity[], key: (r: RowActivity) => string[]): number {
  const counts = new Map<string, number>();
  let best = 0;
  let start = 0;
  const inWindow = (a: RowActivity, b: RowActivity) =>
    a.time !== null && b.time !== null
      ? b.time - a.time <= SCAN_WINDOW_MS
      : b.row - a.row <= EPISODE_GAP_ROWS;
  for (const r of episode) {
    for (const v of key(r)) counts.set(v, (counts.get(v) ?? 0) + 1);
    while (!inWindow(episode[start]!, r)) {
      for (const v of key(episode[start]!)) {
        const c = counts.get(v)! - 1;
        if (c === 0) counts.delete(v);
        else counts.set(v, c);
      }
      start++;
    }
    best = Math.max(best, counts.size);
  }
  return best;
}

/**
 * One source reaching many ports or many hosts within ten minutes, in one episode (ended by 30 minutes of
 * quiet): a port scan or a sweep. Counted only in sheets that record destinations.
 */
function scans(ordered: RowActivity[]): Incident[] {
  const open = new Map<string, RowActivity[]>();
  const done: RowActivity[][] = [];
  for (const r of ordered) {
    if (!r.sourceIp || (r.destinationIp === null && r.ports.length === 0)) continue;
    const episode = open.get(r.sourceIp);
    if (episode && near(episode.at(-1)!, r)) episode.push(r);
    else {
      if (episode) done.push(episode);
      open.set(r.sourceIp, [r]);
    }
  }
  return [...done, ...open.values()].flatMap((episode) => {
    const ports = new Set(episode.flatMap((r) => r.ports));
    const hosts = new Set(episode.flatMap((r) => (r.destinationIp ? [r.destinationIp] : [])));
    const fast =
      densest(episode, (r) => r.ports.map(String)) >= SCAN_PORTS ||
      densest(episode, (r) => (r.destinationIp ? [r.destinationIp] : [])) >= SCAN_HOSTS;
    if (!fast) return [];
    const first = episode[0]!;
    return [
      {
        ...single('scan', first),
        rows: episode.map((r) => r.row).sort((a, b) => a - b),
        endedAt: episode.at(-1)!.time,
        ports: [...ports].sort((a, b) => a - b),
        destinations: hosts.size,
      },
    ];
  });
}

/** A success this soon after a brute force on the host ends is still read as during it. */
const ATTACK_TAIL_MS = 10 * 60_000;
/** Ports that belong to remote-access trojans and C2 frameworks, not to services. */
export const KNOWN_BAD_PORTS: ReadonlySet<number> = new Set([
  1337, 4444, 4445, 6666, 6667, 12345, 27374, 31337, 54321,
]);

interface Episode {
  key: string;
  rows: RowActivity[];
  weight: number;
  users: Set<string>;
  unknown: Set<string>;
  first: RowActivity;
  last: RowActivity;
}

function near(a: RowActivity, b: RowActivity): boolean {
  return a.time !== null && b.time !== null
    ? Math.abs(b.time - a.time) <= EPISODE_GAP_MS
    : Math.abs(b.row - a.row) <= EPISODE_GAP_ROWS;
}

/** Rows in time order (row order breaks ties and orders rows with no time). */
function chronological(rows: readonly RowActivity[]): RowActivity[] {
  return [...rows].sort((a, b) => (a.time ?? 0) - (b.time ?? 0) || a.row - b.row);
}

/** The source of each row: its own address or host, else its session's, else the user tried. */
function sourcesOf(rows: readonly RowActivity[]): Map<number, string> {
  const own = (r: RowActivity) => r.sourceIp ?? (r.sourceHost ? `host:${r.sourceHost}` : null);
  const sessionSource = new Map<string, string>();
  for (const r of rows) {
    const key = own(r);
    if (r.session && key && !sessionSource.has(r.session)) sessionSource.set(r.session, key);
  }
  const source = new Map<number, string>();
  for (const r of rows) {
    const key =
      own(r) ??
      (r.session ? sessionSource.get(r.session) : undefined) ??
      (r.users[0] ? `user:${r.users[0]}` : undefined);
    if (key) source.set(r.row, key);
  }
  return source;
}

const ipsOf = (key: string) => (key.startsWith('host:') || key.startsWith('user:') ? [] : [key]);
const hostsOf = (key: string) => (key.startsWith('host:') ? [key.slice('host:'.length)] : []);

function episodes(ordered: RowActivity[], source: Map<number, string>): Episode[] {
  const open = new Map<string, Episode>();
  const done: Episode[] = [];
  for (const r of ordered) {
    if (!r.kinds.includes('auth_failure')) continue;
    const key = source.get(r.row);
    if (!key) continue;
    let e = open.get(key);
    if (e && !near(e.last, r)) {
      done.push(e);
      e = undefined;
    }
    if (!e) {
      e = { key, rows: [], weight: 0, users: new Set(), unknown: new Set(), first: r, last: r };
      open.set(key, e);
    }
    e.rows.push(r);
    e.weight += r.attempts;
    e.last = r;
    for (const u of r.users) {
      e.users.add(u);
      if (r.kinds.includes('unknown_account')) e.unknown.add(u);
    }
  }
  return [...done, ...open.values()];
}

const isBruteForce = (e: Episode) => e.weight >= BRUTE_FORCE_ATTEMPTS || e.users.size >= SPRAY_ACCOUNTS;

/**
 * Groups a log's rows into incidents: failed sign-ins counted per source over time
 * (a burst is one brute-force incident with the rows of its sessions, not one alert per
 * line), a success that follows a source's failures, and lines that matter on their own
 * (an interactive root login, an anonymous login, a known-bad port, a destructive act).
 */
export function findIncidents(rows: readonly RowActivity[]): Incident[] {
  const ordered = chronological(rows);
  const source = sourcesOf(rows);
  const incidents: Incident[] = [];
  const all = episodes(ordered, source);
  const index = rowIndex(rows, source);
  for (const e of all) {
    if (!isBruteForce(e) && e.unknown.size < PROBED_ACCOUNTS) continue;
    const members = membersOf(e, index);
    const representative = e.rows.find((r) => r.sourceIp !== null && r.users.length > 0) ?? e.first;
    incidents.push({
      kind: isBruteForce(e) ? 'brute_force' : 'account_probing',
      representative: representative.row,
      rows: members,
      sourceIps: ipsOf(e.key),
      sourceHosts: hostsOf(e.key),
      users: [...e.users].sort(),
      failures: e.weight,
      unknownAccounts: e.unknown.size,
      startedAt: e.first.time,
      endedAt: e.last.time,
      failuresBefore: 0,
      ports: [],
      destinations: 0,
    });
  }
  incidents.push(...suspectSuccesses(ordered, source, all));
  incidents.push(...notableLines(ordered));
  incidents.push(...scans(ordered));
  return incidents.sort((a, b) => a.representative - b.representative || a.kind.localeCompare(b.kind));
}

/** Rows by source and by session, built once, so an incident gathers its rows without a scan of the log. */
interface RowIndex {
  bySource: Map<string, RowActivity[]>;
  bySession: Map<string, RowActivity[]>;
}

function rowIndex(rows: readonly RowActivity[], source: Map<number, string>): RowIndex {
  const index: RowIndex = { bySource: new Map(), bySession: new Map() };
  const add = (map: Map<string, RowActivity[]>, key: string, r: RowActivity) => {
    const list = map.get(key);
    if (list) list.push(r);
    else map.set(key, [r]);
  };
  for (const r of rows) {
    const key = source.get(r.row);
    if (key) add(index.bySource, key, r);
    if (r.session !== null) add(index.bySession, r.session, r);
  }
  return index;
}

/** The episode's rows plus the rows of its sessions and of its source in its span. */
function membersOf(e: Episode, index: RowIndex): number[] {
  const inSpan = (r: RowActivity) =>
    r.time !== null && e.first.time !== null && e.last.time !== null
      ? r.time >= e.first.time && r.time <= e.last.time
      : r.row >= e.first.row && r.row <= e.last.row;
  const members = new Set(e.rows.map((r) => r.row));
  const sessions = new Set(e.rows.map((r) => r.session).filter((s) => s !== null));
  const candidates = [
    ...(index.bySource.get(e.key) ?? []),
    ...[...sessions].flatMap((s) => index.bySession.get(s) ?? []),
  ];
  for (const r of candidates) if (inSpan(r) && !r.kinds.includes('auth_success')) members.add(r.row);
  return [...members].sort((a, b) => a - b);
}

/** A success from an outside address while a brute force is under way, from any source. */
function duringAttack(r: RowActivity, attacks: Episode[]): Episode | undefined {
  if (
    r.time === null ||
    !r.sourceIp ||
    ipScope(r.sourceIp) !== 'public' ||
    r.kinds.includes('automated_session')
  )
    return undefined;
  return attacks.find(
    (e) =>
      e.first.time !== null &&
      e.last.time !== null &&
      r.time! >= e.first.time &&
      r.time! <= e.last.time + ATTACK_TAIL_MS,
  );
}

function suspectSuccesses(ordered: RowActivity[], source: Map<number, string>, all: Episode[]): Incident[] {
  const found: Incident[] = [];
  const attacks = all.filter(isBruteForce);
  for (const r of ordered) {
    if (!r.kinds.includes('auth_success')) continue;
    const key = source.get(r.row);
    // The same source; a success from elsewhere for a guessed account is the account's owner
    // as often as the attacker, so it is not read against failures it did not make.
    const before = all.filter((e) => e.key === key && precedes(e, r));
    const failures = before.reduce((sum, e) => sum + weightBefore(e, r), 0);
    if (failures < FAILURES_BEFORE_SUSPECT_SUCCESS) {
      const attack = duringAttack(r, attacks);
      if (attack) {
        found.push({
          ...single('success_during_attack', r),
          failures: attack.weight,
          startedAt: attack.first.time,
          endedAt: r.time,
        });
      }
      continue;
    }
    found.push({
      kind: 'success_after_failures',
      representative: r.row,
      rows: [r.row],
      sourceIps: r.sourceIp ? [r.sourceIp] : [],
      sourceHosts: !r.sourceIp && r.sourceHost ? [r.sourceHost] : [],
      users: r.users,
      failures,
      unknownAccounts: 0,
      startedAt: before[0]?.first.time ?? null,
      endedAt: r.time,
      failuresBefore: failures,
      ports: r.ports,
      destinations: 0,
    });
  }
  return found;
}

/** The attempts of an episode written before a row; failures after a success do not explain it. */
function weightBefore(e: Episode, r: RowActivity): number {
  const earlier = (f: RowActivity) => (f.time !== null && r.time !== null ? f.time <= r.time : f.row < r.row);
  return e.rows.filter((f) => earlier(f) && f.row !== r.row).reduce((sum, f) => sum + f.attempts, 0);
}

function precedes(e: Episode, r: RowActivity): boolean {
  if (e.first.time !== null && e.last.time !== null && r.time !== null)
    return e.first.time <= r.time && r.time - e.last.time <= SUCCESS_LOOKBACK_MS;
  return e.first.row < r.row && r.row - e.last.row <= EPISODE_GAP_ROWS;
}

function single(kind: IncidentKind, r: RowActivity): Incident {
  return {
    kind,
    representative: r.row,
    rows: [r.row],
    sourceIps: r.sourceIp ? [r.sourceIp] : [],
    sourceHosts: !r.sourceIp && r.sourceHost ? [r.sourceHost] : [],
    users: r.users,
    failures: 0,
    unknownAccounts: 0,
    startedAt: r.time,
    endedAt: r.time,
    failuresBefore: 0,
    ports: r.ports,
    destinations: r.destinationIp ? 1 : 0,
  };
}

/** Lines that matter on their own; the lines of one login (same session) make one incident. */
function notableLines(ordered: RowActivity[]): Incident[] {
  const found: Incident[] = [];
  const bySession = new Map<string, Incident>();
  const add = (kind: IncidentKind, r: RowActivity) => {
    const key = r.session ? `${kind}|${r.session}` : null;
    const same = key ? bySession.get(key) : undefined;
    if (same && same.endedAt !== null && r.time !== null && r.time - same.endedAt <= 60_000) {
      same.rows.push(r.row);
      same.endedAt = r.time;
      return;
    }
    const incident = single(kind, r);
    found.push(incident);
    if (key) bySession.set(key, incident);
  };
  for (const r of ordered) {
    const interactive = !r.kinds.includes('automated_session');
    if (r.kinds.includes('privileged_login') && interactive) add('privileged_login', r);
    else if (r.kinds.includes('anonymous_login') && r.kinds.includes('auth_success'))
      add('anonymous_login', r);
    if (r.ports.some((p) => KNOWN_BAD_PORTS.has(p))) add('known_bad_port', r);
    if (r.kinds.includes('destructive')) add('destructive', r);
  }
  return found;
}
