import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildSdk, DIST } from '../scripts/build';

const sdk = fileURLToPath(new URL('..', import.meta.url));

describe('the published package (npm run build:sdk)', () => {
  beforeAll(async () => {
    await buildSdk();
  }, 120_000);

  it('is a package.json, an ES module and declarations, without the sources or dev tools', () => {
    const manifest = JSON.parse(readFileSync(join(DIST, 'package.json'), 'utf8'));
    expect(manifest).toMatchObject({
      name: 'pynomaly-js',
      exports: { '.': { types: './index.d.ts', default: './index.js' } },
      dependencies: { 'openapi-fetch': expect.any(String) },
    });
    expect(manifest.devDependencies).toBeUndefined();
  });

  it('runs in plain Node: a client whose calls fail with typed errors', () => {
    const script = `
      import { PynomalyClient, NotFoundError } from ${JSON.stringify(join(DIST, 'index.js'))};
      const client = new PynomalyClient({
        baseUrl: 'http://api.invalid',
        apiKey: 'pyn_x',
        fetch: async () => new Response('{"title":"Not Found","detail":"Dataset not found"}', { status: 404 }),
      });
      try { await client.datasets.get('x'); } catch (e) { console.log(e instanceof NotFoundError, e.message); }`;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(out.trim()).toBe('true Dataset not found');
  }, 30_000);

  it('types a consumer that resolves it the Node way (NodeNext)', () => {
    const dir = mkdtempSync(join(sdk, '.consumer-'));
    writeFileSync(
      join(dir, 'use.ts'),
      `import { PynomalyClient, type paths } from '../dist/index.js';
const client = new PynomalyClient({ baseUrl: 'http://localhost:8000' });
export const typed: Promise<string> = client.createDataset({ name: 'n', data: [[1, 2]] });
export type Login = paths['/api/v1/auth/login']['post'];
// @ts-expect-error the SDK knows the body of a detector
client.detectors.create({ nme: 'x' });
`,
    );
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          noEmit: true,
          lib: ['ES2023', 'DOM'],
          skipLibCheck: false,
          types: [],
        },
        files: ['use.ts'],
      }),
    );
    execFileSync(join(sdk, 'node_modules/.bin/tsc'), ['-p', dir], { encoding: 'utf8' });
    execFileSync('rm', ['-rf', dir]);
  }, 60_000);
});
