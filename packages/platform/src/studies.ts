import { type SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { NotFoundError, newId, type Principal, required, sfnClient, ValidationError } from '@pynomaly/core';
import { createDetector } from '@pynomaly/detection';
import type { CandidateResult, DetectorRepository, StudyRecord, StudyRepository } from '@pynomaly/store';
import { z } from 'zod';
import type { Announces } from './announce';
import { algorithmName, detectorParameters } from './detection';
import { createDetectorRecord, type DetectorDeps, trainDetector } from './detectors';
import { type Evaluated, evaluateCandidate, labelledTable } from './evaluation';
import { loadRows } from './tabular-datasets';
import { taskPrincipal } from './task-principal';
import { QUEUED_WORK_SECONDS, REQUEST_WORK_SECONDS, WorkBudget, workSeconds } from './work-budget';

export interface StudyDeps extends DetectorDeps, Announces {
  studies: StudyRepository;
  detectors: DetectorRepository;
}

export type Candidate = StudyRecord['candidates'][number];

/** What AutoML tries when told nothing: every family, with a few neighbourhood sizes and bins. */
export const DEFAULT_SEARCH: readonly Candidate[] = [
  { algorithm: 'isolation_forest', parameters: { random_state: 0 } },
  { algorithm: 'isolation_forest', parameters: { n_estimators: 200, max_samples: 512, random_state: 0 } },
  { algorithm: 'ecod', parameters: {} },
  { algorithm: 'copod', parameters: {} },
  { algorithm: 'hbos', parameters: {} },
  { algorithm: 'hbos', parameters: { n_bins: 20 } },
  { algorithm: 'knn', parameters: { k: 5 } },
  { algorithm: 'knn', parameters: { k: 15 } },
  { algorithm: 'lof', parameters: { k: 20 } },
  { algorithm: 'pca', parameters: {} },
  { algorithm: 'zscore', parameters: {} },
  { algorithm: 'iqr', parameters: {} },
];

export function studyDocument(s: StudyRecord) {
  const { tenant_id: _, ...rest } = s;
  return s.kind === 'automl' ? { ...rest, pipeline_id: s.id } : { ...rest, experiment_id: s.id };
}

/** Records an experiment or AutoML pipeline; candidates are checked now, nothing runs yet. */
export async function createStudy(
  principal: Principal,
  kind: StudyRecord['kind'],
  request: {
    name: string;
    dataset_id: string;
    candidates?: Candidate[];
    label_column?: string;
    validation_split?: number;
    max_trials?: number;
  },
  deps: Pick<StudyDeps, 'studies' | 'datasets'>,
): Promise<StudyRecord> {
  await deps.datasets.get(principal.tenantId, request.dataset_id);
  const candidates = (request.candidates ?? (kind === 'automl' ? [...DEFAULT_SEARCH] : [])).slice(
    0,
    request.max_trials ?? 50,
  );
  if (candidates.length === 0)
    throw new ValidationError('Name at least one detector to compare', [
      { field: 'detectors', message: 'empty' },
    ]);
  for (const c of candidates) createDetector(algorithmName(c.algorithm), detectorParameters(c.parameters));
  const record: StudyRecord = {
    id: newId(),
    tenant_id: principal.tenantId,
    user_id: principal.userId,
    kind,
    name: request.name,
    dataset_id: request.dataset_id,
    candidates,
    label_column: request.label_column ?? null,
    validation_split: request.validation_split ?? 0.3,
    criterion: null,
    status: 'created',
    results: [],
    best: null,
    best_detector_id: null,
    error_message: null,
    created_at: new Date().toISOString(),
    started_at: null,
    completed_at: null,
  };
  await deps.studies.put(record);
  return record;
}

/** Spearman's rank correlation, the label-free agreement of a candidate with the consensus. */
function spearman(a: Float64Array, b: Float64Array): number {
  const ranks = (v: Float64Array) => {
    const order = Array.from(v.keys()).sort((i, j) => v[i]! - v[j]!);
    const r = new Float64Array(v.length);
    order.forEach((i, k) => {
      r[i] = k;
    });
    return r;
  };
  const ra = ranks(a);
  const rb = ranks(b);
  const n = a.length;
  const mean = (n - 1) / 2;
  let cov = 0;
  let va = 0;
  let vb = 0;
  for (let i = 0; i < n; i++) {
    cov += (ra[i]! - mean) * (rb[i]! - mean);
    va += (ra[i]! - mean) ** 2;
    vb += (rb[i]! - mean) ** 2;
  }
  return va && vb ? cov / Math.sqrt(va * vb) : 0;
}

/** A study starts afresh unless it was stopped. */
async function markRunning(
  principal: Principal,
  id: string,
  kind: StudyRecord['kind'],
  deps: Pick<StudyDeps, 'studies'>,
): Promise<StudyRecord> {
  const study = await deps.studies.get(principal.tenantId, id, kind);
  if (study.status === 'stopped')
    throw new ValidationError('This pipeline was stopped', [{ field: 'status', message: 'stopped' }]);
  const running: StudyRecord = {
    ...study,
    status: 'running',
    started_at: new Date().toISOString(),
    results: [],
    best: null,
    error_message: null,
  };
  await deps.studies.put(running);
  return running;
}

/**
 * Runs every candidate on the same seeded split and ranks them: by ROC-AUC on the held-out
 * rows when the dataset has labels, otherwise by agreement (rank correlation) with the median
 * of all candidates' scores, a label-free consensus. A pipeline stopped from another request
 * ends after the candidate under way. AutoML then trains the winner as a detector.
 */
export async function runStudy(
  principal: Principal,
  id: string,
  kind: StudyRecord['kind'],
  deps: StudyDeps,
): Promise<StudyRecord> {
  let study = await markRunning(principal, id, kind, deps);
  try {
    const dataset = await deps.datasets.get(principal.tenantId, study.dataset_id);
    const data = labelledTable(
      dataset.feature_names,
      await loadRows(dataset, deps.blobs),
      study.label_column ?? undefined,
    );
    const evaluated: Array<{ candidate: Candidate; run: Evaluated }> = [];
    for (const candidate of study.candidates) {
      const current = await deps.studies.get(principal.tenantId, id, kind);
      // Failed meanwhile: its execution ended (stopped or timed out) and the record says why.
      if (current.status === 'failed') return current;
      if (current.status === 'stopped') {
        study = { ...study, status: 'stopped' };
        break;
      }
      const run = evaluateCandidate(
        candidate.algorithm,
        candidate.parameters,
        data,
        study.validation_split,
        study.id,
      );
      evaluated.push({ candidate, run });
    }
    const labelled = data.labels !== null && evaluated.some((e) => e.run.metrics.roc_auc !== undefined);
    const consensus = new Float64Array(evaluated[0]?.run.validationScores.length ?? 0).map((_, i) => {
      const values = evaluated.map((e) => e.run.validationScores[i]!).sort((x, y) => x - y);
      const mid = values.length >> 1;
      return values.length % 2 ? values[mid]! : (values[mid - 1]! + values[mid]!) / 2;
    });
    const results: CandidateResult[] = evaluated.map(({ candidate, run }) => {
      const { n_train, n_validation, ...metrics } = run.metrics;
      const score = labelled ? (run.metrics.roc_auc ?? 0) : spearman(run.validationScores, consensus);
      return {
        algorithm: candidate.algorithm,
        parameters: candidate.parameters,
        metrics: {
          n_train,
          n_validation,
          ...metrics,
          expected_false_positives: run.detector.expectedFalsePositives(),
        } as Record<string, number>,
        score: Math.round(score * 10_000) / 10_000,
        training_time: run.trainingTime,
      };
    });
    const best = results.reduce<CandidateResult | null>(
      (top, r) => (!top || r.score > top.score ? r : top),
      null,
    );
    study = {
      ...study,
      criterion: labelled ? 'roc_auc' : 'consensus',
      results,
      best,
      status: study.status === 'stopped' ? 'stopped' : 'completed',
      completed_at: new Date().toISOString(),
    };
    if (kind === 'automl' && best && study.status === 'completed') {
      const detector = await createDetectorRecord(
        principal,
        {
          name: `${study.name} (best: ${best.algorithm})`,
          algorithm: best.algorithm,
          parameters: best.parameters,
        },
        deps,
      );
      // Counted in the study's own estimate (runOrQueueStudy), which may be a queued task's.
      await trainDetector(
        principal,
        detector.id,
        {
          dataset_id: study.dataset_id,
          validation_split: study.validation_split,
          label_column: study.label_column ?? undefined,
        },
        deps,
        QUEUED_WORK_SECONDS,
      );
      study.best_detector_id = detector.id;
    }
  } catch (error) {
    study = {
      ...study,
      status: 'failed',
      error_message: (error as Error).message,
      completed_at: new Date().toISOString(),
    };
    await deps.studies.put(study);
    throw error;
  }
  await deps.studies.put(study);
  return study;
}

/** Marks a pipeline stopped; one running elsewhere ends after its current candidate. */
export async function stopStudy(
  principal: Principal,
  id: string,
  deps: Pick<StudyDeps, 'studies'>,
): Promise<StudyRecord> {
  const study = await deps.studies.get(principal.tenantId, id, 'automl');
  if (study.status === 'completed' || study.status === 'failed') return study;
  const stopped = { ...study, status: 'stopped' as const, completed_at: new Date().toISOString() };
  await deps.studies.put(stopped);
  return stopped;
}

/** What the study state machine carries. */
export const queuedStudy = z.object({
  tenant_id: z.string().min(1),
  user_id: z.string().min(1),
  study_id: z.string().min(1),
  kind: z.enum(['experiment', 'automl']),
  error: z.object({ Error: z.string().optional(), Cause: z.string().optional() }).optional(),
});
export type QueuedStudy = z.infer<typeof queuedStudy>;

/** Queues a study on the study state machine and answers at once: the caller polls its record. */
export async function queueStudy(
  principal: Principal,
  id: string,
  kind: StudyRecord['kind'],
  deps: Pick<StudyDeps, 'studies'> & { sfn?: SFNClient },
): Promise<StudyRecord> {
  const queued = await markRunning(principal, id, kind, deps);
  const input: QueuedStudy = { tenant_id: principal.tenantId, user_id: principal.userId, study_id: id, kind };
  try {
    await (deps.sfn ?? sfnClient()).send(
      new StartExecutionCommand({
        stateMachineArn: required('STUDY_STATE_MACHINE_ARN'),
        name: `${id}-${Date.now()}`,
        input: JSON.stringify(input),
      }),
    );
  } catch (error) {
    // Never started, so nothing else will ever finish the record: fail it now, then say so.
    await failQueuedStudy(input, deps);
    throw error;
  }
  return queued;
}

/**
 * Estimated seconds of a study: every candidate fitted on the training share and scoring the
 * rest, and for AutoML the winner trained again (the dearest candidate counted). 0 when its
 * dataset is gone: the run itself then fails the study, saying so.
 */
async function studySeconds(principal: Principal, study: StudyRecord, deps: Pick<StudyDeps, 'datasets'>) {
  const dataset = await deps.datasets.get(principal.tenantId, study.dataset_id).catch((error: unknown) => {
    if (error instanceof NotFoundError) return null;
    throw error;
  });
  if (!dataset) return 0;
  const features = dataset.feature_names.length;
  const scored = Math.round(dataset.size * study.validation_split);
  const costs = study.candidates.map((c) =>
    workSeconds({ ...c, rows: dataset.size - scored, features, scored }),
  );
  return costs.reduce((a, b) => a + b, study.kind === 'automl' ? Math.max(0, ...costs) : 0);
}

/**
 * Runs a study now when its estimated work fits a request, else queues it (202, as
 * `async: true` does). Work too large even for a queued task is refused (422) before
 * anything runs.
 */
export async function runOrQueueStudy(
  principal: Principal,
  id: string,
  kind: StudyRecord['kind'],
  options: { async: boolean },
  deps: StudyDeps & { sfn?: SFNClient },
): Promise<{ queued: boolean; study: StudyRecord }> {
  const seconds = await studySeconds(principal, await deps.studies.get(principal.tenantId, id, kind), deps);
  new WorkBudget(QUEUED_WORK_SECONDS, 'queued task').spend(
    seconds,
    'compare fewer candidates, or use a smaller dataset',
  );
  if (options.async || seconds > REQUEST_WORK_SECONDS)
    return { queued: true, study: await queueStudy(principal, id, kind, deps) };
  return { queued: false, study: await runStudy(principal, id, kind, deps) };
}

/**
 * The RunStudy task: the queued study, unless it ended before the task ran (its execution was
 * stopped or timed out, or the pipeline was stopped), which is left as it is.
 */
export async function runQueuedStudy(input: QueuedStudy, deps: StudyDeps) {
  const queued = await deps.studies.get(input.tenant_id, input.study_id, input.kind);
  if (queued.status !== 'running') return { study_id: queued.id, status: queued.status };
  const study = await runStudy(taskPrincipal(input), input.study_id, input.kind, deps);
  return { study_id: study.id, status: study.status };
}

/**
 * The MarkStudyFailed task, and the end of an execution that ended badly
 * (functions/events/on-execution-ended): runStudy marks its own failures; this catches what it
 * could not. Only a study still `running` changes: one that ended keeps its outcome.
 */
export async function failQueuedStudy(
  input: QueuedStudy,
  deps: Pick<StudyDeps, 'studies'>,
  message = 'The study failed before it could finish',
) {
  const recorded = await deps.studies.updateWhileRunning(input.tenant_id, input.study_id, {
    status: 'failed',
    error_message: message,
    completed_at: new Date().toISOString(),
  });
  return { study_id: input.study_id, status: 'failed' as const, recorded };
}
