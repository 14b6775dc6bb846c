import { COST_PER_RECORD_USD, DEFAULT_PRIVACY_LAWS, FINE_RISK } from './jurisdiction';
import type { Triage } from './schema';
import type { Signals } from './signals';
import type { DataKind } from './vocabulary';

const PERSONAL: ReadonlySet<DataKind> = new Set(['biometric', 'phi', 'pci', 'pii']);
const usd = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** Compliance regimes touched by the row's data, alphabetical for stable output. */
export function complianceFor(s: Signals): string[] {
  const regimes = new Set<string>();
  if (s.dataKinds.includes('phi')) regimes.add('HIPAA');
  if (s.dataKinds.includes('pci')) regimes.add('PCI DSS');
  if (s.dataKinds.some((k) => PERSONAL.has(k))) {
    for (const law of s.jurisdiction ? [s.jurisdiction.privacyLaw] : DEFAULT_PRIVACY_LAWS) regimes.add(law);
  }
  return [...regimes].sort();
}

/** Records touched, data type, cost estimate and regulatory exposure. */
export function assessImpact(s: Signals, compliance: string[]): Triage['impact'] {
  const records = s.volume?.unit === 'records' && s.volume.actual >= 0 ? Math.round(s.volume.actual) : null;
  const personal = s.dataKinds.some((k) => PERSONAL.has(k));
  const fines = compliance.map((c) => FINE_RISK[c]).filter((f) => f !== undefined);
  return {
    affected_records: records,
    data_type: s.dataLabel,
    // Only personal data has a per-record breach cost worth quoting.
    estimated_cost: records !== null && personal ? `$${usd.format(records * COST_PER_RECORD_USD)}` : null,
    compliance_violations: compliance,
    regulatory_fine_risk: fines.length > 0 ? fines.join('; ') : null,
  };
}
