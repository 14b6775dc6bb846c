/**
 * The functions as `cdk synth` ships them: synthesized with bundling (the other infra tests use
 * placeholder code), each function's staged asset is one self-contained ES module exporting
 * the handler `index.handler` names, with no source map in it or pointed at.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import type { Asset } from 'aws-cdk-lib/aws-s3-assets';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PynomalyFunction } from '../../infra/constructs/lambda-function';
import { type Synthesized, synthesize } from './synth';

let synthesized: Synthesized;
let functions: PynomalyFunction[];

beforeAll(() => {
  // Builds every function once (or reuses the cached build; see infra/constructs/function-bundles.ts).
  synthesized = synthesize({ 'aws:cdk:bundling-stacks': ['**'] });
  functions = synthesized.app.node
    .findAll()
    .filter((construct): construct is PynomalyFunction => construct instanceof PynomalyFunction);
}, 300_000);

afterAll(() => synthesized?.cleanup());

describe('bundled function assets', () => {
  it('cover every function of the app', () => {
    expect(functions.length).toBeGreaterThan(90);
  });

  it('hold only index.mjs, exporting the handler, with no source map', () => {
    const assembly = synthesized.app.outdir;
    const digests = new Set<string>();
    for (const fn of functions) {
      const path = fn.node.path;
      expect((fn.function.node.defaultChild as CfnFunction).handler, path).toBe('index.handler');
      const asset = fn.function.node.findChild('Code') as Asset;
      const dir = join(assembly, asset.assetPath);
      expect(readdirSync(dir), path).toEqual(['index.mjs']);
      const source = readFileSync(join(dir, 'index.mjs'), 'utf8');
      expect(source, path).toMatch(/export\s*\{[^}]*\bas handler\s*\}/);
      expect(source, path).not.toContain('sourceMappingURL');
      expect(source, path).not.toMatch(/^import .* from ['"]\.\.?\//m);
      digests.add(asset.assetHash);
    }
    // One asset per handler module: routes sharing a module may share it, but not all of them.
    expect(digests.size).toBeGreaterThan(90);
  });
});
