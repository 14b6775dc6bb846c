import { type AnomalousFeature, analyzeTable, type Cell, cellText } from '@pynomaly/detection';
import { type RowActivity, readActivity, type SheetActivity } from './activity';
import type { ColumnProfile } from './columns';
import { SheetBaselines } from './describe';
import type { FindingEvidence } from './evidence';
import { findIncidents, type Incident, type IncidentKind } from './incidents';
import { modelTable } from './model-table';

/** One thing worth an analyst's look: a row, or an incident standing on its representative row. */
export interface LogFinding {
  /** 0-based row that stands for the finding. */
  rowIndex: number;
  /** 0..1: the forest's score, or the rule's confidence when that is higher. */
  score: number;
  features: AnomalousFeature[];
  evidence: FindingEvidence;
}

export interface SheetFindings {
  findings: LogFinding[];
  columns: ColumnProfile[];
}

export interface AnalyzeSheetOptions {
  /** Seed of the forest; analyses seed it from the sheet's content. */
  seed: number;
  /** Cap on findings. @default 1000 */
  maxFindings?: number;
}

/** How sure each rule is, on the same 0..1 scale as the forest's score. */
const RULE_SCORE: Record<IncidentKind, number> = {
  success_after_failures: 0.95,
  success_during_attack: 0.75,
  scan: 0.75,
  known_bad_port: 0.85,
  brute_force: 0.85,
  destructive: 0.8,
  unusual_burst: 0,
  privileged_login: 0.7,
  anonymous_login: 0.7,
  account_probing: 0.6,
};

/**
 * Finds what is worth an analyst's look in one sheet: reads it as a log (column kinds from
 * values, times, templates, events, entities), groups rows into incidents, scores every
 * row with a seeded isolation forest on the value-typed table, and folds the forest's
 * flags into the incidents they belong to, so a brute force is one finding, not 300.
 */
export function analyzeSheet(
  headers: readonly string[],
  rows: readonly Cell[][],
  options: AnalyzeSheetOptions,
): SheetFindings {
  const activity = readActivity(headers, rows);
  const table = modelTable(activity, headers, rows);
  const forest = analyzeTable(table, { seed: options.seed, maxAnomalies: rows.length });
  const baselines = new SheetBaselines(activity, rows);
  const incidents = onePerRow(findIncidents(activity.rows));
  const owner = new Map<number, Incident>();
  for (const incident of incidents)
    for (const row of incident.rows) if (!owner.has(row)) owner.set(row, incident);

  const loose = withinBudget(
    forest.flagged.filter((f) => !owner.has(f.rowIndex)),
    rows.length,
  ).map((f) => f.rowIndex);
  const all = [...incidents, ...bursts(loose, activity)];
  const flagged = new Map(forest.flagged.map((f) => [f.rowIndex, f]));
  const findings: LogFinding[] = all.map((incident) => {
    const members = incident.rows.map((r) => flagged.get(r)).filter((f) => f !== undefined);
    const strongest = members.sort((a, b) => b.score - a.score)[0];
    const score = Math.max(RULE_SCORE[incident.kind], ...incident.rows.map((r) => forest.scores[r] ?? 0));
    if (incident.rows.length === 1 && incident.kind === 'unusual_burst' && strongest) {
      return {
        rowIndex: strongest.rowIndex,
        score,
        features: strongest.features,
        evidence: baselines.describe(strongest.rowIndex, null),
      };
    }
    return {
      rowIndex: incident.representative,
      score,
      features: withRule(ruleFeature(incident, activity, rows), strongest?.features ?? []),
      evidence: baselines.describe(incident.representative, incident),
    };
  });
  findings.sort((a, b) => b.score - a.score || a.rowIndex - b.rowIndex);
  return { findings: findings.slice(0, options.maxFindings ?? 1000), columns: activity.profiles };
}

/** The rule and the forest's reasons share the row's explanation half and half. */
function withRule(rule: AnomalousFeature, forest: AnomalousFeature[]): AnomalousFeature[] {
  if (forest.length === 0) return [rule];
  const half = (x: number) => Math.floor(x * 500) / 1000;
  return [
    { ...rule, contribution_score: 0.5 },
    ...forest.map((f) => ({ ...f, contribution_score: half(f.contribution_score) })),
  ];
}

/**
 * Lines the forest alone may flag: at most 1 % of a sheet. A regular log scores whole
 * blocks of lines alike, and the far-out fence can land inside such a block; past the
 * budget only lines strictly more unusual than the first one left out are kept, so a block
 * of equals is dropped whole rather than split.
 */
const STATISTICAL_BUDGET = 0.01;

/** Scores this high are kept whatever the budget: few rows of any sheet reach them. */
const OUTSIDE_BUDGET_SCORE = 0.75;

function withinBudget<T extends { score: number }>(flagged: T[], rowCount: number): T[] {
  const budget = Math.max(1, Math.ceil(STATISTICAL_BUDGET * rowCount));
  if (flagged.length <= budget) return flagged;
  const ranked = [...flagged].sort((a, b) => b.score - a.score);
  const cut = Math.min(ranked[budget]!.score, OUTSIDE_BUDGET_SCORE);
  return flagged.filter((f) => f.score > cut || f.score >= OUTSIDE_BUDGET_SCORE);
}

/** Unusual lines this close together in the sheet and in time (and from one source) are one event, like a restart's dozen lines. */
const BURST_GAP_MS = 60_000;
const BURST_GAP_ROWS = 5;

/** Groups the forest's flags that no incident claimed into bursts; a lone flag is a burst of one. */
function bursts(flaggedRows: number[], activity: SheetActivity): Incident[] {
  const rows = flaggedRows
    .map((r) => activity.rows[r]!)
    .sort((a, b) => (a.time ?? 0) - (b.time ?? 0) || a.row - b.row);
  const groups: RowActivity[][] = [];
  for (const r of rows) {
    const group = groups.at(-1);
    const last = group?.at(-1);
    // Neighbouring lines of the sheet, close in time: rows far apart that share a minute are separate events.
    const close =
      last !== undefined &&
      last.sourceIp === r.sourceIp &&
      Math.abs(r.row - last.row) <= BURST_GAP_ROWS &&
      (last.time === null || r.time === null || r.time - last.time <= BURST_GAP_MS);
    if (group && close) group.push(r);
    else groups.push([r]);
  }
  return groups.map((g) => ({
    kind: 'unusual_burst',
    representative: g[0]!.row,
    rows: g.map((r) => r.row).sort((a, b) => a - b),
    sourceIps: [...new Set(g.flatMap((r) => (r.sourceIp ? [r.sourceIp] : [])))],
    sourceHosts: [],
    users: [...new Set(g.flatMap((r) => r.users))].sort(),
    failures: 0,
    unknownAccounts: 0,
    startedAt: g[0]!.time,
    endedAt: g.at(-1)!.time,
    failuresBefore: 0,
    ports: [],
    destinations: 0,
  }));
}

/** Two rules that pick the same row (a root login that follows a brute force) make one finding: the surer rule's. */
function onePerRow(incidents: Incident[]): Incident[] {
  const byRow = new Map<number, Incident>();
  for (const i of [...incidents].sort((a, b) => RULE_SCORE[b.kind] - RULE_SCORE[a.kind])) {
    if (!byRow.has(i.representative)) byRow.set(i.representative, i);
  }
  return incidents.filter((i) => byRow.get(i.representative) === i);
}

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

function span(incident: Incident): string {
  if (incident.startedAt === null || incident.endedAt === null) return '';
  const minutes = Math.round((incident.endedAt - incident.startedAt) / 60_000);
  return minutes < 1 ? ' within a minute' : ` over ${minutes} min`;
}

function list(values: string[], max = 5): string {
  return values.length <= max
    ? values.join(', ')
    : `${values.slice(0, max).join(', ')} and ${values.length - max} more`;
}

/** The incident in the shape of an explained feature, so the API explains it like any other. */
function ruleFeature(incident: Incident, activity: SheetActivity, rows: readonly Cell[][]): AnomalousFeature {
  const column = activity.messageColumn;
  const actual = column ? cellText(rows[incident.representative]![column.index]) : null;
  const sources = [...incident.sourceIps, ...incident.sourceHosts];
  const from = sources.length > 0 ? ` from ${list(sources)}` : '';
  const users =
    incident.users.length > 0 ? ` against ${incident.users.length} account(s): ${list(incident.users)}` : '';
  const describe: Record<IncidentKind, () => { expected: string | null; deviation: string }> = {
    brute_force: () => ({
      expected: 'a few failed sign-ins per source',
      deviation: `${integer.format(incident.failures)} failed sign-ins${from}${users}${span(incident)} (${incident.rows.length} rows)`,
    }),
    account_probing: () => ({
      expected: 'sign-ins to existing accounts',
      deviation: `${integer.format(incident.failures)} failed sign-in(s) for ${incident.unknownAccounts} unknown account(s)${from}${users}`,
    }),
    success_after_failures: () => ({
      expected: 'a valid sign-in without a run of failures before it',
      deviation: `successful sign-in${users.replace(' against', ' for')}${from} after ${integer.format(incident.failuresBefore)} failed attempts${span(incident)}`,
    }),
    success_during_attack: () => ({
      expected: 'no sign-ins from outside while the host is under attack',
      deviation: `successful sign-in${users.replace(' against', ' for')}${from} while a brute force of ${integer.format(incident.failures)} attempts was under way`,
    }),
    scan: () => ({
      expected: 'a source talks to a few services',
      deviation: `${incident.ports.length} ports on ${incident.destinations} host(s) probed${from}${span(incident)} (${incident.rows.length} rows)`,
    }),
    privileged_login: () => ({
      expected: 'administrators sign in as themselves',
      deviation: 'interactive root login',
    }),
    anonymous_login: () => ({ expected: 'named accounts', deviation: `anonymous login${from}` }),
    known_bad_port: () => ({
      expected: 'service ports',
      deviation: `traffic on port ${incident.ports.join(', ')}, used by remote-access trojans and C2 tools`,
    }),
    destructive: () => ({ expected: null, deviation: 'destructive operation recorded' }),
    unusual_burst: () => ({
      expected: 'lines of kinds this log usually writes',
      deviation: `${incident.rows.length} unusual lines together${span(incident)}`,
    }),
  };
  const { expected, deviation } = describe[incident.kind]();
  return {
    feature_name: column?.name ?? 'event',
    actual_value: actual,
    expected_value: expected,
    deviation,
    contribution_score: 1,
  };
}
