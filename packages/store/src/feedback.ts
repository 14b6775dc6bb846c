import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { NotFoundError } from '@pynomaly/core';
import { isConditionFailure, keys, stripKeys, Table } from './table';
import type { FindingSignature } from './types';

/**
 * What an analyst's false-positive verdict taught: findings of later analyses with the same
 * signature (sheet schema, entity, pattern) are kept but suppressed. One rule per signature.
 */
export interface SuppressionRuleRecord {
  id: string;
  tenant_id: string;
  signature: FindingSignature;
  /** The sheet's headers as the schema hash reads them (normalized, sorted; the first 100). */
  sheet_headers: string[];
  sheet_name: string;
  /** The report whose verdict made the rule (it may since have been deleted). */
  report_id: string;
  anomaly_id: string | null;
  dataset_id: string;
  reason: string;
  created_by: string;
  created_by_user_id: string;
  created_at: string;
}

/** A rule with how many findings it has suppressed, across the analyses that ran since. */
export type SuppressionRuleWithMatches = SuppressionRuleRecord & { matches: number };

/** What the detect step matches findings against: every rule, and every true-positive mark. */
export interface FeedbackState {
  /** Rules by signature id. */
  rules: Map<string, SuppressionRuleRecord>;
  /** For each signature an analyst called a true positive, the first such report. */
  truePositives: Map<string, string>;
}

const RULE = 'suppression_rule';
const APPLIED = 'suppression_applied';

/**
 * Suppression rules, the counts of findings they suppressed (one item per rule and dataset,
 * written whole, so a retried detection writes the same count), and true-positive marks
 * (written with the report's verdict: ReportRepository.review).
 */
export class FeedbackRepository {
  constructor(private readonly table: Table = new Table()) {}

  /** Stores a rule unless its signature has one: the rule that stands (new or already there). */
  async putRule(rule: SuppressionRuleRecord): Promise<{ rule: SuppressionRuleRecord; created: boolean }> {
    try {
      await this.table.client.send(
        new PutCommand({
          TableName: this.table.name,
          Item: { pk: keys.tenant(rule.tenant_id), sk: keys.suppressionRule(rule.id), entity: RULE, ...rule },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return { rule, created: true };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      return { rule: await this.getRule(rule.tenant_id, rule.id), created: false };
    }
  }

  async getRule(tenantId: string, id: string): Promise<SuppressionRuleRecord> {
    const item = await this.table.get(keys.tenant(tenantId), keys.suppressionRule(id));
    if (!item) throw new NotFoundError('Suppression rule not found');
    return stripKeys<SuppressionRuleRecord>(item);
  }

  /** The tenant's rules with their match counts, newest first. */
  async listRules(tenantId: string): Promise<SuppressionRuleWithMatches[]> {
    const items = await this.table.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': keys.tenant(tenantId), ':prefix': 'SUPPRESSION#' },
    });
    const matches = new Map<string, number>();
    for (const item of items)
      if (item.entity === APPLIED && typeof item.rule_id === 'string' && typeof item.count === 'number')
        matches.set(item.rule_id, (matches.get(item.rule_id) ?? 0) + item.count);
    return items
      .filter((item) => item.entity === RULE)
      .map((item) => stripKeys<SuppressionRuleRecord>(item))
      .map((rule) => ({ ...rule, matches: matches.get(rule.id) ?? 0 }))
      .sort((a, b) => b.created_at.localeCompare(a.created_at) || a.id.localeCompare(b.id));
  }

  /**
   * Deletes a rule and its match counts; with `reportId`, only the rule that report made (a
   * verdict taken back leaves another report's rule alone). False when there was none to delete.
   */
  async deleteRule(tenantId: string, id: string, reportId?: string): Promise<boolean> {
    try {
      await this.table.client.send(
        new DeleteCommand({
          TableName: this.table.name,
          Key: { pk: keys.tenant(tenantId), sk: keys.suppressionRule(id) },
          ConditionExpression: reportId
            ? 'attribute_exists(pk) AND report_id = :report'
            : 'attribute_exists(pk)',
          ...(reportId ? { ExpressionAttributeValues: { ':report': reportId } } : {}),
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
    await this.table.batchDelete(
      await this.table.queryAll({
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: {
          ':pk': keys.tenant(tenantId),
          ':prefix': `${keys.suppressionRule(id)}#`,
        },
        ProjectionExpression: 'pk, sk',
      }),
    );
    return true;
  }

  /** Records how many findings of a dataset each rule suppressed (the same count again on a retry). */
  async recordMatches(
    tenantId: string,
    datasetId: string,
    counts: ReadonlyMap<string, number>,
  ): Promise<void> {
    const at = new Date().toISOString();
    await this.table.batchWrite(
      [...counts].map(([ruleId, count]) => ({
        PutRequest: {
          Item: {
            pk: keys.tenant(tenantId),
            sk: keys.suppressionApplied(ruleId, datasetId),
            entity: APPLIED,
            rule_id: ruleId,
            dataset_id: datasetId,
            count,
            at,
          },
        },
      })),
    );
  }

  /** Everything a new analysis is matched against, read once per analysis. */
  async state(tenantId: string): Promise<FeedbackState> {
    const [rules, marks] = await Promise.all([
      this.table.queryAll({
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        FilterExpression: '#entity = :rule',
        ExpressionAttributeNames: { '#entity': 'entity' },
        ExpressionAttributeValues: { ':pk': keys.tenant(tenantId), ':prefix': 'SUPPRESSION#', ':rule': RULE },
      }),
      this.table.queryAll({
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': keys.tenant(tenantId), ':prefix': 'PRIORITY#' },
      }),
    ]);
    const state: FeedbackState = { rules: new Map(), truePositives: new Map() };
    for (const rule of rules.map((r) => stripKeys<SuppressionRuleRecord>(r)))
      state.rules.set(rule.signature.id, rule);
    const sorted = marks.sort((a, b) => String(a.created_at).localeCompare(String(b.created_at)));
    for (const mark of sorted)
      if (typeof mark.signature_id === 'string' && !state.truePositives.has(mark.signature_id))
        state.truePositives.set(mark.signature_id, String(mark.report_id));
    return state;
  }
}
