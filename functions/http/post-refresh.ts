import { Accounts } from '@pynomaly/auth';
import { httpHandler, json, parseJsonBody } from '@pynomaly/core';
import { z } from 'zod';

const accounts = new Accounts();
const body = z.object({ refresh_token: z.string().min(1).max(8192) });

export const handler = httpHandler(async (event) =>
  json(200, await accounts.refresh(parseJsonBody(event, body).refresh_token)),
);
