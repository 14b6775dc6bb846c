import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  analysisInput,
  detectOutput,
  emittedEvents,
  failureInput,
  failureMessage,
  objectCreatedEvent,
  triageInput,
} from '@pynomaly/analysis';
import { alertTriggeredEvent } from '@pynomaly/live';
import { endedReason, executionInput, executionStatusChange } from '@pynomaly/platform';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

const events = join(import.meta.dirname, '../../events');
const fixture = (path: string) => JSON.parse(readFileSync(join(events, path), 'utf8')) as unknown;

describe('event contracts', () => {
  it.each([
    ['eventbridge/object-created.json', objectCreatedEvent],
    ['pipeline/analysis-input.json', analysisInput],
    ['pipeline/detect-output.json', detectOutput],
    ['pipeline/triage-input.json', triageInput],
    ['pipeline/failure-input.json', failureInput],
    ['eventbridge/execution-timed-out.json', executionStatusChange],
    ['eventbridge/alert-triggered.json', alertTriggeredEvent],
  ] as const)('%s is what its consumer accepts', (path, schema) => {
    expect(schema.safeParse(fixture(path)).success).toBe(true);
  });

  it.each(Object.entries(emittedEvents))('schemas/%s is the schema the code emits', (file, schema) => {
    expect(fixture(`schemas/${file}`)).toEqual(z.toJSONSchema(schema));
  });

  it('reads the analysis input and the reason out of a timed-out execution', async () => {
    const { detail } = executionStatusChange.parse(fixture('eventbridge/execution-timed-out.json'));
    expect(await executionInput(detail, analysisInput)).toEqual(fixture('pipeline/analysis-input.json'));
    expect(endedReason('analysis', detail, 3600)).toBe('The analysis timed out after 3600 s');
  });

  it('turns the failure fixture into the message a user reads', () => {
    expect(
      failureMessage(
        (fixture('pipeline/failure-input.json') as { error: { Error: string; Cause: string } }).error,
      ),
    ).toBe('Corrupt workbook');
    expect(
      failureMessage({ Error: 'Error', Cause: '{"errorMessage":"connect ECONNREFUSED 10.0.0.1:443"}' }),
    ).not.toContain('ECONNREFUSED');
    expect(failureMessage({ Error: 'States.Timeout' })).toMatch(/too long/);
  });
});
