import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { keys, Table } from './table';

/** Autonomous mode: when on, datasets that arrive are analysed with an automatically chosen detector. */
export interface AutonomousSettings {
  enabled: boolean;
  updated_at: string | null;
  updated_by: string | null;
}

/** A tenant's settings (one item each). */
export class SettingsRepository {
  constructor(private readonly table: Table = new Table()) {}

  async autonomous(tenantId: string): Promise<AutonomousSettings> {
    const item = await this.table.get(keys.tenant(tenantId), 'SETTINGS#AUTONOMOUS');
    return {
      enabled: item?.enabled === true,
      updated_at: (item?.updated_at as string) ?? null,
      updated_by: (item?.updated_by as string) ?? null,
    };
  }

  async setAutonomous(tenantId: string, enabled: boolean, userId: string): Promise<AutonomousSettings> {
    const settings = { enabled, updated_at: new Date().toISOString(), updated_by: userId };
    await this.table.client.send(
      new PutCommand({
        TableName: this.table.name,
        Item: { pk: keys.tenant(tenantId), sk: 'SETTINGS#AUTONOMOUS', entity: 'settings', ...settings },
      }),
    );
    return settings;
  }
}
