/**
 * Leave-one-dataset-out (LODO) choice of the ensemble (`npm run bench -- --lodo`, or
 * `npx tsx bench/ensemble-lodo.ts`):
 *
 *   --data DIR          labelled CSVs (default ../shared/data next to the repo)
 *   --seeds N           seeds 0..N-1 of the randomised members (the isolation forest); default 3
 *   --max-members K     member sets of 2..K algorithms (default 3)
 *   --members-with NAME only member sets containing NAME (a narrower grid, for sensitivity)
 *   --cache DIR         keep each member's training scores there and reuse them on the next run
 *   --out FILE          markdown file whose LODO section is replaced or appended (default bench/ALGORITHMS.md)
 *
 * Every single algorithm of the registry (default parameters) is fitted on all rows of each
 * dataset once per seed and its normalized training scores kept; every candidate ensemble
 * (bench/ensemble-grid.ts) is then combined from those in memory — the same scores the
 * registry's Ensemble computes on its training rows. For each held-out dataset the selection
 * rule sees only the other datasets; the chosen candidate, the forest and the single
 * algorithm that the same datasets would have picked are then measured on the held-out one.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { algorithms, createDetector } from '../packages/detection/src/algorithms/registry';
import type { Matrix } from '../packages/detection/src/algorithms/types';
import { readLabelledCsv } from './data';
import {
  aucAndAp,
  bestSingle,
  type Candidate,
  candidateGrid,
  candidateName,
  combineRuns,
  type Measured,
  type MemberRun,
  type Normalisation,
  normalise,
  selectCandidate,
} from './ensemble-grid';

/** How far below the reference a chosen ensemble may fall on any one dataset. */
const TOLERANCE = 0.02;
const FOREST = 'isolation-forest';
/**
 * The registry's `ensemble` (defaultEnsemble), measured alongside; it was picked on all the
 * sets, so its column is in-sample, not a held-out figure.
 */
const REGISTRY_ENSEMBLE: Candidate = {
  members: [FOREST, 'ecod', 'knn'],
  combination: 'median',
  normalisation: 'minmax',
};
const START = '<!-- ensemble-lodo:start -->';
const END = '<!-- ensemble-lodo:end -->';

export interface LodoOptions {
  data: string;
  seeds: number;
  maxMembers: number;
  membersWith?: string | undefined;
  cache?: string | undefined;
  out: string;
}

const here = fileURLToPath(import.meta.url);
export const LODO_DEFAULTS: LodoOptions = {
  data: resolve(here, '../../../shared/data'),
  seeds: 3,
  maxMembers: 3,
  out: resolve(here, '../ALGORITHMS.md'),
};

const singles = algorithms.filter((a) => a.name !== 'ensemble');
const randomised = new Set<string>(
  singles.filter((a) => a.parameters.some((p) => p.name === 'randomState')).map((a) => a.name),
);
/** The forest first, so candidate names read as the registry writes them (iforest+ecod+knn). */
const pool = [FOREST, ...singles.map((a) => a.name).filter((a) => a !== FOREST)];

/** Runs the study and writes its section into `out`; returns the section. */
export function lodoBench(options: LodoOptions): string {
  if (!existsSync(options.data)) {
    console.log(`No benchmark data at ${options.data}; skipping (pass --data DIR).`);
    return '';
  }
  const started = performance.now();
  const seeds = Array.from({ length: options.seeds }, (_, s) => s);
  const candidates = candidateGrid(pool, options.maxMembers).filter(
    (c) => !options.membersWith || c.members.includes(options.membersWith),
  );
  const names = candidates.map(candidateName);
  // The registry's ensemble is measured for comparison even when the grid leaves it out.
  const measuredCandidates = names.includes(candidateName(REGISTRY_ENSEMBLE))
    ? candidates
    : [...candidates, REGISTRY_ENSEMBLE];
  /** measured.get(name).get(dataset): mean AUC / AP over the seeds. */
  const measured = new Map<string, Map<string, Measured>>();
  const record = (name: string, dataset: string, m: Measured) => {
    if (!measured.has(name)) measured.set(name, new Map());
    measured.get(name)!.set(dataset, m);
  };
  const datasets: Array<{ name: string; n: number; d: number }> = [];
  for (const file of readdirSync(options.data).filter((f) => f.endsWith('.csv'))) {
    const name = basename(file, '.csv');
    const { x, y } = readLabelledCsv(join(options.data, file));
    datasets.push({ name, n: x.n, d: x.d });
    const runs = memberRuns(name, x, seeds, options.cache);
    for (const single of pool)
      record(single, name, mean(runs.get(single)!.map((r) => aucAndAp(r.scores, y))));
    const scaled = new Map<string, MemberRun>();
    const scaledRun = (member: string, seed: number, normalisation: Normalisation) => {
      const key = `${member}/${seed}/${normalisation}`;
      if (!scaled.has(key)) scaled.set(key, normalise(runs.get(member)![seed]!, normalisation));
      return scaled.get(key)!;
    };
    for (const candidate of measuredCandidates) {
      const candidateSeeds = candidate.members.some((m) => randomised.has(m)) ? seeds : [0];
      const results = candidateSeeds.map((seed) => {
        const parts = candidate.members.map((m) =>
          scaledRun(m, randomised.has(m) ? seed : 0, candidate.normalisation),
        );
        return aucAndAp(combineRuns(parts, candidate.combination), y);
      });
      record(candidateName(candidate), name, mean(results));
    }
    console.error(`${name}: ${candidates.length} candidates, ${elapsed(started)}`);
  }
  datasets.sort((a, b) => a.n - b.n);
  const section = render(options, datasets, names, (n, d) => measured.get(n)!.get(d)!, started);
  writeSection(options.out, section);
  console.log(section);
  return section;
}

/** Each single algorithm's normalized training scores and threshold, one run per seed (or one). */
function memberRuns(
  dataset: string,
  x: Matrix,
  seeds: readonly number[],
  cache: string | undefined,
): Map<string, MemberRun[]> {
  if (cache) mkdirSync(cache, { recursive: true });
  const runs = new Map<string, MemberRun[]>();
  for (const algorithm of pool) {
    const list = (randomised.has(algorithm) ? seeds : [0]).map((seed) => {
      // Scores and threshold in one little-endian Float64Array file, threshold last.
      const file = cache && join(cache, `${dataset}.${algorithm}.${seed}.f64`);
      if (file && existsSync(file)) {
        const bytes = readFileSync(file);
        const all = new Float64Array(bytes.byteLength / 8);
        new Uint8Array(all.buffer).set(bytes);
        return { scores: all.subarray(0, all.length - 1), threshold: all[all.length - 1]! };
      }
      const detector = createDetector(algorithm, randomised.has(algorithm) ? { randomState: seed } : {});
      detector.fit(x);
      const run = { scores: detector.trainingScores(), threshold: detector.threshold() };
      if (file) {
        const all = new Float64Array(run.scores.length + 1);
        all.set(run.scores);
        all[run.scores.length] = run.threshold;
        writeFileSync(file, Buffer.from(all.buffer));
      }
      return run;
    });
    runs.set(algorithm, list);
  }
  return runs;
}

function mean(results: readonly Measured[]): Measured {
  const sum = (key: keyof Measured) => results.reduce((s, r) => s + r[key], 0) / results.length;
  return { auc: sum('auc'), ap: sum('ap') };
}

function elapsed(started: number): string {
  return `${((performance.now() - started) / 1000).toFixed(0)} s`;
}

function render(
  options: LodoOptions,
  datasets: ReadonlyArray<{ name: string; n: number; d: number }>,
  names: readonly string[],
  measured: (name: string, dataset: string) => Measured,
  started: number,
): string {
  const all = datasets.map((d) => d.name);
  const registry = candidateName(REGISTRY_ENSEMBLE);
  const rows = all.map((heldOut) => {
    const training = all.filter((d) => d !== heldOut);
    const single = bestSingle(pool, measured, training);
    const references = [...new Set([FOREST, single])];
    const chosen = selectCandidate(names, measured, training, references, TOLERANCE);
    return { heldOut, single, chosen, references };
  });
  const avg = (f: (r: (typeof rows)[number]) => number) => rows.reduce((s, r) => s + f(r), 0) / rows.length;
  const auc = (name: string, d: string) => measured(name, d).auc;
  const fmt = (m: Measured) => `${m.auc.toFixed(3)} / ${m.ap.toFixed(3)}`;
  const chosenMean = avg((r) => auc(r.chosen.name, r.heldOut));
  const forestMean = avg((r) => auc(FOREST, r.heldOut));
  const singleMean = avg((r) => auc(r.single, r.heldOut));
  const worstVsForest = Math.min(...rows.map((r) => auc(r.chosen.name, r.heldOut) - auc(FOREST, r.heldOut)));
  const worstVsSingle = Math.min(
    ...rows.map((r) => auc(r.chosen.name, r.heldOut) - auc(r.single, r.heldOut)),
  );
  const earns =
    chosenMean >= forestMean &&
    chosenMean >= singleMean &&
    worstVsForest >= -TOLERANCE &&
    worstVsSingle >= -TOLERANCE;
  const finalSingle = bestSingle(pool, measured, all);
  const final = selectCandidate(names, measured, all, [...new Set([FOREST, finalSingle])], TOLERANCE);
  const mean7 = (name: string) => all.reduce((s, d) => s + auc(name, d), 0) / all.length;
  return [
    START,
    '## Choosing the ensemble by leave-one-dataset-out',
    '',
    '```',
    `npm run bench -- --lodo --seeds ${options.seeds} --max-members ${options.maxMembers}${options.membersWith ? ` --members-with ${options.membersWith}` : ''}`,
    '```',
    '',
    `${names.length} candidates: every set of 2–${options.maxMembers} of the ${pool.length} single algorithms (default`,
    "parameters) × average / maximum / median × normalisation (minmax: the members' own normalized",
    "scores; rank: the empirical CDF of each member's training scores; standardized: (s − mean) / sd),",
    `and × majority_vote. Randomised members ran with seeds 0–${options.seeds - 1}; figures are means over seeds.`,
    'Every model is fitted on all rows of a dataset and scores the same rows (unsupervised).',
    '',
    'Protocol: for each held-out dataset, only the other datasets are looked at. Reference = the better',
    "of the isolation forest (the API's default algorithm) and the single algorithm with the best mean",
    `AUC on those. A candidate is admissible if on each of them its AUC is at most ${TOLERANCE}`,
    "below the reference and its mean AUC is at least the reference's; the admissible candidate",
    'with the highest mean AUC is chosen (none admissible: the smallest worst shortfall). The chosen',
    'candidate, the forest and their best single algorithm are then measured on the held-out set.',
    '',
    '| held-out set | chosen on the others (admissible) | its AUC / AP | forest AUC / AP | best single on the others | its AUC / AP | the registry ensemble (in-sample) AUC / AP |',
    '|---|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.heldOut} | ${r.chosen.name} (${r.chosen.admissible ? 'yes' : 'no'}) | ${fmt(measured(r.chosen.name, r.heldOut))} | ` +
        `${fmt(measured(FOREST, r.heldOut))} | ${r.single} | ${fmt(measured(r.single, r.heldOut))} | ${fmt(measured(registry, r.heldOut))} |`,
    ),
    `| **mean** | | ${chosenMean.toFixed(3)} / ${avg((r) => measured(r.chosen.name, r.heldOut).ap).toFixed(3)} | ` +
      `${forestMean.toFixed(3)} / ${avg((r) => measured(FOREST, r.heldOut).ap).toFixed(3)} | | ` +
      `${singleMean.toFixed(3)} / ${avg((r) => measured(r.single, r.heldOut).ap).toFixed(3)} | ` +
      `${avg((r) => auc(registry, r.heldOut)).toFixed(3)} / ${avg((r) => measured(registry, r.heldOut).ap).toFixed(3)} |`,
    '',
    `Held-out AUC of the chosen ensembles minus the forest's: mean ${(chosenMean - forestMean).toFixed(3)}, worst`,
    `${worstVsForest.toFixed(3)}; minus the selected single algorithm's: mean ${(chosenMean - singleMean).toFixed(3)}, worst ${worstVsSingle.toFixed(3)}.`,
    earns
      ? `**The protocol earns the default**: not worse on average and never more than ${TOLERANCE} below either.`
      : `**No ensemble earns the default** (it must be not worse on average than the forest and the selected single, and never more than ${TOLERANCE} below either on a held-out set): the default algorithm stays the isolation forest and \`ensemble\` is opt-in.`,
    '',
    `Applied to all ${all.length} sets (no held-out estimate of its own; the table above is that estimate),`,
    `the rule picks **${final.name}** (admissible: ${final.admissible ? 'yes' : 'no'}; mean AUC ${final.meanAuc.toFixed(3)},`,
    `worst gap to the reference ${final.worstGap.toFixed(3)}); in-sample means: forest ${mean7(FOREST).toFixed(3)}, ${finalSingle} ${mean7(finalSingle).toFixed(3)},`,
    `the registry's ensemble ${registry} ${mean7(registry).toFixed(3)}. Run time ${elapsed(started)}${options.cache ? ' (member scores from --cache where there)' : ''}.`,
    END,
  ].join('\n');
}

/**
 * The LODO section of a markdown file and the hand-written notes after it, so that
 * bench/algorithms.ts keeps both when it rewrites the file.
 */
export function lodoSectionAndNotes(file: string): string | undefined {
  if (!existsSync(file)) return undefined;
  const text = readFileSync(file, 'utf8');
  const start = text.indexOf(START);
  return start >= 0 ? text.slice(start).trimEnd() : undefined;
}

/** Replaces the marked section of `file`, or appends it (to a new file if there is none). */
function writeSection(file: string, section: string): void {
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  const next =
    start >= 0 && end > start
      ? text.slice(0, start) + section + text.slice(end + END.length)
      : `${text ? `${text.trimEnd()}\n\n` : ''}${section}\n`;
  writeFileSync(file, next);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      data: { type: 'string', default: LODO_DEFAULTS.data },
      seeds: { type: 'string', default: String(LODO_DEFAULTS.seeds) },
      'max-members': { type: 'string', default: String(LODO_DEFAULTS.maxMembers) },
      'members-with': { type: 'string' },
      cache: { type: 'string' },
      out: { type: 'string', default: LODO_DEFAULTS.out },
    },
  });
  lodoBench({
    data: values.data,
    seeds: Number(values.seeds),
    maxMembers: Number(values['max-members']),
    membersWith: values['members-with'],
    cache: values.cache,
    out: values.out,
  });
}
