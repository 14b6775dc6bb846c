import {
  type Cell,
  formatWindow,
  type HourWindow,
  minutesOutside,
  parseIp,
  parseNumber,
  ROUND_THE_CLOCK_HOURS,
  usualWindow,
} from '@pynomaly/detection';
import type { RowActivity, SheetActivity } from './activity';
import { SERVICE_PORTS, type SemanticKind } from './columns';
import { ipScope } from './entities';
import type {
  AddressEvidence,
  AddressScope,
  FindingEvidence,
  IncidentEvidence,
  PortCategory,
} from './evidence';
import { type Incident, KNOWN_BAD_PORTS } from './incidents';

/** A user needs this many timed rows before their own hours are their baseline. */
const USER_HISTORY = 20;
const MAX_LISTED_ROWS = 100;
const MAX_LISTED_USERS = 20;

const count = <K>(map: Map<K, number>, key: K) => map.set(key, (map.get(key) ?? 0) + 1);
const excelRow = (row: number) => row + 2;

function clock(minuteOfDay: number): string {
  return `${String(Math.floor(minuteOfDay / 60)).padStart(2, '0')}:${String(minuteOfDay % 60).padStart(2, '0')}`;
}

function scopeOf(address: string): AddressScope {
  const scope = ipScope(address);
  return scope === 'loopback' ? 'private' : scope;
}

/** Sheet-wide baselines, computed once, against which each finding is described. */
export class SheetBaselines {
  private readonly addressRows = new Map<string, number>();
  private readonly portRows = new Map<number, number>();
  private readonly publicShare: number;
  private readonly sheetHours: HourWindow | null;
  private readonly userHours = new Map<string, HourWindow>();
  private readonly medians = new Map<number, number>();
  private readonly columns: Record<string, SemanticKind> = {};

  constructor(
    private readonly activity: SheetActivity,
    private readonly rows: readonly Cell[][],
  ) {
    let addressed = 0;
    let public_ = 0;
    // Rows per hour of the day, for the sheet and for each user: all a usual window needs.
    const sheetCounts = new Array<number>(24).fill(0);
    const userCounts = new Map<string, number[]>();
    let timed = 0;
    for (const a of activity.rows) {
      for (const address of [a.sourceIp, a.destinationIp]) if (address) count(this.addressRows, address);
      if (a.sourceIp) {
        addressed++;
        if (scopeOf(a.sourceIp) === 'public') public_++;
      }
      for (const p of a.ports) count(this.portRows, p);
      if (a.minuteOfDay !== null) {
        const hour = Math.floor(a.minuteOfDay / 60) % 24;
        sheetCounts[hour]!++;
        timed++;
        for (const u of a.users) {
          const counts = userCounts.get(u) ?? new Array<number>(24).fill(0);
          counts[hour]!++;
          userCounts.set(u, counts);
        }
      }
    }
    this.publicShare = addressed === 0 ? 0 : public_ / addressed;
    this.sheetHours = timed > 0 ? usualWindow(sheetCounts) : null;
    for (const [user, counts] of userCounts) {
      if (counts.reduce((sum, c) => sum + c, 0) >= USER_HISTORY)
        this.userHours.set(user, usualWindow(counts));
    }
    for (const p of activity.profiles) this.columns[p.name] = p.kind;
    for (const p of activity.profiles) {
      if (p.kind !== 'quantity' && p.kind !== 'measure') continue;
      const values = rows.map((r) => parseNumber(r[p.index])).filter((v): v is number => v !== null);
      values.sort((a, b) => a - b);
      this.medians.set(p.index, values[Math.floor(values.length / 2)] ?? 0);
    }
  }

  private address(address: string | null): AddressEvidence | null {
    if (!address || !parseIp(address)) return null;
    return {
      address,
      scope: scopeOf(address),
      rows_in_sheet: this.addressRows.get(address) ?? 0,
      public_share: Math.round(this.publicShare * 1000) / 1000,
    };
  }

  private timing(a: RowActivity): FindingEvidence['timing'] {
    if (a.minuteOfDay === null || !this.sheetHours) return null;
    const own = a.users.map((u) => this.userHours.get(u)).find((h) => h !== undefined);
    const hours = own ?? this.sheetHours;
    const quiet = hours.length < ROUND_THE_CLOCK_HOURS;
    const t = this.activity.times.instants[a.row];
    return {
      clock: clock(a.minuteOfDay),
      usual_hours: quiet ? formatWindow(hours) : null,
      outside_minutes: quiet ? minutesOutside(a.minuteOfDay, hours) : 0,
      basis: own ? 'user' : 'sheet',
      at: t && this.activity.times.yearKnown ? new Date(t.epochMs).toISOString() : null,
      weekday: t?.weekday ?? null,
    };
  }

  private portCategory(port: number): PortCategory {
    if (KNOWN_BAD_PORTS.has(port)) return 'known_bad';
    return SERVICE_PORTS.has(port) ? 'service' : 'unusual';
  }

  /** The evidence of a row, and of the incident it stands for. */
  describe(row: number, incident: Incident | null): FindingEvidence {
    const a = this.activity.rows[row]!;
    const template = a.template >= 0 ? this.activity.templates?.templates[a.template] : undefined;
    const attemptsColumn = this.activity.attemptsColumn;
    const attempts =
      attemptsColumn && a.kinds.includes('auth_failure')
        ? parseNumber(this.rows[row]![attemptsColumn.index])
        : null;
    return {
      columns: { ...this.columns },
      events: a.kinds,
      template: template ? { text: template.template, rows_in_sheet: template.count } : null,
      source: this.address(a.sourceIp),
      destination: this.address(a.destinationIp),
      ports: a.ports.map((port) => ({
        port,
        category: this.portCategory(port),
        rows_in_sheet: this.portRows.get(port) ?? 0,
      })),
      users: a.users.slice(0, MAX_LISTED_USERS),
      timing: this.timing(a),
      quantities: this.activity.profiles.flatMap((p) => {
        const value =
          p.kind === 'quantity' || p.kind === 'measure' ? parseNumber(this.rows[row]![p.index]) : null;
        if (value === null || p === attemptsColumn) return [];
        const median = this.medians.get(p.index) ?? 0;
        return [
          {
            column: p.name,
            value,
            median,
            ratio: median > 0 ? Math.round((value / median) * 100) / 100 : null,
          },
        ];
      }),
      attempts: attemptsColumn && attempts !== null ? { column: attemptsColumn.name, value: attempts } : null,
      incident: incident ? incidentEvidence(incident, this.activity.times.yearKnown) : null,
    };
  }
}

function incidentEvidence(i: Incident, yearKnown: boolean): IncidentEvidence {
  const iso = (t: number | null) => (t === null || !yearKnown ? null : new Date(t).toISOString());
  return {
    kind: i.kind,
    row_count: i.rows.length,
    rows: i.rows.slice(0, MAX_LISTED_ROWS).map(excelRow),
    source_ips: i.sourceIps,
    source_hosts: i.sourceHosts,
    users: i.users.slice(0, MAX_LISTED_USERS),
    failures: i.failures,
    unknown_accounts: i.unknownAccounts,
    failures_before: i.failuresBefore,
    ports: i.ports.slice(0, 50),
    destinations: i.destinations,
    started_at: iso(i.startedAt),
    ended_at: iso(i.endedAt),
    duration_seconds:
      i.startedAt === null || i.endedAt === null ? null : Math.round((i.endedAt - i.startedAt) / 1000),
  };
}
