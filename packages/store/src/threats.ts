import { keys, Table } from './table';

/**
 * How many reports of each threat type a tenant has: the `similar_incidents_count` of a
 * new report. The count moves in the same transaction that writes the report.
 */
export class ThreatCounter {
  constructor(private readonly table: Table = new Table()) {}

  key(tenantId: string, threatType: string): { pk: string; sk: string } {
    return { pk: keys.tenant(tenantId), sk: `THREAT#${threatType}` };
  }

  async count(tenantId: string, threatType: string): Promise<number> {
    const { pk, sk } = this.key(tenantId, threatType);
    const item = await this.table.get(pk, sk);
    return typeof item?.count === 'number' ? item.count : 0;
  }
}
