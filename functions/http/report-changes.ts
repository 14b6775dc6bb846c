import { z } from 'zod';

/** What an analyst may change on a report; anything else in the body is refused. */
export const reportChanges = z
  .object({
    status: z.enum(['pending_triage', 'triaged', 'under_review', 'resolved', 'false_positive']).optional(),
    assigned_to: z.string().max(256).nullable().optional(),
    resolution_notes: z.string().max(10_000).nullable().optional(),
    user_feedback: z.string().max(10_000).nullable().optional(),
  })
  .strict();
