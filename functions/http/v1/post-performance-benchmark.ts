import { answer, httpHandler, parseJsonBody } from '@pynomaly/core';
import { runBenchmark } from '@pynomaly/platform';
import { benchmarkAnswer, benchmarkBody } from '../schemas/performance';

/** NaN and infinities, which JSON spells `null`, as null. */
const finiteOrNull = (value: number) => (Number.isFinite(value) ? value : null);

/** A quick, bounded benchmark on synthetic data (1 % outliers): fit/score time and ROC-AUC. */
export const handler = httpHandler(async (event) => {
  const result = runBenchmark(parseJsonBody(event, benchmarkBody));
  return answer(200, benchmarkAnswer, {
    ...result,
    // ROC-AUC is undefined when the sample drew no outlier; a run too quick to time has no rate.
    throughput_rows_per_second: finiteOrNull(result.throughput_rows_per_second),
    roc_auc: finiteOrNull(result.roc_auc),
  });
});
