import { httpHandler, json, parseQuery, principalOf } from '@pynomaly/core';
import { listTabularDatasets } from '@pynomaly/platform';
import { z } from 'zod';
import { platformDeps } from './deps';

const deps = platformDeps();
const query = z.object({
  page: z.coerce.number().int().min(1).default(1),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  search: z.string().max(200).optional(),
  sort: z.enum(['name', 'created_at', 'size']).default('created_at'),
  order: z.enum(['asc', 'desc']).default('desc'),
});

export const handler = httpHandler(async (event) =>
  json(200, await listTabularDatasets(principalOf(event).tenantId, parseQuery(event, query), deps)),
);
