import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openApiDocument } from '../../functions/http/openapi';
import { routes } from '../../functions/routes';

const root = join(import.meta.dirname, '../..');
const redocly = join(root, 'node_modules/@redocly/cli/bin/cli.js');

interface LintReport {
  totals: { errors: number; warnings: number };
  problems: { ruleId: string; message: string; location: { pointer: string }[] }[];
}

/** Runs the linter as CI would, offline: no telemetry, no update check. */
function lint(document: unknown): { status: number | null; report: LintReport; stderr: string } {
  const dir = mkdtempSync(join(tmpdir(), 'pynomaly-openapi-'));
  try {
    const file = join(dir, 'openapi.json');
    writeFileSync(file, JSON.stringify(document, null, 2));
    const run = spawnSync(
      process.execPath,
      [redocly, 'lint', file, '--config', join(root, 'redocly.yaml'), '--format', 'json'],
      {
        cwd: root,
        encoding: 'utf8',
        env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
      },
    );
    return { status: run.status, report: JSON.parse(run.stdout) as LintReport, stderr: run.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Warnings accepted, each for a reason. A large upload's status, `/api/v1/datasets/uploads/{id}`,
 * sits beside a dataset's `/api/v1/datasets/{id}/upload` and `/preview`: only
 * `/api/v1/datasets/uploads/upload` and `…/uploads/preview` could match both, and API Gateway
 * matches the literal `uploads` first; dataset ids are ULIDs, never `uploads`, and upload ids
 * never `upload` or `preview`.
 */
const ACCEPTED_WARNINGS = [
  'no-ambiguous-paths #/paths/~1api~1v1~1datasets~1{id}~1upload',
  'no-ambiguous-paths #/paths/~1api~1v1~1datasets~1{id}~1preview',
];

describe('the OpenAPI document', () => {
  const document = openApiDocument();

  it('passes the Redocly linter (recommended rules, redocly.yaml) without errors or warnings', () => {
    const { status, report, stderr } = lint(document);
    const problems = report.problems
      .map((p) => `${p.ruleId} ${p.location[0]?.pointer}: ${p.message}`)
      .filter((problem) => !ACCEPTED_WARNINGS.some((accepted) => problem.startsWith(`${accepted}:`)));
    expect(problems, stderr).toEqual([]);
    expect(report.totals).toMatchObject({ errors: 0, warnings: ACCEPTED_WARNINGS.length });
    expect(status).toBe(0);
  });

  it('fails the linter when the document is broken, so the check above means something', () => {
    const { status, report } = lint({ ...document, paths: { '/x': { get: { responses: {} } } } });
    expect(status).not.toBe(0);
    expect(report.totals.errors).toBeGreaterThan(0);
  });

  it('has every route of the table at every one of its paths, aliases pointing at the canonical path', () => {
    for (const route of routes) {
      route.paths.forEach((path, index) => {
        const operation = document.paths[path]?.[route.method.toLowerCase() as 'get'];
        expect(operation, `${route.method} ${path}`).toBeDefined();
        expect(operation?.operationId).toBe(index === 0 ? route.id : `${route.id}Alias${index}`);
        expect(operation?.['x-alias-of']).toBe(index === 0 ? undefined : route.paths[0]);
      });
    }
    const operations = Object.values(document.paths).flatMap((methods) => Object.values(methods));
    expect(operations).toHaveLength(routes.reduce((n, r) => n + r.paths.length, 0));
  });

  it('asks for credentials on every user route, with its scope, and on no public one', () => {
    for (const route of routes) {
      for (const path of route.paths) {
        const operation = document.paths[path]?.[route.method.toLowerCase() as 'get'];
        if (route.auth === 'user') {
          expect(operation?.security, path).toContainEqual({ bearerAuth: [] });
          expect(operation?.['x-scope'], path).toBe(route.scope);
        } else {
          expect(operation?.security, path).toEqual([]);
        }
      }
    }
  });

  it('documents the request body of every route that has a body schema', () => {
    for (const route of routes) {
      for (const path of route.paths) {
        const operation = document.paths[path]?.[route.method.toLowerCase() as 'get'];
        const content = operation?.requestBody?.content ?? {};
        if (route.request?.body) expect(Object.keys(content), path).toEqual(['application/json']);
        else if (route.request?.multipart) {
          expect(Object.keys(content), path).toEqual(['multipart/form-data']);
          expect(content['multipart/form-data']?.schema, path).toMatchObject({
            properties: { file: { type: 'string', format: 'binary' } },
            required: expect.arrayContaining(['file']),
          });
        } else expect(operation?.requestBody, path).toBeUndefined();
      }
    }
  });
});
