import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { ConflictError, NotFoundError } from '@pynomaly/core';
import { isConditionFailure, keys, setExpression, stripKeys, Table } from './table';
import type { ReportRecord, ReportStatus, Severity } from './types';

const reportItem = (r: ReportRecord) => ({
  pk: keys.tenant(r.tenant_id),
  sk: keys.report(r.id),
  gsi1pk: keys.datasetChildren(r.tenant_id, r.dataset_id),
  gsi1sk: keys.report(r.id),
  entity: 'report',
  ...r,
});

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

  /** Stores a new report; a second report for the same anomaly is a conflict. */
  async create(report: ReportRecord): Promise<ReportRecord> {
    try {
      await this.table.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.table.name,
                Item: reportItem(report),
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
          ],
        }),
      );
      return report;
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
                Item: reportItem(report),
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

  async remove(tenantId: string, id: string): Promise<void> {
    await this.get(tenantId, id);
    await this.table.batchDelete([{ pk: keys.tenant(tenantId), sk: keys.report(id) }]);
  }

  async removeByDataset(tenantId: string, datasetId: string): Promise<void> {
    await this.table.batchDelete(await this.table.childKeys(tenantId, datasetId, 'REPORT#'));
  }
}
