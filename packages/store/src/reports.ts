import { TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { ConflictError, NotFoundError } from '@pynomaly/core';
import { isConditionFailure, keys, setExpression, stripKeys, Table } from './table';
import { threatCounterKey } from './threats';
import type { ReportChange, ReportRecord, ReportStatus, Severity } from './types';

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

const reportItem = (r: ReportRecord) => ({
  pk: keys.tenant(r.tenant_id),
  sk: keys.report(r.id),
  gsi1pk: keys.datasetChildren(r.tenant_id, r.dataset_id),
  gsi1sk: keys.report(r.id),
  entity: 'report',
  ...r,
});

/** The most history entries a report keeps: past it, the oldest go as new ones come. */
export const REPORT_HISTORY_LIMIT = 100;

/** The threat type a report is counted under as a similar incident (null: nowhere). */
export const countedAs = (r: ReportRecord): string | null =>
  r.counted_as === undefined ? r.threat_type : r.counted_as;

/** One analyst update of a report, written all or nothing by {@link ReportRepository.review}. */
export interface ReportReview {
  /** The report's fields to set. */
  patch: Partial<ReportRecord>;
  /** What changed, numbered on from the report's `history_seq`. */
  changes: Array<Omit<ReportChange, 'seq'>>;
  /** The similar-incident counter the report leaves and the one it joins (null: none). */
  counted: { from: string | null; to: string | null };
  /** A true-positive mark on a signature to write, or one to take away. */
  mark?: { put?: { signatureId: string; at: string }; remove?: string };
}

export interface ReportFilter {
  status?: ReportStatus;
  datasetId?: string;
  severity?: Severity;
  limit: number;
}

const severityRank: Record<Severity, number> = { critical: 0, high: 1, medium: 2, low: 3 };

/** Anomaly reports: the triage documents analysts review. */
export class ReportRepository {
  constructor(private readonly table: Table = new Table()) {}

  /**
   * Stores a new report and counts it as a similar incident of its threat type; a second report
   * for the same anomaly is a conflict.
   */
  async create(report: ReportRecord): Promise<ReportRecord> {
    const counted: ReportRecord = { ...report, counted_as: report.threat_type };
    try {
      await this.table.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.table.name,
                Item: reportItem(counted),
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            this.countMove(report.tenant_id, report.threat_type, 1),
          ],
        }),
      );
      return counted;
    } catch (error) {
      if (isConditionFailure(error)) throw new ConflictError('Report already exists for this anomaly');
      throw error;
    }
  }

  /**
   * Writes the pipeline's report for an anomaly, marks the anomaly triaged and counts the
   * report on the session and its threat type, all or nothing. Returns false when the report was already there
   * (a retried task), in which case nothing is counted twice.
   */
  async recordTriage(
    report: ReportRecord,
    sessionId: string,
    threatCounterKey: { pk: string; sk: string },
  ): Promise<boolean> {
    const tenant = keys.tenant(report.tenant_id);
    try {
      await this.table.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.table.name,
                Item: reportItem({ ...report, counted_as: report.threat_type }),
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Update: {
                TableName: this.table.name,
                Key: { pk: tenant, sk: keys.anomaly(report.anomaly_id ?? '') },
                ConditionExpression: 'attribute_exists(pk)',
                ...setExpression({ status: 'triaged', triaged_at: report.triaged_at }),
              },
            },
            {
              Update: {
                TableName: this.table.name,
                Key: { pk: tenant, sk: keys.session(sessionId) },
                ConditionExpression: 'attribute_exists(pk)',
                UpdateExpression: 'ADD reports_generated :one',
                ExpressionAttributeValues: { ':one': 1 },
              },
            },
            {
              Update: {
                TableName: this.table.name,
                Key: threatCounterKey,
                UpdateExpression: 'ADD #count :one',
                ExpressionAttributeNames: { '#count': 'count' },
                ExpressionAttributeValues: { ':one': 1 },
              },
            },
          ],
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error) && (await this.find(report.tenant_id, report.id))) return false;
      throw error;
    }
  }

  async find(tenantId: string, id: string): Promise<ReportRecord | undefined> {
    const item = await this.table.get(keys.tenant(tenantId), keys.report(id));
    return item ? stripKeys<ReportRecord>(item) : undefined;
  }

  async get(tenantId: string, id: string): Promise<ReportRecord> {
    const found = await this.find(tenantId, id);
    if (!found) throw new NotFoundError('Report not found');
    return found;
  }

  /** Most severe first, then highest score, then newest. */
  async list(tenantId: string, filter: ReportFilter): Promise<ReportRecord[]> {
    const items = filter.datasetId
      ? await this.table.queryAll({
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :pk AND begins_with(gsi1sk, :prefix)',
          ExpressionAttributeValues: {
            ':pk': keys.datasetChildren(tenantId, filter.datasetId),
            ':prefix': 'REPORT#',
          },
        })
      : await this.table.queryAll({
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': keys.tenant(tenantId), ':prefix': 'REPORT#' },
        });
    return items
      .map((i) => stripKeys<ReportRecord>(i))
      .filter((r) => (filter.status ? r.status === filter.status : true))
      .filter((r) => (filter.severity ? r.severity === filter.severity : true))
      .sort(
        (a, b) =>
          severityRank[a.severity] - severityRank[b.severity] ||
          b.anomaly_score - a.anomaly_score ||
          b.created_at.localeCompare(a.created_at),
      )
      .slice(0, filter.limit);
  }

  async update(tenantId: string, id: string, patch: Partial<ReportRecord>): Promise<ReportRecord> {
    try {
      return stripKeys<ReportRecord>(
        await this.table.updateExisting(keys.tenant(tenantId), keys.report(id), patch),
      );
    } catch (error) {
      if (isConditionFailure(error)) throw new NotFoundError('Report not found');
      throw error;
    }
  }

  /**
   * Writes an analyst's update: the report's fields, its numbered history entries (the oldest
   * beyond {@link REPORT_HISTORY_LIMIT} removed), the similar-incident counters it leaves and
   * joins and a true-positive mark, all or nothing, and only if no other update landed since
   * `current` was read (its `history_seq`): a lost race is a 409, a deleted report a 404.
   */
  async review(current: ReportRecord, review: ReportReview): Promise<ReportRecord> {
    const tenant = keys.tenant(current.tenant_id);
    const seq = current.history_seq ?? 0;
    const next = seq + review.changes.length;
    const patch = { ...review.patch, history_seq: next };
    const set = setExpression(patch);
    const items: TransactItem[] = [
      {
        Update: {
          TableName: this.table.name,
          Key: { pk: tenant, sk: keys.report(current.id) },
          ConditionExpression:
            seq === 0
              ? 'attribute_exists(pk) AND (attribute_not_exists(#seq) OR #seq = :seq)'
              : 'attribute_exists(pk) AND #seq = :seq',
          UpdateExpression: set.UpdateExpression,
          ExpressionAttributeNames: { ...set.ExpressionAttributeNames, '#seq': 'history_seq' },
          ExpressionAttributeValues: { ...set.ExpressionAttributeValues, ':seq': seq },
        },
      },
    ];
    review.changes.forEach((change, i) => {
      const number = seq + i + 1;
      items.push({
        Put: {
          TableName: this.table.name,
          Item: {
            pk: tenant,
            sk: keys.reportHistory(current.id, number),
            gsi1pk: keys.datasetChildren(current.tenant_id, current.dataset_id),
            gsi1sk: keys.reportHistory(current.id, number),
            entity: 'report_change',
            ...change,
            seq: number,
          },
        },
      });
      if (number > REPORT_HISTORY_LIMIT)
        items.push({
          Delete: {
            TableName: this.table.name,
            Key: { pk: tenant, sk: keys.reportHistory(current.id, number - REPORT_HISTORY_LIMIT) },
          },
        });
    });
    const { from, to } = review.counted;
    if (from !== to) {
      if (from !== null) items.push(this.countMove(current.tenant_id, from, -1));
      if (to !== null) items.push(this.countMove(current.tenant_id, to, 1));
    }
    if (review.mark?.put)
      items.push({
        Put: {
          TableName: this.table.name,
          Item: {
            pk: tenant,
            sk: keys.priorityMark(review.mark.put.signatureId, current.id),
            entity: 'priority_mark',
            signature_id: review.mark.put.signatureId,
            report_id: current.id,
            created_at: review.mark.put.at,
          },
        },
      });
    if (review.mark?.remove)
      items.push({
        Delete: {
          TableName: this.table.name,
          Key: { pk: tenant, sk: keys.priorityMark(review.mark.remove, current.id) },
        },
      });
    try {
      await this.table.client.send(new TransactWriteCommand({ TransactItems: items }));
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      await this.get(current.tenant_id, current.id);
      throw new ConflictError('The report was changed by another update meanwhile; read it again and retry');
    }
    return { ...current, ...patch };
  }

  /** A report's changes, oldest first (the last {@link REPORT_HISTORY_LIMIT}). */
  async history(tenantId: string, reportId: string): Promise<ReportChange[]> {
    const items = await this.table.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.tenant(tenantId), ':prefix': keys.reportHistory(reportId) },
    });
    return items.map((i) => stripKeys<ReportChange>(i)).sort((a, b) => a.seq - b.seq);
  }

  /** Deletes a report with its history, its true-positive mark, and its count as a similar incident. */
  async remove(tenantId: string, id: string): Promise<void> {
    const report = await this.get(tenantId, id);
    if (!(await this.removeCounted(report))) throw new NotFoundError('Report not found');
    await this.table.batchDelete(
      await this.table.queryAll({
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': keys.tenant(tenantId), ':prefix': keys.reportHistory(id) },
        ProjectionExpression: 'pk, sk',
      }),
    );
  }

  /** Deletes a dataset's reports as {@link remove} does each, then their history. */
  async removeByDataset(tenantId: string, datasetId: string): Promise<void> {
    const reports = await this.list(tenantId, { datasetId, limit: Number.MAX_SAFE_INTEGER });
    for (let i = 0; i < reports.length; i += 10)
      await Promise.all(reports.slice(i, i + 10).map((r) => this.removeCounted(r)));
    await this.table.batchDelete(await this.table.childKeys(tenantId, datasetId, 'REPORT#'));
    await this.table.batchDelete(await this.table.childKeys(tenantId, datasetId, 'HISTORY#'));
  }

  /** The report, its count and its mark go together; false when the report was already gone. */
  private async removeCounted(report: ReportRecord): Promise<boolean> {
    const tenant = keys.tenant(report.tenant_id);
    const counted = countedAs(report);
    const items: TransactItem[] = [
      {
        Delete: {
          TableName: this.table.name,
          Key: { pk: tenant, sk: keys.report(report.id) },
          ConditionExpression: 'attribute_exists(pk)',
        },
      },
    ];
    if (counted !== null) items.push(this.countMove(report.tenant_id, counted, -1));
    if (report.marked_signature_id)
      items.push({
        Delete: {
          TableName: this.table.name,
          Key: { pk: tenant, sk: keys.priorityMark(report.marked_signature_id, report.id) },
        },
      });
    try {
      await this.table.client.send(new TransactWriteCommand({ TransactItems: items }));
      return true;
    } catch (error) {
      if (isConditionFailure(error) && !(await this.find(report.tenant_id, report.id))) return false;
      throw error;
    }
  }

  private countMove(tenantId: string, threatType: string, by: 1 | -1): TransactItem {
    return {
      Update: {
        TableName: this.table.name,
        Key: threatCounterKey(tenantId, threatType),
        UpdateExpression: 'ADD #count :by',
        ExpressionAttributeNames: { '#count': 'count' },
        ExpressionAttributeValues: { ':by': by },
      },
    };
  }
}
