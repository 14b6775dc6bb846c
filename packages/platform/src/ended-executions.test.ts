import type { SFNClient } from '@aws-sdk/client-sfn';
import { ValidationError } from '@pynomaly/core';
import { describe, expect, it } from 'vitest';
import {
  type ExecutionStatusDetail,
  endedBadly,
  endedReason,
  executionInput,
  executionStatusChange,
} from './ended-executions';
import { queuedStudy } from './studies';
import { queuedIngest } from './upload-ingest';

const input = { tenant_id: 't1', user_id: 'u1', study_id: 'exp_1', kind: 'experiment' };
const detail = (over: Partial<ExecutionStatusDetail> = {}): ExecutionStatusDetail => ({
  executionArn: 'arn:aws:states:us-east-1:1:execution:pynomaly-study:exp_1-1',
  stateMachineArn: 'arn:aws:states:us-east-1:1:stateMachine:pynomaly-study',
  name: 'exp_1-1',
  status: 'TIMED_OUT',
  startDate: 1_700_000_000_000,
  stopDate: 1_700_001_800_400,
  input: JSON.stringify(input),
  inputDetails: { included: true },
  error: 'States.Timeout',
  cause: null,
  ...over,
});

/** An SFN client that answers DescribeExecution with `described`, counting the calls. */
function describing(described: string | undefined) {
  const calls: unknown[] = [];
  const sfn = {
    send: async (command: { input: unknown }) => {
      calls.push(command.input);
      return { input: described };
    },
  } as unknown as SFNClient;
  return { sfn, calls };
}

describe('the Step Functions status change event', () => {
  it('is read as AWS sends it', () => {
    const event = {
      version: '0',
      id: 'e',
      'detail-type': 'Step Functions Execution Status Change',
      source: 'aws.states',
      account: '1',
      time: '2024-01-01T00:00:00Z',
      region: 'us-east-1',
      resources: [detail().executionArn],
      detail: { ...detail(), output: null, outputDetails: null, redriveCount: 0 },
    };
    expect(executionStatusChange.safeParse(event).success).toBe(true);
    expect(executionStatusChange.safeParse({ ...event, source: 'aws.s3' }).success).toBe(false);
  });

  it('counts FAILED, TIMED_OUT and ABORTED as ended badly, and nothing else', () => {
    expect(['FAILED', 'TIMED_OUT', 'ABORTED', 'SUCCEEDED', 'RUNNING'].map(endedBadly)).toEqual([
      true,
      true,
      true,
      false,
      false,
    ]);
  });
});

describe('the input of an execution that ended', () => {
  it('comes from the event when the event carries it', async () => {
    const { sfn, calls } = describing(undefined);
    await expect(executionInput(detail(), queuedStudy, { sfn })).resolves.toEqual(input);
    expect(calls).toEqual([]);
  });

  it('comes from DescribeExecution when the event left it out', async () => {
    const { sfn, calls } = describing(JSON.stringify(input));
    const truncated = detail({ input: null, inputDetails: { included: false } });
    await expect(executionInput(truncated, queuedStudy, { sfn })).resolves.toEqual(input);
    expect(calls).toEqual([{ executionArn: truncated.executionArn }]);
    await executionInput(detail({ input: undefined, inputDetails: undefined }), queuedStudy, { sfn });
    expect(calls).toHaveLength(2);
  });

  it('is refused, loudly, when it is not what the machine takes', async () => {
    const { sfn } = describing(undefined);
    await expect(
      executionInput(detail({ input: '{"tenant_id":"t1"}' }), queuedStudy, { sfn }),
    ).rejects.toThrow(ValidationError);
    await expect(
      executionInput(detail({ input: null, inputDetails: { included: false } }), queuedStudy, { sfn }),
    ).rejects.toThrow(/no JSON input/);
  });
});

describe('the reason a record shows', () => {
  it.each([
    [detail(), 1800, 'The experiment timed out after 1800 s'],
    [detail(), undefined, 'The experiment timed out after 1800 s'],
    [detail({ startDate: null }), undefined, 'The experiment timed out'],
    [detail({ status: 'ABORTED', error: null }), 1800, 'The experiment was stopped before it finished'],
    [detail({ status: 'FAILED', error: 'States.Runtime' }), 1800, 'The experiment failed: States.Runtime'],
    [detail({ status: 'FAILED', error: null }), 1800, 'The experiment failed'],
  ])('%#: %s', (ended, timeout, reason) => {
    expect(endedReason('experiment', ended, timeout)).toBe(reason);
  });
});

describe('an ingest execution that ended', () => {
  const ingest = { tenant_id: 't1', user_id: 'u1', upload_id: '01upload', dataset_id: '01dataset' };
  const ended = (over: Partial<ExecutionStatusDetail>) =>
    detail({
      executionArn: 'arn:aws:states:us-east-1:1:execution:pynomaly-ingest:01upload',
      stateMachineArn: 'arn:aws:states:us-east-1:1:stateMachine:pynomaly-ingest',
      name: '01upload',
      input: JSON.stringify(ingest),
      ...over,
    });

  it('names the upload it worked on, from the event or from DescribeExecution', async () => {
    const { sfn, calls } = describing(JSON.stringify(ingest));
    await expect(executionInput(ended({}), queuedIngest, { sfn })).resolves.toEqual(ingest);
    await expect(
      executionInput(ended({ input: null, inputDetails: { included: false } }), queuedIngest, { sfn }),
    ).resolves.toEqual(ingest);
    expect(calls).toHaveLength(1);
    // A detection's input is no ingest's.
    await expect(executionInput(detail(), queuedIngest, { sfn })).rejects.toThrow(ValidationError);
  });

  it.each([
    [ended({}), 1800, 'The upload timed out after 1800 s'],
    [ended({ status: 'ABORTED', error: null }), 1800, 'The upload was stopped before it finished'],
  ])('%#: gives the upload its reason', (stopped, timeout, reason) => {
    expect(endedReason('upload', stopped, timeout)).toBe(reason);
  });
});
