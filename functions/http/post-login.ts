import { login } from '@pynomaly/auth';
import { httpHandler, json, parseJsonBody } from '@pynomaly/core';
import { z } from 'zod';

const body = z.object({ username: z.string().min(1).max(128), password: z.string().min(1).max(256) });

export const handler = httpHandler(async (event) => {
  const { username, password } = parseJsonBody(event, body);
  return json(200, await login(username, password));
});
