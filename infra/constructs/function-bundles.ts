/**
 * Every Lambda function's code, built by one esbuild run over all handler modules instead of
 * one bundling step per function, and reused while its inputs are unchanged.
 *
 * Layout of a build (`node_modules/.cache/pynomaly-functions/<build id>/`):
 *
 *   functions/<handler>/index.mjs      the asset of one function: a self-contained ES module
 *                                      (no shared chunks), handler `index.handler`
 *   maps/<handler>/index.mjs.map       its source map, kept here for reading stack traces
 *                                      offline and never shipped (no source-map cost at init)
 *   manifest.json                      entry points, options and the hash of every input file
 *
 * A build is reused when the options, the entry points, package-lock.json and every project
 * file the last build read (from esbuild's metafile) hash the same; dependencies are covered
 * by the lock file. Builds go to a temporary directory and are renamed into place, so test
 * workers that synthesize at the same time never see half a build.
 */
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BuildOptions, buildSync, version as esbuildVersion } from 'esbuild';

/** The repository root: esbuild's working directory and where `functions/` lives. */
export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

const FUNCTIONS_DIR = join(REPO_ROOT, 'functions');
/** Where builds are kept; `PYNOMALY_FUNCTIONS_CACHE` moves it (bench/synth.ts measures cold builds in a fresh one). */
const CACHE_ROOT =
  process.env.PYNOMALY_FUNCTIONS_CACHE ?? join(REPO_ROOT, 'node_modules', '.cache', 'pynomaly-functions');
/** Builds older than this are removed when a new build is made (a concurrent synth may still read a newer one). */
const PRUNE_AFTER_MS = 60 * 60 * 1000;

/**
 * What the per-function NodejsFunction bundling did before (see docs/adr/0001), minus the
 * shipped source map: minified with class and function names kept (errors are reported by
 * class name), ES modules for Node 20, the AWS SDK v3 bundled (see below).
 */
export const BUNDLE_OPTIONS = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  minify: true,
  keepNames: true,
  mainFields: ['module', 'main'],
  // The AWS SDK v3 is bundled, tree-shaken and minified, not taken from the runtime: a function
  // that imports four clients starts in about 190 ms instead of 420 (bench/RESULTS.md), and the
  // SDK version is the one the tests ran with, not whatever the runtime ships that day.
  // CommonJS dependencies bundled into an ES module still call require().
  banner: {
    js: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);",
  },
  // No shared chunks: every asset is one self-contained file.
  splitting: false,
  outExtension: { '.js': '.mjs' },
  // External maps, moved out of the assets after the build; no sourcesContent (6 MB per function).
  sourcemap: 'external',
  sourcesContent: false,
  logLevel: 'warning',
  legalComments: 'none',
} as const satisfies BuildOptions;

interface Manifest {
  key: string;
  handlers: string[];
  /** Project files (repository-relative) the build read, with their content hashes. */
  inputs: Record<string, string>;
}

/** The result of {@link functionBundles}. */
export interface FunctionBundles {
  /** The build directory. */
  readonly directory: string;
  /** Whether this call ran esbuild (false: an earlier build was reused). */
  readonly built: boolean;
  /** The asset directory of a handler module (`http/get-health`), holding `index.mjs`. */
  assetOf(handler: string): string;
}

let current: FunctionBundles | undefined;

/**
 * The built functions, built at most once per process and reused across processes while
 * nothing they are made of has changed.
 */
export function functionBundles(): FunctionBundles {
  current ??= buildOrReuse(handlerModules());
  return current;
}

/** Forget the build of this process (tests and benchmarks that measure a fresh build). */
export function resetFunctionBundles(): void {
  current = undefined;
}

/**
 * Handler modules under `functions/` (`http/get-health`): the non-test modules that export a
 * `handler`. Route tables, schemas and shared helpers export none and are not built on their own.
 */
export function handlerModules(dir = FUNCTIONS_DIR): string[] {
  const found: string[] = [];
  const walk = (at: string) => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const path = join(at, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.ts$/.test(entry.name) && !/\.(test|d)\.ts$/.test(entry.name)) {
        const source = readFileSync(path, 'utf8');
        if (/export\s+(const|let|async\s+function|function)\s+handler\b|\bas\s+handler\b/.test(source))
          found.push(relative(dir, path).replace(/\.ts$/, '').split('\\').join('/'));
      }
    }
  };
  walk(dir);
  return found.sort();
}

function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** What, besides the project's own source files, decides the output. */
function buildKey(handlers: readonly string[]): string {
  return sha256(
    JSON.stringify({
      esbuild: esbuildVersion,
      options: BUNDLE_OPTIONS,
      handlers,
      lock: sha256(readFileSync(join(REPO_ROOT, 'package-lock.json'))),
      tsconfig: sha256(readFileSync(join(REPO_ROOT, 'tsconfig.json'))),
    }),
  );
}

function fileHash(path: string): string | undefined {
  try {
    return sha256(readFileSync(join(REPO_ROOT, path)));
  } catch {
    return undefined;
  }
}

function readManifest(directory: string): Manifest | undefined {
  try {
    return JSON.parse(readFileSync(join(directory, 'manifest.json'), 'utf8')) as Manifest;
  } catch {
    return undefined;
  }
}

/** A finished build whose key and inputs all match, if there is one. */
function reusable(key: string): string | undefined {
  const pointer = join(CACHE_ROOT, 'latest');
  if (!existsSync(pointer)) return undefined;
  const directory = join(CACHE_ROOT, readFileSync(pointer, 'utf8').trim());
  const manifest = readManifest(directory);
  if (manifest?.key !== key) return undefined;
  const unchanged = Object.entries(manifest.inputs).every(([path, hash]) => fileHash(path) === hash);
  return unchanged ? directory : undefined;
}

function buildOrReuse(handlers: string[]): FunctionBundles {
  const key = buildKey(handlers);
  const found = reusable(key);
  if (found) return bundlesAt(found, false);

  mkdirSync(CACHE_ROOT, { recursive: true });
  const staging = mkdtempSync(join(CACHE_ROOT, 'building-'));
  try {
    const result = buildSync({
      ...BUNDLE_OPTIONS,
      absWorkingDir: REPO_ROOT,
      entryPoints: Object.fromEntries(
        handlers.map((handler) => [`${handler}/index`, join(FUNCTIONS_DIR, `${handler}.ts`)]),
      ),
      outdir: join(staging, 'functions'),
      metafile: true,
      write: true,
    });
    // Source maps out of the assets: an asset holds its handler and nothing else.
    for (const handler of handlers) {
      const map = join(staging, 'functions', handler, 'index.mjs.map');
      const target = join(staging, 'maps', handler, 'index.mjs.map');
      mkdirSync(dirname(target), { recursive: true });
      renameSync(map, target);
    }
    const inputs = Object.fromEntries(
      Object.keys(result.metafile.inputs)
        .filter((path) => !path.includes('node_modules/'))
        .sort()
        .map((path) => [path, fileHash(path) ?? '']),
    );
    const manifest: Manifest = { key, handlers, inputs };
    writeFileSync(join(staging, 'manifest.json'), `${JSON.stringify(manifest, null, 1)}\n`);

    const id = sha256(JSON.stringify(manifest)).slice(0, 16);
    const directory = join(CACHE_ROOT, id);
    if (existsSync(directory)) rmSync(staging, { recursive: true, force: true });
    else renameSync(staging, directory);
    const pointer = join(CACHE_ROOT, `latest.${process.pid}`);
    writeFileSync(pointer, id);
    renameSync(pointer, join(CACHE_ROOT, 'latest'));
    prune(id);
    return bundlesAt(directory, true);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
}

/** Remove builds (and abandoned staging directories) that are old and not the current one. */
function prune(keep: string): void {
  const now = Date.now();
  for (const name of readdirSync(CACHE_ROOT)) {
    const path = join(CACHE_ROOT, name);
    if (name === keep || name === 'latest' || name.startsWith('latest.')) continue;
    try {
      if (now - statSync(path).mtimeMs > PRUNE_AFTER_MS) rmSync(path, { recursive: true, force: true });
    } catch {
      // Another process pruned it first.
    }
  }
}

function bundlesAt(directory: string, built: boolean): FunctionBundles {
  return {
    directory,
    built,
    assetOf(handler: string): string {
      const asset = join(directory, 'functions', handler);
      if (!existsSync(join(asset, 'index.mjs'))) {
        throw new Error(
          `No built function for handler module '${handler}': functions/${handler}.ts must exist and export \`handler\``,
        );
      }
      return asset;
    },
  };
}
