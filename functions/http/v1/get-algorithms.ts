import { httpHandler, json } from '@pynomaly/core';
import { listAlgorithms } from '@pynomaly/detection';

const camelToSnake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** Every algorithm of the detection registry, with its parameters and defaults, in the API's snake_case. */
export const handler = httpHandler(async () =>
  json(200, {
    algorithms: listAlgorithms().map((a) => ({
      ...a,
      name: a.name.replaceAll('-', '_'),
      parameters: a.parameters.map((p) => ({ ...p, name: camelToSnake(p.name) })),
      defaults: Object.fromEntries(Object.entries(a.defaults).map(([k, v]) => [camelToSnake(k), v])),
    })),
  }),
);
