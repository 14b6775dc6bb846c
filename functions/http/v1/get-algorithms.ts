import { answer, httpHandler } from '@pynomaly/core';
import { listAlgorithms } from '@pynomaly/detection';
import { algorithmsAnswer } from '../schemas/detection';

const camelToSnake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** Every algorithm of the detection registry, with its parameters and defaults, in the API's snake_case. */
export const handler = httpHandler(async () =>
  answer(200, algorithmsAnswer, {
    algorithms: listAlgorithms().map((a) => ({
      ...a,
      name: a.name.replaceAll('-', '_'),
      parameters: a.parameters.map(({ values, ...p }) => ({
        ...p,
        name: camelToSnake(p.name),
        ...(values ? { values: [...values] } : {}),
      })),
      defaults: Object.fromEntries(Object.entries(a.defaults).map(([k, v]) => [camelToSnake(k), v])),
    })),
  }),
);
