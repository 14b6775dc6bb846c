import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { executionStatusChange } from '@pynomaly/platform';
import { afterEach, describe, expect, it } from 'vitest';
import type { MachineDefinition } from '../../../functions/pipeline/machines';
import { localSettings } from './settings';
import {
  type ExecutionStatusChange,
  LocalStepFunctions,
  localStateMachineArn,
  MAX_STATE_DATA_BYTES,
} from './step-functions';

const ARN = localStateMachineArn('study');

/** A Lambda task of the shape our machines use: `lambda:invoke`, payload in, payload out. */
const task = (next: Record<string, unknown>) => ({
  Type: 'Task',
  Resource: 'arn:aws:states:::lambda:invoke',
  Parameters: { FunctionName: 'local', 'Payload.$': '$' },
  OutputPath: '$.Payload',
  TimeoutSeconds: 30,
  ...next,
});

/** A one-machine stand-in ("study" by name) over `definition`, its tasks run by `invoke`. */
function machine(definition: object, tasks: Record<string, string>): MachineDefinition {
  return { name: 'study', definition: () => definition, tasks, arnVariable: 'STUDY_STATE_MACHINE_ARN' };
}

/** Slow → After: Slow takes `ms` (or until released), After records that it ran. */
function slowMachine(timeoutSeconds?: number) {
  return machine(
    {
      StartAt: 'Slow',
      ...(timeoutSeconds === undefined ? {} : { TimeoutSeconds: timeoutSeconds }),
      States: { Slow: task({ Next: 'After' }), After: task({ End: true }) },
    },
    { Slow: 'slow', After: 'after' },
  );
}

const homes: string[] = [];
afterEach(() => {
  for (const home of homes.splice(0)) rmSync(home, { recursive: true, force: true });
});

function setup(
  definition: MachineDefinition,
  invoke: (module: string, payload: unknown) => Promise<unknown>,
) {
  const home = mkdtempSync(join(tmpdir(), 'pynomaly-sfn-'));
  homes.push(home);
  const changes: ExecutionStatusChange[] = [];
  const settings = localSettings({ PYNOMALY_HOME: home });
  settings.ports.stepFunctions = 0;
  const sfn = new LocalStepFunctions(settings, {
    machines: [definition],
    invoke,
    onStatusChange: (change) => changes.push(change),
  });
  return { sfn, changes, home, settings };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('the local Step Functions ends executions as AWS does', () => {
  it("times an execution out after the machine's TimeoutSeconds, without running another state", async () => {
    // Prepare
    const ran: string[] = [];
    const { sfn, changes } = setup(slowMachine(1), async (module, payload) => {
      ran.push(module);
      if (module === 'slow') await sleep(1600);
      return payload;
    });

    // Act
    const started = Date.now();
    const { executionArn } = sfn.startExecution({ stateMachineArn: ARN, name: 'late', input: '{"a":1}' });
    await sfn.idle();

    // Assess
    expect(sfn.describeExecution(executionArn)).toMatchObject({
      status: 'TIMED_OUT',
      error: 'States.Timeout',
    });
    expect(ran).toEqual(['slow']);
    expect(changes.map((c) => c.status)).toEqual(['RUNNING', 'TIMED_OUT']);
    const ended = changes[1];
    expect(ended).toEqual({
      executionArn,
      stateMachineArn: ARN,
      name: 'late',
      status: 'TIMED_OUT',
      startDate: expect.any(Number),
      stopDate: expect.any(Number),
      input: '{"a":1}',
      output: null,
      inputDetails: { included: true },
      outputDetails: null,
      error: 'States.Timeout',
      cause: expect.stringContaining('TimeoutSeconds (1 s)'),
    });
    // Milliseconds, about a second apart: the end came at the timeout, not when the task ended.
    expect(ended!.startDate).toBeGreaterThanOrEqual(started - 5);
    expect(ended!.stopDate! - ended!.startDate).toBeGreaterThanOrEqual(950);
    expect(ended!.stopDate! - ended!.startDate).toBeLessThan(1500);
    expect(
      executionStatusChange.safeParse({
        source: 'aws.states',
        'detail-type': 'Step Functions Execution Status Change',
        detail: ended,
      }).success,
    ).toBe(true);
  });

  it('stops an execution with StopExecution: ABORTED, with the error and cause given', async () => {
    // Prepare
    const ran: string[] = [];
    let release = () => {};
    const { sfn, changes } = setup(slowMachine(), async (module, payload) => {
      ran.push(module);
      if (module === 'slow') await new Promise<void>((r) => (release = r));
      return payload;
    });
    const { executionArn } = sfn.startExecution({ stateMachineArn: ARN, name: 'halt', input: '{}' });
    await sleep(20);

    // Act
    const { stopDate } = await sfn.stopExecution({ executionArn, error: 'Cancelled', cause: 'by the test' });

    // Assess
    expect(sfn.describeExecution(executionArn)).toMatchObject({
      status: 'ABORTED',
      error: 'Cancelled',
      cause: 'by the test',
      stopDate,
    });
    expect(changes.map((c) => c.status)).toEqual(['RUNNING', 'ABORTED']);
    // The task under way runs on, as a Lambda function does; the next state never starts.
    expect(sfn.busy).toBe(true);
    release();
    await sfn.idle();
    expect(ran).toEqual(['slow']);
    // Stopping it again changes nothing.
    await sfn.stopExecution({ executionArn });
    expect(sfn.describeExecution(executionArn).status).toBe('ABORTED');
    expect(changes).toHaveLength(2);
  });

  it('reports a Fail state’s Error and Cause, and a task’s error, as AWS does', async () => {
    const { sfn, changes } = setup(
      machine(
        {
          StartAt: 'Run',
          States: {
            Run: task({
              Next: 'Done',
              Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Failed' }],
            }),
            Done: { Type: 'Succeed' },
            Failed: { Type: 'Fail', Error: 'StudyFailed', Cause: 'The study failed.' },
          },
        },
        { Run: 'run' },
      ),
      async (_, payload) => {
        if ((payload as { fail?: boolean }).fail) throw Object.assign(new Error('bad'), { name: 'Oops' });
        return { ok: true };
      },
    );
    const failed = sfn.startExecution({ stateMachineArn: ARN, name: 'f', input: '{"fail":true}' });
    const succeeded = sfn.startExecution({ stateMachineArn: ARN, name: 's', input: '{}' });
    await sfn.idle();
    expect(sfn.describeExecution(failed.executionArn)).toMatchObject({
      status: 'FAILED',
      error: 'StudyFailed',
      cause: 'The study failed.',
    });
    expect(sfn.describeExecution(succeeded.executionArn)).toMatchObject({
      status: 'SUCCEEDED',
      output: '{"ok":true}',
    });
    expect(changes.find((c) => c.name === 's' && c.status === 'SUCCEEDED')).toMatchObject({
      output: '{"ok":true}',
      outputDetails: { included: true },
      error: null,
    });
  });

  it('refuses an input over 256 KiB, and fails an execution whose task answers more, past any Catch', async () => {
    const ran: string[] = [];
    const { sfn } = setup(
      machine(
        {
          StartAt: 'Big',
          States: {
            Big: task({
              Next: 'After',
              Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Caught' }],
            }),
            After: task({ End: true }),
            Caught: task({ End: true }),
          },
        },
        { Big: 'big', After: 'after', Caught: 'caught' },
      ),
      async (module) => {
        ran.push(module);
        return module === 'big' ? { rows: 'x'.repeat(MAX_STATE_DATA_BYTES) } : { ok: true };
      },
    );
    const tooLarge = JSON.stringify({ rows: 'x'.repeat(MAX_STATE_DATA_BYTES) });
    expect(() => sfn.startExecution({ stateMachineArn: ARN, name: 'big-input', input: tooLarge })).toThrow(
      /length less than or equal to 262144/,
    );
    const started = sfn.startExecution({ stateMachineArn: ARN, name: 'big-output', input: '{}' });
    await sfn.idle();
    expect(sfn.describeExecution(started.executionArn)).toMatchObject({
      status: 'FAILED',
      error: 'States.DataLimitExceeded',
      cause: expect.stringContaining("'Big'"),
    });
    expect(ran).toEqual(['big']);
  });

  it('ends an execution resumed after its deadline as TIMED_OUT, running nothing', async () => {
    const ran: string[] = [];
    const { home, settings } = setup(slowMachine(1), async (_, payload) => payload);
    const executionArn = `${ARN.replace(':stateMachine:', ':execution:')}:left`;
    mkdirSync(join(home, 'stepfunctions'), { recursive: true });
    writeFileSync(
      join(home, 'stepfunctions', 'executions.json'),
      JSON.stringify([
        {
          stateMachineArn: ARN,
          executionArn,
          name: 'left',
          input: '{}',
          status: 'RUNNING',
          startDate: Date.now() / 1000 - 60,
        },
      ]),
    );
    const changes: ExecutionStatusChange[] = [];
    const resumed = new LocalStepFunctions(settings, {
      machines: [slowMachine(1)],
      invoke: async (module, payload) => {
        ran.push(module);
        return payload;
      },
      onStatusChange: (change) => changes.push(change),
    });
    await resumed.start();
    try {
      await resumed.idle();
      expect(resumed.describeExecution(executionArn)).toMatchObject({ status: 'TIMED_OUT' });
      expect(changes.map((c) => c.status)).toEqual(['TIMED_OUT']);
      expect(ran).toEqual([]);
    } finally {
      await resumed.stop();
    }
  });
});
