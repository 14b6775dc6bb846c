/**
 * Cold-start cost of every built function (`npm run bench -- --init [--out cdk.out] [--repeat K]`).
 *
 * Reads the synthesized cloud assembly (run `npx cdk synth` first), and for each
 * AWS::Lambda::Function imports its asset's `index.mjs` in a fresh `node` process with the
 * function's environment from the template (references to other resources become placeholder
 * names, as a deployed function would see real ones). `init` is the time of that import:
 * module evaluation, including the SDK clients the module constructs at load; `process` is
 * the whole process, spawn to exit, beside an empty `node -e ''`. Medians of K runs.
 *
 * Bundles are self-contained, the AWS SDK included (infra/constructs/function-bundles.ts).
 *
 * Groups: the authorizer, read routes (GET), workbook routes (bundles carrying the
 * spreadsheet reader), and the rest (other routes, pipeline tasks, event consumers).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

interface FunctionUnderTest {
  handler: string;
  group: 'authorizer' | 'read' | 'workbook' | 'other';
  bundle: string;
  bytes: number;
  /** Whether the bundle points at a source map (inline or a file beside it). */
  sourceMap: boolean;
  environment: Record<string, string>;
}

interface Measured extends FunctionUnderTest {
  initMs: number;
  processMs: number;
}

interface CfnFunction {
  Type: string;
  Properties: { Description?: string; Environment?: { Variables?: Record<string, unknown> } };
  Metadata?: Record<string, unknown>;
}

/** A value the template leaves to CloudFormation, as a plausible literal. */
function placeholder(name: string): string {
  if (/URI|URL|ISSUER/.test(name)) return 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_placeholder';
  if (/ARN$/.test(name)) return `arn:aws:states:us-east-1:123456789012:stateMachine:${name.toLowerCase()}`;
  return `placeholder-${name.toLowerCase().replaceAll('_', '-')}`;
}

/** Every function of every template in the assembly, with its bundle and environment. */
export function functionsIn(assembly: string): FunctionUnderTest[] {
  const found: FunctionUnderTest[] = [];
  for (const file of readdirSync(assembly).filter((f) => f.endsWith('.template.json'))) {
    const template = JSON.parse(readFileSync(join(assembly, file), 'utf8')) as {
      Resources: Record<string, CfnFunction>;
    };
    for (const resource of Object.values(template.Resources)) {
      if (resource.Type !== 'AWS::Lambda::Function') continue;
      const asset = resource.Metadata?.['aws:asset:path'];
      if (typeof asset !== 'string') continue; // inline code (custom resources), not ours
      const bundle = join(assembly, asset, 'index.mjs');
      if (!existsSync(bundle)) continue;
      // A route's description is its method and path; other functions' name their handler module.
      const handler = resource.Properties.Description ?? asset;
      const source = readFileSync(bundle, 'utf8');
      const variables = resource.Properties.Environment?.Variables ?? {};
      const environment = Object.fromEntries(
        Object.entries(variables).map(([name, value]) => [
          name,
          typeof value === 'string' ? value : placeholder(name),
        ]),
      );
      const workbook = source.includes('xl/workbook.xml');
      found.push({
        handler,
        group: handler.endsWith('/authorizer')
          ? 'authorizer'
          : workbook
            ? 'workbook'
            : handler.startsWith('GET ')
              ? 'read'
              : 'other',
        bundle,
        bytes: Buffer.byteLength(source),
        sourceMap: source.includes('sourceMappingURL='),
        environment,
      });
    }
  }
  return found.sort((a, b) => a.handler.localeCompare(b.handler));
}

const LAMBDA_ENV = {
  AWS_REGION: 'us-east-1',
  AWS_DEFAULT_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '512',
  AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
};

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** One fresh process importing the bundle: [import ms, whole-process ms]. */
function importOnce(fn: FunctionUnderTest): [number, number] {
  const url = pathToFileURL(fn.bundle).href;
  const script =
    `const t0 = performance.now(); const m = await import(${JSON.stringify(url)});` +
    `if (typeof m.handler !== 'function') throw new Error('no handler export');` +
    `process.stdout.write(String(performance.now() - t0));`;
  const { PATH, HOME } = process.env;
  const started = performance.now();
  const out = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    encoding: 'utf8',
    env: { PATH, HOME, ...LAMBDA_ENV, ...fn.environment },
  });
  const processMs = performance.now() - started;
  if (out.status !== 0) throw new Error(`importing ${fn.handler} failed: ${out.stderr}`);
  return [Number(out.stdout), processMs];
}

function bareNode(repeat: number): number {
  const times = Array.from({ length: repeat }, () => {
    const started = performance.now();
    spawnSync(process.execPath, ['-e', '']);
    return performance.now() - started;
  });
  return median(times);
}

export function initBench(options: { out: string; repeat: number; only?: string }): void {
  const assembly = resolve(options.out);
  const functions = functionsIn(assembly).filter((f) => !options.only || f.handler.includes(options.only));
  if (functions.length === 0) throw new Error(`No bundled functions in ${assembly}; run npx cdk synth first`);
  const bare = bareNode(options.repeat);
  const measured: Measured[] = functions.map((fn) => {
    const runs = Array.from({ length: options.repeat }, () => importOnce(fn));
    return { ...fn, initMs: median(runs.map((r) => r[0])), processMs: median(runs.map((r) => r[1])) };
  });

  console.log(
    `${measured.length} functions from ${assembly}; medians of ${options.repeat} fresh processes; empty node process ${bare.toFixed(0)} ms.\n`,
  );
  console.log(
    '| group | functions | init ms median | init ms max (function) | process ms max | bundle KB max |',
  );
  console.log('|---|---|---|---|---|---|');
  for (const group of ['read', 'workbook', 'authorizer', 'other'] as const) {
    const inGroup = measured.filter((m) => m.group === group);
    if (inGroup.length === 0) continue;
    const worst = inGroup.reduce((a, b) => (b.initMs > a.initMs ? b : a));
    console.log(
      `| ${group} | ${inGroup.length} | ${median(inGroup.map((m) => m.initMs)).toFixed(0)} | ` +
        `${worst.initMs.toFixed(0)} (${worst.handler}) | ${Math.max(...inGroup.map((m) => m.processMs)).toFixed(0)} | ` +
        `${(Math.max(...inGroup.map((m) => m.bytes)) / 1024).toFixed(0)} |`,
    );
  }
  const mapped = measured.filter((m) => m.sourceMap).length;
  console.log(`\nBundles pointing at a source map: ${mapped} of ${measured.length}.`);
  console.log('\n| function | group | init ms | process ms | bundle KB |');
  console.log('|---|---|---|---|---|');
  for (const m of measured) {
    console.log(
      `| ${m.handler} | ${m.group} | ${m.initMs.toFixed(0)} | ${m.processMs.toFixed(0)} | ${(m.bytes / 1024).toFixed(0)} |`,
    );
  }
}
