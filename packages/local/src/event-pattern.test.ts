import { describe, expect, it } from 'vitest';
import { eventRules } from '../../../functions/events/rules';
import { machines, stateMachineArnPlaceholder } from '../../../functions/pipeline/machines';
import { matchesPattern, substitute } from './event-pattern';

const objectCreated = (bucket: string, key: string) => ({
  source: 'aws.s3',
  'detail-type': 'Object Created',
  detail: { bucket: { name: bucket }, object: { key, size: 10 } },
});

describe('event patterns', () => {
  const rule = eventRules.find((r) => r.id === 'ObjectDropped');
  const pattern = substitute(rule?.pattern ?? {}, { BucketName: 'data' });

  it('matches an object created under the drop prefix of the data bucket', () => {
    expect(matchesPattern(objectCreated('data', 'incoming/t1/logs.xlsx'), pattern)).toBe(true);
  });

  it('ignores other buckets, other prefixes and other event types', () => {
    expect(matchesPattern(objectCreated('other', 'incoming/t1/logs.xlsx'), pattern)).toBe(false);
    expect(matchesPattern(objectCreated('data', 'parsed/t1/sheet-0.ndjson'), pattern)).toBe(false);
    expect(
      matchesPattern({ ...objectCreated('data', 'incoming/t/x'), 'detail-type': 'Object Deleted' }, pattern),
    ).toBe(false);
  });

  it('supports exists, suffix and anything-but', () => {
    expect(matchesPattern({ a: 1 }, { a: [{ exists: true }] })).toBe(true);
    expect(matchesPattern({}, { a: [{ exists: false }] })).toBe(true);
    expect(matchesPattern({ k: 'x.xlsx' }, { k: [{ suffix: '.xlsx' }] })).toBe(true);
    expect(matchesPattern({ s: 'error' }, { s: [{ 'anything-but': ['ok'] }] })).toBe(true);
    expect(matchesPattern({ s: 'ok' }, { s: [{ 'anything-but': ['ok'] }] })).toBe(false);
  });
});

describe('the execution-ended rule', () => {
  const rule = eventRules.find((r) => r.handler === 'events/on-execution-ended');
  const values = Object.fromEntries(
    machines.map((m) => [stateMachineArnPlaceholder(m.name), `arn:${m.name}`]),
  );
  const pattern = substitute(rule?.pattern ?? {}, values);
  const change = (stateMachineArn: string, status: string) => ({
    source: 'aws.states',
    'detail-type': 'Step Functions Execution Status Change',
    detail: { stateMachineArn, status, executionArn: `${stateMachineArn}:x` },
  });

  it('is on the default bus, where Step Functions sends status changes', () => {
    expect(rule?.bus).toBe('default');
  });

  it.each(machines.map((m) => m.name))(
    'matches %s executions that failed, timed out or were stopped',
    (name) => {
      for (const status of ['FAILED', 'TIMED_OUT', 'ABORTED'])
        expect(matchesPattern(change(`arn:${name}`, status), pattern)).toBe(true);
      for (const status of ['RUNNING', 'SUCCEEDED'])
        expect(matchesPattern(change(`arn:${name}`, status), pattern)).toBe(false);
    },
  );

  it("ignores other state machines' executions", () => {
    expect(matchesPattern(change('arn:someone-else', 'FAILED'), pattern)).toBe(false);
  });
});
