import { NotFoundError } from '@pynomaly/core';
import { keys, stripKeys, Table } from './table';
import type { SessionRecord, SessionStatus } from './types';

/** The statuses of an analysis still under way; `completed` and `error` are final. */
export const SESSION_RUNNING_STATUSES: readonly SessionStatus[] = [
  'pending',
  'parsing',
  'detecting',
  'triaging',
  'reporting',
];

/** Analysis sessions: the progress a caller polls. */
export class SessionRepository {
  constructor(private readonly table: Table = new Table()) {}

  async get(tenantId: string, id: string): Promise<SessionRecord> {
    const item = await this.table.get(keys.tenant(tenantId), keys.session(id));
    if (!item) throw new NotFoundError('Analysis session not found');
    return stripKeys<SessionRecord>(item);
  }

  async update(tenantId: string, id: string, patch: Partial<SessionRecord>): Promise<void> {
    await this.table.updateExisting(keys.tenant(tenantId), keys.session(id), patch);
  }

  /** Updates a session still under way; false (nothing written) once it has ended or is gone. */
  async updateWhileRunning(tenantId: string, id: string, patch: Partial<SessionRecord>): Promise<boolean> {
    return this.table.updateWhileStatus(
      keys.tenant(tenantId),
      keys.session(id),
      SESSION_RUNNING_STATUSES,
      patch,
    );
  }

  async remove(tenantId: string, id: string): Promise<void> {
    await this.table.batchDelete([{ pk: keys.tenant(tenantId), sk: keys.session(id) }]);
  }
}
