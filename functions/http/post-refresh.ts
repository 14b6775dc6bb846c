import { Accounts } from '@pynomaly/auth';
import { httpHandler, json, parseJsonBody } from '@pynomaly/core';
import { refreshBody } from './schemas/auth';

const accounts = new Accounts();

export const handler = httpHandler(async (event) =>
  json(200, await accounts.refresh(parseJsonBody(event, refreshBody).refresh_token)),
);
