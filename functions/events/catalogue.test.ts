import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { productEvents } from '@pynomaly/core';
import { describe, expect, it } from 'vitest';

/**
 * The event catalogue's compatibility rule: a new version of an event may only add optional
 * fields. Every field of the previous version stays, with the same schema (but `version`'s
 * constant), and nothing becomes required that was not.
 */
interface ObjectSchema {
  properties?: Record<string, unknown>;
  required?: string[];
  additionalProperties?: unknown;
}

function breakingChanges(older: ObjectSchema, newer: ObjectSchema): string[] {
  const problems: string[] = [];
  const before = older.properties ?? {};
  const after = newer.properties ?? {};
  for (const [field, schema] of Object.entries(before)) {
    if (field === 'version') continue;
    if (!(field in after)) problems.push(`${field} removed`);
    else if (JSON.stringify(after[field]) !== JSON.stringify(schema)) problems.push(`${field} changed`);
  }
  const wasRequired = new Set(older.required ?? []);
  for (const field of newer.required ?? [])
    if (!wasRequired.has(field)) problems.push(`${field} newly required`);
  for (const field of wasRequired)
    if (!(newer.required ?? []).includes(field)) problems.push(`${field} no longer required`);
  return problems;
}

const dir = join(import.meta.dirname, '../../events/schemas');
const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
const schemaOf = (file: string) => JSON.parse(readFileSync(join(dir, file), 'utf8')) as ObjectSchema;

describe('event catalogue', () => {
  it('has a versioned schema file for every catalogued event and no stray files', () => {
    for (const file of files) expect(file).toMatch(/^[a-z_]+\.[a-z_]+\.v\d+\.json$/);
    const types = new Set(files.map((f) => f.replace(/\.v\d+\.json$/, '')));
    expect([...types].sort()).toEqual(productEvents.map((e) => e.detailType).sort());
    for (const event of productEvents) expect(files).toContain(`${event.detailType}.v${event.version}.json`);
  });

  it('evolves every event compatibly from one version to the next', () => {
    const byType = new Map<string, Array<{ version: number; file: string }>>();
    for (const file of files) {
      const [, type, version] = /^(.+)\.v(\d+)\.json$/.exec(file) ?? [];
      if (!type || !version) continue;
      byType.set(type, [...(byType.get(type) ?? []), { version: Number(version), file }]);
    }
    for (const [type, versions] of byType) {
      versions.sort((a, b) => a.version - b.version);
      expect(
        versions.map((v) => v.version),
        type,
      ).toEqual(versions.map((_, i) => i + 1));
      for (let i = 1; i < versions.length; i++) {
        const [older, newer] = [versions[i - 1], versions[i]];
        if (!older || !newer) continue;
        expect(breakingChanges(schemaOf(older.file), schemaOf(newer.file)), newer.file).toEqual([]);
      }
    }
  });

  it('tells an optional addition from a breaking change', () => {
    const v1 = schemaOf('analysis.completed.v1.json');
    const withOptional = { ...v1, properties: { ...v1.properties, note: { type: 'string' } } };
    expect(breakingChanges(v1, withOptional)).toEqual([]);
    expect(breakingChanges(v1, { ...withOptional, required: [...(v1.required ?? []), 'note'] })).toEqual([
      'note newly required',
    ]);
    const { session_id: _gone, ...rest } = v1.properties ?? {};
    expect(breakingChanges(v1, { ...v1, properties: rest })).toContain('session_id removed');
    expect(
      breakingChanges(v1, { ...v1, properties: { ...v1.properties, dataset_id: { type: 'number' } } }),
    ).toEqual(['dataset_id changed']);
  });
});
