import type { DatasetRepository, SessionRecord, SessionRepository } from '@pynomaly/store';

/** The share of the progress bar each stage ends at; triage fills the span up to reporting. */
export const PROGRESS = {
  parsing: 5,
  parsed: 25,
  detecting: 30,
  detected: 50,
  triaged: 90,
  completed: 100,
} as const;

export interface PipelineStores {
  datasets: DatasetRepository;
  sessions: SessionRepository;
}

/** Moves the session on, so a caller polling it sees where the analysis is. */
export async function advance(
  stores: PipelineStores,
  tenantId: string,
  sessionId: string,
  patch: Partial<SessionRecord>,
): Promise<void> {
  await stores.sessions.update(tenantId, sessionId, patch);
}

/** The progress a session shows: while triaging it follows the reports written so far. */
export function displayedProgress(session: SessionRecord): { progress: number; current_step: string } {
  // Suppressed findings get no report: triage is done when the rest have theirs.
  const toTriage = session.anomalies_detected - (session.anomalies_suppressed ?? 0);
  if (session.status !== 'triaging' || toTriage <= 0) {
    return { progress: session.progress, current_step: session.current_step };
  }
  const done = Math.min(session.reports_generated, toTriage);
  const span = PROGRESS.triaged - PROGRESS.detected;
  return {
    progress: Math.round(PROGRESS.detected + (span * done) / toTriage),
    current_step: `Performing triage analysis (${done}/${toTriage} anomalies)...`,
  };
}
