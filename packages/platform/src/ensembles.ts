import { newId, type Principal, ValidationError } from '@pynomaly/core';
import { combineScores } from '@pynomaly/detection';
import type { EnsembleRecord, EnsembleRepository } from '@pynomaly/store';
import { type DetectorDeps, predict, predictionSeconds } from './detectors';
import { REQUEST_WORK_SECONDS, WorkBudget } from './work-budget';

export type Combination = EnsembleRecord['combination'];

export function ensembleDocument(e: EnsembleRecord) {
  const { tenant_id: _, ...rest } = e;
  return { ...rest, ensemble_id: e.id };
}

/** An ensemble of the caller's trained detectors (at least two, all trained). */
export async function createEnsemble(
  principal: Principal,
  request: { name: string; detector_ids: string[]; combination?: Combination; description?: string },
  deps: DetectorDeps & { ensembles: EnsembleRepository },
): Promise<EnsembleRecord> {
  const members = await Promise.all(
    request.detector_ids.map((id) => deps.detectors.get(principal.tenantId, id)),
  );
  const untrained = members.filter((m) => m.status !== 'trained');
  if (untrained.length > 0) {
    throw new ValidationError(`Train these detectors first: ${untrained.map((m) => m.name).join(', ')}`, [
      { field: 'detector_ids', message: 'every member must be trained' },
    ]);
  }
  const record: EnsembleRecord = {
    id: newId(),
    tenant_id: principal.tenantId,
    user_id: principal.userId,
    name: request.name,
    description: request.description ?? null,
    detector_ids: [...new Set(request.detector_ids)],
    combination: request.combination ?? 'average',
    created_at: new Date().toISOString(),
  };
  await deps.ensembles.put(record);
  return record;
}

/**
 * Scores rows with every member and combines their normalised scores by the ensemble's rule.
 * A row is flagged when the combined score passes the members' thresholds combined the same
 * way (for a majority vote: when more than half of the members flag it). The members' work
 * together must fit one request (422 before any scoring otherwise).
 */
export async function predictWithEnsemble(
  principal: Principal,
  ensemble: EnsembleRecord,
  input: { data?: unknown[]; features?: string[]; dataset_id?: string },
  deps: DetectorDeps,
) {
  const members = await Promise.all(
    ensemble.detector_ids.map((id) => deps.detectors.get(principal.tenantId, id)),
  );
  const dataset = input.dataset_id ? await deps.datasets.get(principal.tenantId, input.dataset_id) : null;
  const rows = dataset?.size ?? input.data?.length ?? 0;
  new WorkBudget(REQUEST_WORK_SECONDS).spend(
    members.reduce((total, m) => total + predictionSeconds(m, rows), 0),
    'score fewer rows at a time',
  );
  const results = await Promise.all(members.map((m) => predict(principal, m, input, deps)));
  const scores = results.map((r) => Float64Array.from(r.scores));
  const thresholds = results.map((r) => r.threshold);
  const combined = combineScores(scores, thresholds, ensemble.combination);
  const cut =
    ensemble.combination === 'majority_vote'
      ? 0.5
      : (combineScores(
          thresholds.map((t) => Float64Array.of(t)),
          thresholds,
          ensemble.combination,
        )[0] ?? 0.5);
  return {
    ensemble_id: ensemble.id,
    combination: ensemble.combination,
    members: members.map((m, i) => ({
      detector_id: m.id,
      name: m.name,
      algorithm: m.algorithm,
      anomaly_count: results[i]?.predictions.filter((p) => p === 1).length ?? 0,
    })),
    threshold: Math.round(cut * 1e6) / 1e6,
    scores: Array.from(combined, (s) => Math.round(s * 1e6) / 1e6),
    predictions: Array.from(combined, (s) => (s > cut ? 1 : 0)),
  };
}
