import { z } from 'zod';

/** `POST /api/v1/export/{format}`: a detection's anomalies or a dataset. */
export const exportBody = z
  .object({
    detection_id: z.string().min(1).max(64).optional(),
    dataset_id: z.string().min(1).max(64).optional(),
  })
  .strict();
