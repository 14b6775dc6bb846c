import { Users } from '@pynomaly/auth';
import { httpHandler, json } from '@pynomaly/core';

const users = new Users();

export const handler = httpHandler(async () => json(200, await users.list()));
