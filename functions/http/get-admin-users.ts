import { Users } from '@pynomaly/auth';
import { answer, httpHandler } from '@pynomaly/core';
import { userListAnswer } from './schemas/admin';

const users = new Users();

export const handler = httpHandler(async () => answer(200, userListAnswer, await users.list()));
