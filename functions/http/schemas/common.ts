import { z } from 'zod';

/** One cell of an inline table: any JSON scalar. */
export const cell = z.union([z.number(), z.string(), z.boolean(), z.null()]);

/** One inline row: a single value (a one-feature table) or a list of cells. */
export const row = z.union([cell, z.array(cell)]);
