/**
 * Builds the publishable package in packages/sdk/dist: one ES module for Node 20+ and browsers
 * (esbuild; openapi-fetch and ws stay dependencies), declaration files (TypeScript 5, which can
 * emit them), and the package.json npm publishes (`npm publish packages/sdk/dist`). In this
 * repository the workspace uses the sources; dist is what users install.
 *
 *   npm run build:sdk
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
export const DIST = `${root}dist`;

export async function buildSdk(): Promise<void> {
  rmSync(DIST, { recursive: true, force: true });
  await build({
    entryPoints: [`${root}src/index.ts`],
    outfile: `${DIST}/index.js`,
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    mainFields: ['module', 'main'],
    external: ['openapi-fetch', 'ws'],
    sourcemap: true,
    logLevel: 'warning',
  });
  execFileSync(`${root}node_modules/.bin/tsc`, ['-p', `${root}tsconfig.build.json`], { stdio: 'inherit' });
  const source = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as Record<string, unknown>;
  const { devDependencies: _, exports: __, ...published } = source;
  writeFileSync(
    `${DIST}/package.json`,
    `${JSON.stringify(
      {
        ...published,
        main: './index.js',
        types: './index.d.ts',
        exports: { '.': { types: './index.d.ts', default: './index.js' } },
        engines: { node: '>=20' },
        peerDependenciesMeta: { ws: { optional: true } },
        peerDependencies: { ws: '^8' },
      },
      null,
      2,
    )}\n`,
  );
  copyFileSync(`${root}README.md`, `${DIST}/README.md`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildSdk();
