import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { NotFoundError } from '@pynomaly/core';
import { keys, stripKeys, Table } from './table';

/** One candidate (algorithm + parameters) as an experiment or AutoML search measured it. */
export interface CandidateResult {
  algorithm: string;
  parameters: Record<string, unknown>;
  metrics: Record<string, number>;
  /** The number the candidates are ranked by (higher is better). */
  score: number;
  training_time: number;
}

/** Experiments and AutoML pipelines: a dataset, candidates to try, and what each scored. */
export interface StudyRecord {
  id: string;
  tenant_id: string;
  user_id: string;
  kind: 'experiment' | 'automl';
  name: string;
  dataset_id: string;
  candidates: Array<{ algorithm: string; parameters: Record<string, unknown> }>;
  label_column: string | null;
  validation_split: number;
  /** `roc_auc` or `average_precision` with labels; `consensus` (label-free) without. */
  criterion: 'roc_auc' | 'average_precision' | 'consensus' | null;
  status: 'created' | 'running' | 'completed' | 'stopped' | 'failed';
  results: CandidateResult[];
  best: CandidateResult | null;
  best_detector_id: string | null;
  error_message: string | null;
  created_at: string;
  started_at: string | null;
  completed_at: string | null;
}

/** Experiments and AutoML pipelines of a tenant. */
export class StudyRepository {
  constructor(private readonly table: Table = new Table()) {}

  async put(record: StudyRecord): Promise<void> {
    await this.table.client.send(
      new PutCommand({
        TableName: this.table.name,
        Item: { pk: keys.tenant(record.tenant_id), sk: `STUDY#${record.id}`, entity: 'study', ...record },
      }),
    );
  }

  async get(tenantId: string, id: string, kind: StudyRecord['kind']): Promise<StudyRecord> {
    const item = await this.table.get(keys.tenant(tenantId), `STUDY#${id}`);
    if (!item || item.kind !== kind)
      throw new NotFoundError(kind === 'automl' ? 'Pipeline not found' : 'Experiment not found');
    return stripKeys<StudyRecord>(item);
  }

  /** Updates a study still `running`; false (nothing written) once it has ended or is gone. */
  async updateWhileRunning(tenantId: string, id: string, patch: Partial<StudyRecord>): Promise<boolean> {
    return this.table.updateWhileStatus(keys.tenant(tenantId), `STUDY#${id}`, ['running'], patch);
  }

  async list(tenantId: string, kind: StudyRecord['kind']): Promise<StudyRecord[]> {
    const items = await this.table.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.tenant(tenantId), ':prefix': 'STUDY#' },
      ScanIndexForward: false,
    });
    return items.map((i) => stripKeys<StudyRecord>(i)).filter((s) => s.kind === kind);
  }
}
