import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GENERATED_FILE, generatedTypes } from '../scripts/openapi-types';

describe('generated API types', () => {
  it('are what the OpenAPI document of the route table generates (npm run generate:sdk)', async () => {
    expect(readFileSync(GENERATED_FILE, 'utf8')).toBe(await generatedTypes());
  }, 60_000);
});
