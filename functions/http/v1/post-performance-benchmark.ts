import { httpHandler, json, parseJsonBody } from '@pynomaly/core';
import { runBenchmark } from '@pynomaly/platform';
import { benchmarkBody } from '../schemas/performance';

/** A quick, bounded benchmark on synthetic data (1 % outliers): fit/score time and ROC-AUC. */
export const handler = httpHandler(async (event) =>
  json(200, runBenchmark(parseJsonBody(event, benchmarkBody))),
);
