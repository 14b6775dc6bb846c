import { keys, Table } from './table';

/** The key of a tenant's counter of reports of one threat type. */
export function threatCounterKey(tenantId: string, threatType: string): { pk: string; sk: string } {
  return { pk: keys.tenant(tenantId), sk: keys.threat(threatType) };
}

/**
 * How many live reports of each threat type a tenant has that no analyst called a false
 * positive or benign: the `similar_incidents_count` of a new report. The count moves in the
 * same transaction that writes, re-judges or deletes a report (see ReportRepository).
 */
export class ThreatCounter {
  constructor(private readonly table: Table = new Table()) {}

  key(tenantId: string, threatType: string): { pk: string; sk: string } {
    return threatCounterKey(tenantId, threatType);
  }

  /** Never below zero: a report stored before on-demand reports were counted takes off one it never added. */
  async count(tenantId: string, threatType: string): Promise<number> {
    const { pk, sk } = this.key(tenantId, threatType);
    const item = await this.table.get(pk, sk);
    return typeof item?.count === 'number' ? Math.max(0, item.count) : 0;
  }
}
