import type { SFNClient } from '@aws-sdk/client-sfn';
import { newId, type Principal } from '@pynomaly/core';
import type { SettingsRepository, TabularDatasetRecord, UploadAutonomousDetection } from '@pynomaly/store';
import type { Announces } from './announce';
import { detectOrQueue } from './async-detection';
import { type DetectionDeps, detect } from './detection';
import { evaluateCandidate, labelledTable } from './evaluation';
import { isSharded, shardingConfig } from './sharded/config';
import { loadRows } from './tabular-datasets';

/** The quick, label-free shortlist autonomous mode chooses from on every arrival. */
const SHORTLIST = [
  { algorithm: 'isolation_forest', parameters: { random_state: 0 } },
  { algorithm: 'ecod', parameters: {} },
  { algorithm: 'hbos', parameters: {} },
];

/**
 * Analyses a dataset that just arrived, when the tenant has autonomous mode on: the
 * shortlisted detector that agrees best with the others (ranked as AutoML's label-free
 * criterion does) runs on the whole dataset and its result is stored like any detection.
 * A dataset too large for one function (docs/adr/0013) is not read here: the default
 * algorithm, the isolation forest, is queued on the sharded path, and its run is answered
 * `running` with no count yet.
 */
export async function analyseOnArrival(
  principal: Principal,
  dataset: TabularDatasetRecord,
  deps: DetectionDeps & Announces & { settings: SettingsRepository; sfn?: SFNClient },
  options: { inTask?: boolean } = {},
): Promise<AutonomousDetection | null> {
  if (!(await deps.settings.autonomous(principal.tenantId)).enabled) return null;
  if (isSharded(shardingConfig(), { rows: dataset.size, features: dataset.feature_names.length })) {
    const queued = await detectOrQueue(
      principal,
      { dataset_id: dataset.id, ...SHORTLIST[0]!, async: true },
      deps,
    );
    return {
      detection_id: queued.record.id,
      algorithm: queued.record.algorithm,
      status: queued.record.status,
      anomaly_count: queued.record.anomaly_count,
    };
  }
  const data = labelledTable(dataset.feature_names, await loadRows(dataset, deps.blobs));
  const runs = SHORTLIST.map((c) => ({
    c,
    run: evaluateCandidate(c.algorithm, c.parameters, data, 0.3, dataset.id),
  }));
  const n = runs[0]?.run.validationScores.length ?? 0;
  const agreement = runs.map(({ run }) => {
    let total = 0;
    for (let i = 0; i < n; i++) {
      const others = runs.map((r) => r.run.validationScores[i]!).sort((a, b) => a - b);
      total -= Math.abs(run.validationScores[i]! - others[others.length >> 1]!);
    }
    return total;
  });
  const chosen = SHORTLIST[agreement.indexOf(Math.max(...agreement))] ?? SHORTLIST[0]!;
  // In a state-machine task (a large upload's ingest) the detection runs there, under its own
  // id, as a queued one does: a dataset over the synchronous cap is no reason to refuse it.
  const { record } = await detect(
    principal,
    { dataset_id: dataset.id, algorithm: chosen.algorithm, parameters: chosen.parameters },
    deps,
    options.inTask ? { id: `det_${newId()}` } : {},
  );
  return {
    detection_id: record.id,
    algorithm: record.algorithm,
    status: record.status,
    anomaly_count: record.anomaly_count,
  };
}

/** What autonomous mode ran on a dataset: completed, or queued (`running`) for a sharded one. */
export type AutonomousDetection = Required<UploadAutonomousDetection>;
