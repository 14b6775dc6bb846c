import { type FindingEvidence, foldText, headerWords, type IncidentEvidence } from '@pynomaly/logs';
import { type Clock, mergeClock, parseClock, toNumber } from './cells';
import { JURISDICTIONS, type Jurisdiction } from './jurisdiction';
import type { AnomalousFeature, AnomalyEvidence } from './types';
import { isSafeUsername, type ParsedIp, parseIp } from './validate';
import {
  BYTE_TOKENS,
  DATA_HINTS,
  type DataKind,
  EVENT_RULES,
  type EventKind,
  HEALTHCARE_DOMAIN,
  ROLE_TOKENS,
  UNTRUSTED_TEXT_PATTERNS,
  USER_EXCLUDED_TOKENS,
  VOLUME_EXCLUDED_TOKENS,
} from './vocabulary';

/** When the row happened, as written in the row (no time-zone conversion). */
export interface TimeSignal {
  date: string | null;
  hour: number | null;
  minute: number | null;
  zone: string | null;
  offHours: boolean;
  weekend: boolean;
  /** The detector itself flagged the time of day as anomalous. */
  detectorFlagged: boolean;
  expected: string | null;
}

/** A numeric volume column and how far it is from its baseline. */
export interface VolumeSignal {
  column: string;
  actual: number;
  expected: number | null;
  ratio: number | null;
  unit: 'records' | 'bytes';
}

/** Where the row came from compared with where it usually comes from. */
export interface LocationSignal {
  column: string;
  raw: string;
  usual: string | null;
  usualSource: 'detector' | 'account domain' | null;
  foreign: boolean;
}

/** What the log analysis read around the row: its incident, login facts, ports and rarity. */
export interface LogSignals {
  incident: IncidentEvidence | null;
  success: boolean;
  privilegedLogin: boolean;
  anonymousLogin: boolean;
  unknownAccount: boolean;
  automated: boolean;
  ports: FindingEvidence['ports'];
  /** The external source is rare in its sheet (first seen, or the sheet is mostly internal). */
  sourceRare: boolean;
  /** The external destination is rare in its sheet. */
  destinationRare: boolean;
}

/** What the rules know about one row, read semantically from its columns and features. */
export interface Signals {
  user: { column: string; value: string; safe: boolean } | null;
  time: TimeSignal | null;
  volume: VolumeSignal | null;
  attempts: { column: string; actual: number; ratio: number | null } | null;
  sourceIp: (ParsedIp & { column: string }) | null;
  destinationIp: (ParsedIp & { column: string }) | null;
  /** A network-address column whose value failed the strict parser. */
  invalidIp: { column: string; raw: string } | null;
  location: LocationSignal | null;
  /** Event kind → the untrusted text it was recognised in. */
  events: Partial<Record<EventKind, string>>;
  dataKinds: DataKind[];
  dataLabel: string;
  phiInferredFromDomain: boolean;
  jurisdiction: Jurisdiction | null;
  untrusted: Array<{ column: string; raw: string }>;
  rolesRecognised: number;
  /** Null for rows that came without the log analysis's evidence. */
  log: LogSignals | null;
}

const MAX_UNTRUSTED = 5;
const EMAIL = /^[^\s@]+@[^\s@]+\.[A-Za-z]{2,}$/;
const MULTIPLIER = /(\d+(?:\.\d+)?)\s*[x×]/i;

/** Splits a header into lower-case word tokens: `SourceIP` → [source, ip]. */
export const tokenize = headerWords;

export const hasAny = (tokens: string[], set: ReadonlySet<string>) => tokens.some((t) => set.has(t));

export function featureFor(features: AnomalousFeature[], column: string): AnomalousFeature | undefined {
  const key = tokenize(column).join('_');
  return features.find((f) => tokenize(f.feature_name).join('_') === key);
}

/** Ratio to baseline: actual ÷ expected when both are numbers, else the deviation's "300x". */
function ratioFrom(
  actual: number,
  feature: AnomalousFeature | undefined,
): { expected: number | null; ratio: number | null } {
  if (!feature) return { expected: null, ratio: null };
  const expected = toNumber(feature.expected_value);
  if (expected !== null && expected > 0) return { expected, ratio: actual / expected };
  const multiplier = MULTIPLIER.exec(feature.deviation);
  return { expected, ratio: multiplier ? Number(multiplier[1]) : null };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function mentionsAny(text: string, names: readonly string[]): boolean {
  const folded = text.toLowerCase();
  return names.some((n) => n.length > 0 && new RegExp(`(^|[^a-z])${escapeRegExp(n)}([^a-z]|$)`).test(folded));
}

export function locationSignal(
  column: string,
  raw: string,
  feature: AnomalousFeature | undefined,
  jurisdiction: Jurisdiction | null,
): LocationSignal {
  const detectorUsual = typeof feature?.expected_value === 'string' ? feature.expected_value.trim() : '';
  if (detectorUsual) {
    const lower = detectorUsual.toLowerCase();
    const country = lower.split(',').at(-1)?.trim() ?? lower;
    const known = Object.values(JURISDICTIONS).find(
      (j) => j.aliases.includes(lower) || j.aliases.includes(country),
    );
    const names = [lower, country, ...(known?.aliases ?? [])];
    return { column, raw, usual: detectorUsual, usualSource: 'detector', foreign: !mentionsAny(raw, names) };
  }
  if (jurisdiction) {
    const foreign = !mentionsAny(raw, jurisdiction.aliases);
    return { column, raw, usual: jurisdiction.country, usualSource: 'account domain', foreign };
  }
  return { column, raw, usual: null, usualSource: null, foreign: false };
}

function timeSignal(clock: Clock | null, features: AnomalousFeature[]): TimeSignal | null {
  const timeFeature = features.find(
    (f) => /\bhours?\b/i.test(f.deviation) || hasAny(tokenize(f.feature_name), ROLE_TOKENS.time),
  );
  const effective = clock ?? parseClock(timeFeature?.actual_value);
  if (!effective && !timeFeature) return null;
  const hour = effective?.hour ?? null;
  const date = effective?.date ?? null;
  const day = date ? new Date(`${date}T00:00:00Z`).getUTCDay() : null;
  const weekend = day === 0 || day === 6;
  const offHours = (hour !== null && (hour >= 22 || hour < 6)) || weekend || timeFeature !== undefined;
  return {
    date,
    hour,
    minute: effective?.minute ?? null,
    zone: effective?.zone ?? null,
    offHours,
    weekend,
    detectorFlagged: timeFeature !== undefined,
    expected: timeFeature?.expected_value == null ? null : String(timeFeature.expected_value),
  };
}

function volumeSignal(
  candidates: Array<{ column: string; actual: number; tokens: string[] }>,
  features: AnomalousFeature[],
): VolumeSignal | null {
  const fromFeatures = features
    .filter((f) => isVolumeName(tokenize(f.feature_name)) && toNumber(f.actual_value) !== null)
    .map((f) => ({
      column: f.feature_name,
      actual: toNumber(f.actual_value) ?? 0,
      tokens: tokenize(f.feature_name),
    }));
  let best: VolumeSignal | null = null;
  for (const c of candidates.length > 0 ? candidates : fromFeatures) {
    const { expected, ratio } = ratioFrom(c.actual, featureFor(features, c.column));
    const unit = hasAny(c.tokens, BYTE_TOKENS) ? 'bytes' : 'records';
    // Keep the column furthest from its baseline; the first wins ties so the result is stable.
    if (!best || (ratio ?? -1) > (best.ratio ?? -1))
      best = { column: c.column, actual: c.actual, expected, ratio, unit };
  }
  return best;
}

function isVolumeName(tokens: string[]): boolean {
  return (
    hasAny(tokens, ROLE_TOKENS.volume) &&
    !hasAny(tokens, ROLE_TOKENS.attempts) &&
    !hasAny(tokens, VOLUME_EXCLUDED_TOKENS)
  );
}

/** Header or cell text that tries to steer a reader, at most MAX_UNTRUSTED of them. */
export function untrustedText(anomaly: AnomalyEvidence): Signals['untrusted'] {
  const found: Signals['untrusted'] = [];
  for (const column of Object.keys(anomaly.raw_data).sort()) {
    const value = anomaly.raw_data[column];
    const text = typeof value === 'string' ? value.trim() : null;
    for (const candidate of [column, text]) {
      if (candidate && found.length < MAX_UNTRUSTED && UNTRUSTED_TEXT_PATTERNS.some((p) => p.test(candidate)))
        found.push({ column, raw: candidate });
    }
  }
  return found;
}

/** Reads every column of the row once, assigning it at most one role. */
export function extractSignals(anomaly: AnomalyEvidence): Signals {
  const features = anomaly.anomalous_features;
  const columns = Object.keys(anomaly.raw_data).sort();
  const signals: Signals = {
    user: null,
    time: null,
    volume: null,
    attempts: null,
    sourceIp: null,
    destinationIp: null,
    invalidIp: null,
    location: null,
    events: {},
    dataKinds: [],
    dataLabel: 'Unclassified',
    phiInferredFromDomain: false,
    jurisdiction: null,
    untrusted: [],
    rolesRecognised: 0,
    log: null,
  };
  let clock: Clock | null = null;
  let location: { column: string; raw: string } | null = null;
  const volumes: Array<{ column: string; actual: number; tokens: string[] }> = [];
  const actionTexts: string[] = [];
  const otherTexts: string[] = [];

  signals.untrusted = untrustedText(anomaly);
  for (const column of columns) {
    const value = anomaly.raw_data[column] ?? null;
    const tokens = tokenize(column);
    const text = typeof value === 'string' ? value.trim() : null;
    const number = toNumber(value);
    const ip = parseIp(text);
    if (ip) {
      const slot = hasAny(tokens, ROLE_TOKENS.destination) ? 'destinationIp' : 'sourceIp';
      signals[slot] ??= { ...ip, column };
      continue;
    }
    if (text && hasAny(tokens, ROLE_TOKENS.ip)) {
      signals.invalidIp ??= { column, raw: text };
      continue;
    }
    const parsedClock = hasAny(tokens, ROLE_TOKENS.time) ? parseClock(value) : null;
    if (parsedClock) {
      clock = mergeClock(clock, parsedClock);
      continue;
    }
    if (number !== null && hasAny(tokens, ROLE_TOKENS.attempts)) {
      signals.attempts ??= {
        column,
        actual: number,
        ratio: ratioFrom(number, featureFor(features, column)).ratio,
      };
      continue;
    }
    if (number !== null && isVolumeName(tokens)) {
      volumes.push({ column, actual: number, tokens });
      continue;
    }
    if (text && hasAny(tokens, ROLE_TOKENS.location)) {
      location ??= { column, raw: text };
      continue;
    }
    if (
      (text || number !== null) &&
      hasAny(tokens, ROLE_TOKENS.user) &&
      !hasAny(tokens, USER_EXCLUDED_TOKENS)
    ) {
      const userValue = text ?? String(number);
      signals.user ??= { column, value: userValue, safe: isSafeUsername(userValue) };
      continue;
    }
    if (text && hasAny(tokens, ROLE_TOKENS.action)) actionTexts.push(text);
    else if (text && EMAIL.test(text) && !signals.user)
      signals.user = { column, value: text, safe: isSafeUsername(text) };
    else if (text) otherTexts.push(text);
  }

  signals.time = timeSignal(clock, features);
  signals.volume = volumeSignal(volumes, features);
  signals.jurisdiction = jurisdictionOf(signals.user?.value);
  if (location) {
    signals.location = locationSignal(
      location.column,
      location.raw,
      featureFor(features, location.column),
      signals.jurisdiction,
    );
  }
  readEvents(signals, actionTexts.length > 0 ? actionTexts : otherTexts);
  readDataKinds(signals, anomaly, columns);
  signals.rolesRecognised = countRoles(signals);
  return signals;
}

/** How many roles of the row could be read: who, when, how much, from where, where, what. */
export function countRoles(s: Signals): number {
  return [
    s.user,
    s.time,
    s.volume ?? s.attempts,
    s.sourceIp ?? s.destinationIp,
    s.location,
    Object.keys(s.events).length > 0 ? true : null,
  ].filter((x) => x !== null).length;
}

export function jurisdictionOf(user: string | undefined): Jurisdiction | null {
  if (!user || !EMAIL.test(user)) return null;
  const tld = user.split('.').at(-1)?.toLowerCase() ?? '';
  return JURISDICTIONS[tld] ?? null;
}

export function readEvents(signals: Signals, texts: string[]): void {
  if (texts.length === 0) return;
  const evidence = texts.join(' | ');
  const folded = foldText(evidence);
  for (const rule of EVENT_RULES) {
    if (rule.test(folded)) signals.events[rule.kind] = evidence;
  }
}

export function readDataKinds(signals: Signals, anomaly: AnomalyEvidence, columns: string[]): void {
  const names = [anomaly.sheet_name, ...columns, ...anomaly.anomalous_features.map((f) => f.feature_name)]
    .map((n) => tokenize(n).join(' '))
    .join(' | ');
  const kinds = DATA_HINTS.filter((h) => h.pattern.test(names)).map((h) => h.kind);
  const domain = signals.user?.value.split('@')[1]?.toLowerCase();
  if (domain && !kinds.includes('phi') && HEALTHCARE_DOMAIN.test(domain)) {
    kinds.push('phi');
    signals.phiInferredFromDomain = true;
  }
  signals.dataKinds = DATA_HINTS.map((h) => h.kind).filter((k) => kinds.includes(k));
  const first = signals.dataKinds[0];
  signals.dataLabel = DATA_HINTS.find((h) => h.kind === first)?.label ?? 'Unclassified';
}
