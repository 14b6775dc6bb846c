/**
 * Ranking metrics for benchmarks and quality tests: labels are 1 for an anomaly and 0
 * otherwise, scores higher = more anomalous. Tied scores are treated as scikit-learn does;
 * AUC needs both labels and AP at least one anomaly (NaN otherwise).
 */

/** Indices sorted by descending score. */
function byScoreDescending(scores: ArrayLike<number>): Uint32Array {
  return Uint32Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[b]! - scores[a]!);
}

/**
 * ROC-AUC: the probability that a random anomaly outscores a random normal row, ties
 * counting half (the Mann–Whitney statistic, equal to sklearn's `roc_auc_score`).
 */
export function auc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const order = byScoreDescending(scores);
  let positives = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] === 1) positives++;
  const negatives = labels.length - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  // Walk from the top in tie groups: every anomaly in a group beats the normals below it and half ties those in it.
  let negativesAbove = 0;
  let wins = 0;
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && scores[order[end + 1]!] === scores[order[start]!]) end++;
    let pos = 0;
    for (let k = start; k <= end; k++) if (labels[order[k]!] === 1) pos++;
    const neg = end - start + 1 - pos;
    wins += pos * (negatives - negativesAbove - neg) + 0.5 * pos * neg;
    negativesAbove += neg;
    start = end + 1;
  }
  return wins / (positives * negatives);
}

/**
 * Average precision as scikit-learn computes it: Σ (R_k − R_{k−1}) · P_k over the distinct
 * score thresholds, from the highest down (no interpolation).
 */
export function averagePrecision(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  const order = byScoreDescending(scores);
  let positives = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] === 1) positives++;
  if (positives === 0) return Number.NaN;
  let truePositives = 0;
  let ap = 0;
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && scores[order[end + 1]!] === scores[order[start]!]) end++;
    let pos = 0;
    for (let k = start; k <= end; k++) if (labels[order[k]!] === 1) pos++;
    truePositives += pos;
    ap += (pos / positives) * (truePositives / (end + 1));
    start = end + 1;
  }
  return ap;
}
