/**
 * Detection benchmarks (`npm run bench -- [flags]`; `--help` prints {@link USAGE}).
 *
 * Every measured run happens in a child process, so its peak RSS is its own.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { algorithms, createDetector } from '../packages/detection/src/algorithms/registry';
import { analyzeTable, IsolationForest } from '../packages/detection/src/index';
import { analyzeSheet } from '../packages/logs/src/index';
import { accessSheet, type Labelled, readLabelledCsv, synthetic, textLog } from './data';
import { averagePrecision, meanSd, rocAuc } from './metrics';

/** scikit-learn 1.2.1 figures from ../shared/data/README.md: AUC mean, sd, AP, fit s, score s. */
const SKLEARN: Record<string, [number, number, number, number, number]> = {
  '6_cardio': [0.932, 0.013, 0.563, 0.13, 0.09],
  '38_thyroid': [0.978, 0.003, 0.518, 0.14, 0.12],
  '31_satimage-2': [0.994, 0.001, 0.924, 0.16, 0.23],
  '28_pendigits': [0.94, 0.014, 0.249, 0.18, 0.31],
  '23_mammography': [0.859, 0.004, 0.194, 0.16, 0.29],
  '32_shuttle': [0.997, 0.0, 0.977, 0.28, 1.27],
  '10_cover': [0.876, 0.04, 0.058, 0.39, 6.12],
};
const SCALING_ROWS = [10_000, 100_000, 1_000_000];
/** `--algorithm` values besides the registry's names. */
const FOREST_ALONE = 'isolation_forest';
const BASELINE = 'ml-isolation-forest';
const REGISTRY: readonly string[] = algorithms.map((a) => a.name);

const USAGE = `Usage: npm run bench -- [mode] [options]

  (no flags)                 every ADBench CSV in --data, 5 seeds, beside scikit-learn's figures
  --dataset F.csv [--algorithm NAME] [--seed 0]
                             one run, printed as one JSON line {algorithm, auc, ap, fit_s, score_s,
                             peak_rss_mb, n, d}. NAME: ${FOREST_ALONE} (default; the forest class alone,
                             fit and score timed apart as scikit-learn's), ${BASELINE} (the npm package),
                             or a registry algorithm with its defaults and randomState = --seed where it
                             has one (its fit_s includes scoring the training rows):
                             ${REGISTRY.join(', ')}
  --synthetic ROWS           as --dataset, on the synthetic scaling set of ROWS rows
  --lodo [--seeds 3] [--max-members 3] [--members-with NAME] [--cache DIR] [--out FILE]
                             leave-one-dataset-out choice of the ensemble; its section of
                             bench/ALGORITHMS.md is rewritten (bench/ensemble-lodo.ts)
  --scaling [--repeat K]     synthetic N(0, I10) with 1 % outliers at 10k, 100k and 1M rows,
                             beside scikit-learn run on the same machine in the same run
                             (bench/sklearn_iforest.py via --python, default /usr/bin/python3);
                             medians over K alternating runs of each (default 3)
  --scale-out [--rows N] [--workers W]
                             detection in shards end to end on N synthetic rows × 10 (default 10M),
                             W shards at a time (default 2), each task in its own process, beside
                             one function on the same data: wall time and peak RSS (bench/scale-out.ts)
  --threads [--repeat K]     the isolation forest scoring 100k, 1M and 4M synthetic rows on 1 thread
                             and on every thread the machine has: medians of K runs, identical
                             scores checked (bench/threads.ts)
  --tabular [--rows N]       analyzeTable and analyzeSheet on a synthetic 10-column security log,
                             and analyzeSheet on an sshd-style text log (default 100k rows each)
  --synth [--repeat K]       bundling step alone and \`npx cdk synth\`, cold (empty build cache)
                             and warm: wall and CPU seconds (bench/synth.ts)
  --init [--out DIR] [--repeat K] [--only TEXT]
                             cold-start import of every built function in the cloud assembly
                             DIR (default cdk.out) with its template's environment (bench/init.ts)
  --live [--connections N] [--ramp R] [--messages K] [--port P]
                             N concurrent WebSocket connections to the local stack's
                             /ws/detection/live (default 1000, opened R at a time, default 50),
                             then K detect messages each, all connections at once (default 3):
                             handshake and round-trip p50/p99 (bench/live.ts)
  --data DIR                 where the CSVs are (default ../shared/data next to the repo)
  --seeds N, --only NAME     default mode: seeds 0..N-1 (default 5), one dataset only
  --help                     this text
`;

interface RunResult {
  algorithm: string;
  auc: number;
  ap: number;
  fit_s: number;
  score_s: number;
  peak_rss_mb: number;
  n: number;
  d: number;
}

const FLAGS = {
  dataset: { type: 'string' },
  synthetic: { type: 'string' },
  algorithm: { type: 'string', default: FOREST_ALONE },
  seed: { type: 'string', default: '0' },
  scaling: { type: 'boolean', default: false },
  threads: { type: 'boolean', default: false },
  'scale-out': { type: 'boolean', default: false },
  workers: { type: 'string', default: '2' },
  tabular: { type: 'boolean', default: false },
  synth: { type: 'boolean', default: false },
  init: { type: 'boolean', default: false },
  live: { type: 'boolean', default: false },
  connections: { type: 'string', default: '1000' },
  ramp: { type: 'string', default: '50' },
  messages: { type: 'string', default: '3' },
  port: { type: 'string', default: '19600' },
  out: { type: 'string' },
  rows: { type: 'string' },
  repeat: { type: 'string', default: '3' },
  seeds: { type: 'string' },
  lodo: { type: 'boolean', default: false },
  'max-members': { type: 'string' },
  'members-with': { type: 'string' },
  cache: { type: 'string' },
  only: { type: 'string' },
  python: { type: 'string', default: '/usr/bin/python3' },
  data: { type: 'string', default: resolve(fileURLToPath(import.meta.url), '../../../shared/data') },
  help: { type: 'boolean', default: false },
} as const;

/** The parsed flags, or the usage (and exit 2) when they do not parse. */
function parseFlags() {
  try {
    return parseArgs({ options: FLAGS }).values;
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
}

const args = parseFlags();
const SEEDS = Array.from({ length: Number(args.seeds ?? 5) }, (_, i) => i);

if (args.help) {
  console.log(USAGE);
} else if (args.dataset || args.synthetic) {
  const algorithm = args.algorithm!;
  if (algorithm !== FOREST_ALONE && algorithm !== BASELINE && !REGISTRY.includes(registryName(algorithm))) {
    console.error(`unknown algorithm '${algorithm}'\n\n${USAGE}`);
    process.exit(2);
  }
  const set = args.dataset ? readLabelledCsv(args.dataset) : synthetic(Number(args.synthetic), 10, 0);
  console.log(JSON.stringify(await runOnce(set, algorithm, Number(args.seed))));
} else if (args.lodo) {
  // The other benchmarks load only when asked: what they import (the AWS SDK, ws) would slow
  // the typed-array loops of every run measured in this process (bench/RESULTS.md, "Scoring on
  // worker threads").
  const { LODO_DEFAULTS, lodoBench } = await import('./ensemble-lodo');
  lodoBench({
    ...LODO_DEFAULTS,
    data: args.data!,
    ...(args.seeds ? { seeds: Number(args.seeds) } : {}),
    ...(args['max-members'] ? { maxMembers: Number(args['max-members']) } : {}),
    membersWith: args['members-with'],
    ...(args.cache ? { cache: args.cache } : {}),
    ...(args.out ? { out: args.out } : {}),
  });
} else if (args.scaling) {
  scaling(Number(args.repeat), args.python!);
} else if (args['scale-out']) {
  const { scaleOutBench } = await import('./scale-out');
  await scaleOutBench({
    rows: Number(args.rows ?? 10_000_000),
    features: 10,
    workers: Number(args.workers),
    single: true,
  });
} else if (args.threads) {
  const { threadsBench } = await import('./threads');
  await threadsBench(Number(args.repeat));
} else if (args.tabular) {
  tabular(Number(args.rows ?? 100_000));
} else if (args.synth) {
  const { synthBench } = await import('./synth');
  synthBench({ repeat: Number(args.repeat) });
} else if (args.live) {
  const { liveBench } = await import('./live');
  await liveBench({
    connections: Number(args.connections),
    ramp: Number(args.ramp),
    messages: Number(args.messages),
    port: Number(args.port),
  });
} else if (args.init) {
  const { initBench } = await import('./init');
  initBench({ out: args.out ?? 'cdk.out', repeat: Number(args.repeat), only: args.only });
} else {
  datasets(args.data!);
}

/** The registry's spelling of an algorithm name: `robust_zscore` is `robust-zscore`. */
function registryName(algorithm: string): string {
  return algorithm.replaceAll('_', '-');
}

async function runOnce(set: Labelled, algorithm: string, seed: number): Promise<RunResult> {
  const { x, y } = set;
  const timed = <T>(f: () => T): [T, number] => {
    const t0 = performance.now();
    const out = f();
    return [out, (performance.now() - t0) / 1000];
  };
  let fitS: number;
  let scoreS: number;
  let scores: ArrayLike<number>;
  if (algorithm === FOREST_ALONE) {
    const model = new IsolationForest({ nEstimators: 100, maxSamples: 256, randomState: seed });
    [, fitS] = timed(() => model.fit(x));
    [scores, scoreS] = timed(() => model.scoreSamples(x));
  } else if (algorithm === BASELINE) {
    // Untyped CommonJS package, loaded only for this comparison (see docs/adr/0002).
    const { IsolationForest: Baseline } = await import('ml-isolation-forest' as string);
    const rows = Array.from({ length: x.n }, (_, i) => Array.from(x.data.subarray(i * x.d, (i + 1) * x.d)));
    const model = new Baseline({ nEstimators: 100 });
    [, fitS] = timed(() => model.train(rows));
    [scores, scoreS] = timed(() => model.predict(rows) as number[]);
  } else {
    const name = registryName(algorithm);
    const seeded = algorithms.find((a) => a.name === name)!.parameters.some((p) => p.name === 'randomState');
    const detector = createDetector(name, seeded ? { randomState: seed } : {});
    [, fitS] = timed(() => detector.fit(x));
    [scores, scoreS] = timed(() => detector.score(x));
  }
  return {
    algorithm,
    auc: rocAuc(scores, y),
    ap: averagePrecision(scores, y),
    fit_s: fitS,
    score_s: scoreS,
    peak_rss_mb: process.resourceUsage().maxRSS / 1024,
    n: x.n,
    d: x.d,
  };
}

function child(extra: string[]): RunResult {
  const script = fileURLToPath(import.meta.url);
  const out = spawnSync(process.execPath, [...process.execArgv, script, ...extra], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  if (out.status !== 0) throw new Error(`benchmark child failed: ${out.stderr}`);
  return JSON.parse(out.stdout.trim().split('\n').pop()!) as RunResult;
}

function datasets(dir: string): void {
  if (!existsSync(dir)) {
    console.log(`No benchmark data at ${dir}; skipping (pass --data DIR).`);
    return;
  }
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.csv') && (!args.only || basename(f, '.csv') === args.only))
    .map((f) => join(dir, f));
  const runs = files.map((file) => ({
    name: basename(file, '.csv'),
    results: SEEDS.map((seed) => child(['--dataset', file, '--seed', String(seed)])),
  }));
  runs.sort((a, b) => a.results[0]!.n - b.results[0]!.n);
  console.log(
    `IsolationForest(nEstimators=100, maxSamples=256), seeds ${SEEDS.join(',')}; times are means.\n`,
  );
  console.log(
    '| dataset | n × d | AUC | sklearn AUC | AP | sklearn AP | fit / score s | sklearn s | peak RSS MB |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const { name, results } of runs) {
    const auc = meanSd(results.map((r) => r.auc));
    const ap = meanSd(results.map((r) => r.ap));
    const fit = meanSd(results.map((r) => r.fit_s)).mean;
    const score = meanSd(results.map((r) => r.score_s)).mean;
    const ref = SKLEARN[name];
    const { n, d } = results[0]!;
    console.log(
      `| ${name} | ${n} × ${d} | ${auc.mean.toFixed(3)} ± ${auc.sd.toFixed(3)} | ${ref ? `${ref[0].toFixed(3)} ± ${ref[1].toFixed(3)}` : '–'} | ` +
        `${ap.mean.toFixed(3)} ± ${ap.sd.toFixed(3)} | ${ref ? ref[2].toFixed(3) : '–'} | ${fit.toFixed(3)} / ${score.toFixed(3)} | ` +
        `${ref ? `${ref[3]} / ${ref[4]}` : '–'} | ${Math.max(...results.map((r) => r.peak_rss_mb)).toFixed(0)} |`,
    );
  }
}

/** One scikit-learn run on the same synthetic rows, or undefined when it cannot run here. */
function sklearnChild(python: string, rows: number): RunResult | undefined {
  const script = resolve(fileURLToPath(import.meta.url), '../sklearn_iforest.py');
  const out = spawnSync(python, [script, '--synthetic', String(rows)], { encoding: 'utf8' });
  if (out.status !== 0) return undefined;
  return JSON.parse(out.stdout.trim().split('\n').pop()!) as RunResult;
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/**
 * Ours and scikit-learn's alternate run by run, so load from other work on a shared
 * machine falls on both sides alike; medians over the runs absorb the rest.
 */
function scaling(repeat: number, python: string): void {
  console.log(
    `Synthetic N(0, I10) + 1 % uniform outliers, 100 trees × 256 samples, seed 0; medians of ${repeat} runs.\n`,
  );
  console.log(
    '| rows | our fit s | our score s | ns / row / tree | our peak RSS MB | sklearn fit s | sklearn score s | sklearn peak RSS MB | fit + score speed-up |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|');
  let sklearnMissing = false;
  const spread: string[] = [];
  for (const rows of SCALING_ROWS) {
    const ours: RunResult[] = [];
    const theirs: RunResult[] = [];
    for (let k = 0; k < repeat; k++) {
      ours.push(child(['--synthetic', String(rows)]));
      const r = sklearnMissing ? undefined : sklearnChild(python, rows);
      if (r) theirs.push(r);
      else sklearnMissing = true;
    }
    const m = (rs: RunResult[], key: 'fit_s' | 'score_s' | 'peak_rss_mb') => median(rs.map((r) => r[key]));
    const total = (rs: RunResult[]) => median(rs.map((r) => r.fit_s + r.score_s));
    const perVisit = (m(ours, 'score_s') * 1e9) / rows / 100;
    const sk =
      theirs.length > 0
        ? `${m(theirs, 'fit_s').toFixed(3)} | ${m(theirs, 'score_s').toFixed(3)} | ${m(theirs, 'peak_rss_mb').toFixed(0)} | ${(total(theirs) / total(ours)).toFixed(1)}×`
        : '– | – | – | –';
    console.log(
      `| ${rows} | ${m(ours, 'fit_s').toFixed(3)} | ${m(ours, 'score_s').toFixed(3)} | ${perVisit.toFixed(0)} | ${m(ours, 'peak_rss_mb').toFixed(0)} | ${sk} |`,
    );
    const range = (rs: RunResult[]) => {
      const t = rs.map((r) => r.fit_s + r.score_s);
      return `${Math.min(...t).toFixed(2)}–${Math.max(...t).toFixed(2)} s`;
    };
    spread.push(`${rows}: ours ${range(ours)}${theirs.length > 0 ? `, sklearn ${range(theirs)}` : ''}`);
  }
  console.log(`\nfit + score per run, min–max (the noise): ${spread.join('; ')}.`);
  if (sklearnMissing) console.log(`\nscikit-learn did not run with ${python}; pass --python.`);
}

/**
 * The sheet analysis of the triage pipeline (`analyzeSheet`: log reading, incidents and the
 * forest) beside the forest-only `analyzeTable` it builds on, on the same 10-column sheet,
 * and on a free-text log of the same length.
 */
function tabular(rows: number): void {
  const sheet = accessSheet(rows, 0);
  const log = textLog(rows, 0);
  const time = <T>(f: () => T): [T, number] => {
    const t0 = performance.now();
    const out = f();
    return [out, (performance.now() - t0) / 1000];
  };
  const [table, tableSeconds] = time(() => analyzeTable(sheet, { seed: 0 }));
  const [findings, sheetSeconds] = time(() => analyzeSheet(sheet.headers, sheet.rows, { seed: 0 }));
  const [logFindings, logSeconds] = time(() => analyzeSheet(log.headers, log.rows, { seed: 0 }));
  console.log(
    JSON.stringify({
      rows,
      columns: sheet.headers.length,
      analyze_table: { seconds: tableSeconds, flagged: table.flagged.length },
      analyze_sheet: { seconds: sheetSeconds, findings: findings.findings.length },
      analyze_text_log: { seconds: logSeconds, findings: logFindings.findings.length },
      peak_rss_mb: process.resourceUsage().maxRSS / 1024,
    }),
  );
}
