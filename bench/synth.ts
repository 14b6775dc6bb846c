/**
 * Synthesis time (`npm run bench -- --synth [--repeat K]`).
 *
 * Two things, each cold (a fresh, empty build cache: every function is built) and warm (the
 * same cache again: the build is reused):
 *   bundle   the one esbuild run over every handler (infra/constructs/function-bundles.ts),
 *            in its own process
 *   synth    `npx cdk synth` of the whole app into a temporary directory, offline
 * Wall and CPU (user + system, children included, from /usr/bin/time) seconds, medians of K.
 * ESBUILD_WORKER_THREADS=0 makes esbuild's synchronous API run esbuild as a waited-for child,
 * so its CPU is counted (its worker-thread service process is never reaped, and would not be).
 * The shared cache (node_modules/.cache/pynomaly-functions) is left alone.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = resolve(fileURLToPath(import.meta.url), '../..');
const TIME = '/usr/bin/time';

interface Timing {
  wall: number;
  cpu: number;
}

/** Run a command, timed; CPU is NaN where /usr/bin/time is missing. */
function timed(command: string[], env: Record<string, string>): Timing {
  const report = join(mkdtempSync(join(tmpdir(), 'pynomaly-bench-')), 'time');
  const withTime = existsSync(TIME);
  const argv = withTime ? [TIME, '-o', report, '-f', '%e %U %S', ...command] : command;
  const started = performance.now();
  const out = spawnSync(argv[0]!, argv.slice(1), {
    cwd: ROOT,
    env: { ...process.env, ESBUILD_WORKER_THREADS: '0', ...env },
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  const wall = (performance.now() - started) / 1000;
  if (out.status !== 0) throw new Error(`${command.join(' ')} failed:\n${out.stderr}\n${out.stdout}`);
  if (!withTime) return { wall, cpu: Number.NaN };
  const [, user, system] = readFileSync(report, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
  rmSync(join(report, '..'), { recursive: true, force: true });
  return { wall, cpu: user! + system! };
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

const BUNDLE_SCRIPT = `
const { functionBundles } = await import(${JSON.stringify(pathToFileURL(join(ROOT, 'infra/constructs/function-bundles.ts')).href)});
const bundles = functionBundles();
process.stdout.write(JSON.stringify({ built: bundles.built }));
`;

function bundleOnce(cache: string): Timing {
  return timed([process.execPath, '--import', 'tsx', '--input-type=module', '-e', BUNDLE_SCRIPT], {
    PYNOMALY_FUNCTIONS_CACHE: cache,
  });
}

function synthOnce(cache: string): Timing {
  const out = mkdtempSync(join(tmpdir(), 'pynomaly-synth-'));
  try {
    return timed(['npx', 'cdk', 'synth', '-q', '-o', out], { PYNOMALY_FUNCTIONS_CACHE: cache });
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

export function synthBench(options: { repeat: number }): void {
  const rows: [string, Timing[]][] = [
    ['bundle, cold', []],
    ['bundle, warm', []],
    ['cdk synth, cold', []],
    ['cdk synth, warm', []],
  ];
  for (let k = 0; k < options.repeat; k++) {
    const cache = mkdtempSync(join(tmpdir(), 'pynomaly-functions-'));
    try {
      rows[0]![1].push(bundleOnce(cache));
      rows[1]![1].push(bundleOnce(cache));
    } finally {
      rmSync(cache, { recursive: true, force: true });
    }
    const synthCache = mkdtempSync(join(tmpdir(), 'pynomaly-functions-'));
    try {
      rows[2]![1].push(synthOnce(synthCache));
      rows[3]![1].push(synthOnce(synthCache));
    } finally {
      rmSync(synthCache, { recursive: true, force: true });
    }
  }
  console.log(`Medians of ${options.repeat} runs; CPU is user + system of the process and its children.\n`);
  console.log('| step | wall s | CPU s | CPU s min–max |');
  console.log('|---|---|---|---|');
  for (const [name, timings] of rows) {
    const cpu = timings.map((t) => t.cpu);
    console.log(
      `| ${name} | ${median(timings.map((t) => t.wall)).toFixed(1)} | ${median(cpu).toFixed(1)} | ` +
        `${Math.min(...cpu).toFixed(1)}–${Math.max(...cpu).toFixed(1)} |`,
    );
  }
}
