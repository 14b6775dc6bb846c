import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { SeverityLevel } from '@pynomaly/core';
import { keys, Table } from './table';

/** Autonomous mode: when on, datasets that arrive are analysed with an automatically chosen detector. */
export interface AutonomousSettings {
  enabled: boolean;
  updated_at: string | null;
  updated_by: string | null;
}

/** Alerts: a finding of `min_severity` or above is announced as `alert.triggered`. */
export interface AlertSettings {
  min_severity: SeverityLevel;
  updated_at: string | null;
  updated_by: string | null;
}

/** A tenant that never chose alerts hears about high and critical findings. */
export const DEFAULT_ALERT_SEVERITY: SeverityLevel = 'high';

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
    await this.put(tenantId, 'SETTINGS#AUTONOMOUS', settings);
    return settings;
  }

  async alerts(tenantId: string): Promise<AlertSettings> {
    const item = await this.table.get(keys.tenant(tenantId), 'SETTINGS#ALERTS');
    return {
      min_severity: (item?.min_severity as SeverityLevel) ?? DEFAULT_ALERT_SEVERITY,
      updated_at: (item?.updated_at as string) ?? null,
      updated_by: (item?.updated_by as string) ?? null,
    };
  }

  async setAlerts(tenantId: string, minSeverity: SeverityLevel, userId: string): Promise<AlertSettings> {
    const settings = { min_severity: minSeverity, updated_at: new Date().toISOString(), updated_by: userId };
    await this.put(tenantId, 'SETTINGS#ALERTS', settings);
    return settings;
  }

  private async put(tenantId: string, sk: string, settings: object): Promise<void> {
    await this.table.client.send(
      new PutCommand({
        TableName: this.table.name,
        Item: { pk: keys.tenant(tenantId), sk, entity: 'settings', ...settings },
      }),
    );
  }
}
