import { z } from 'zod';

/** `POST /api/v1/export/{format}`: a detection's anomalies or a dataset. */
export const exportBody = z
  .object({
    detection_id: z.string().min(1).max(64).optional(),
    dataset_id: z.string().min(1).max(64).optional(),
  })
  .strict();

/** `GET /api/v1/export/formats`: the `{format}` of `POST /api/v1/export/{format}`. */
export const exportFormatsAnswer = z
  .object({
    formats: z.array(
      z.object({
        format: z
          .enum(['csv', 'excel', 'json'])
          .describe('The path segment of `POST /api/v1/export/{format}`'),
        content_type: z.string(),
        extension: z.string().describe("The file name's extension"),
        description: z.string(),
      }),
    ),
  })
  .meta({
    examples: [
      {
        formats: [
          {
            format: 'csv',
            content_type: 'text/csv; charset=utf-8',
            extension: 'csv',
            description: 'Comma-separated values (RFC 4180), formula-safe',
          },
        ],
      },
    ],
  });
