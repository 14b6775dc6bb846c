import { z } from 'zod';

export const newEnsemble = z
  .object({
    name: z.string().min(1).max(200),
    detector_ids: z.array(z.string().min(1).max(64)).min(2).max(10),
    combination: z.enum(['average', 'maximum', 'median', 'majority_vote']).default('average'),
    description: z.string().max(2000).optional(),
  })
  .strict();
