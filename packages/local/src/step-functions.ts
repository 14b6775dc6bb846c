import './polyfills';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { s3Client } from '@pynomaly/core';
import { ExecutionError, StateMachine } from 'aws-local-stepfunctions';
import { PARTITION_PLACEHOLDER } from '../../../functions/pipeline/definition';
import {
  type MachineDefinition,
  machineTimeoutSeconds,
  machines as productMachines,
} from '../../../functions/pipeline/machines';
import { AwsServiceError, startAwsJsonServer } from './aws-json-server';
import { inlineDistributedMaps, readItems } from './distributed-map';
import { FunctionError, invokeFunction } from './lambda-runtime';
import type { LocalSettings } from './settings';

type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

interface Execution {
  stateMachineArn: string;
  executionArn: string;
  name: string;
  input: string;
  status: ExecutionStatus;
  /** Seconds since the epoch, as the Step Functions API gives dates. */
  startDate: number;
  stopDate?: number;
  output?: string;
  error?: string;
  cause?: string;
}

/** How an execution ended, when not by running to its end. */
type Ending = Pick<Execution, 'status' | 'error' | 'cause'>;

/**
 * The detail of EventBridge's "Step Functions Execution Status Change" event, field for field
 * as AWS sends it (dates in milliseconds since the epoch; absent values `null`).
 */
export interface ExecutionStatusChange {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  status: ExecutionStatus;
  startDate: number;
  stopDate: number | null;
  input: string;
  output: string | null;
  inputDetails: { included: boolean };
  outputDetails: { included: boolean } | null;
  error: string | null;
  cause: string | null;
}

/** Properties of {@link LocalStepFunctions}. */
export interface LocalStepFunctionsOptions {
  /**
   * The machines to run.
   * @default the machines of functions/pipeline/machines.ts
   */
  machines?: readonly MachineDefinition[];
  /**
   * Runs a task's handler module with the task's payload.
   * @default the local Lambda runtime (invokeFunction)
   */
  invoke?: (module: string, payload: unknown) => Promise<unknown>;
  /** Told of every status change of an execution, as Step Functions tells EventBridge. */
  onStatusChange?: (change: ExecutionStatusChange) => void;
}

/** Step Functions' limit on an execution's input and on the data a state passes on: 256 KiB of UTF-8. */
export const MAX_STATE_DATA_BYTES = 262_144;

/** The ARN a machine of functions/pipeline/machines.ts has locally. */
export const localStateMachineArn = (name: MachineDefinition['name']) =>
  `arn:aws:states:us-east-1:000000000000:stateMachine:pynomaly-${name}`;

/** A machine's ASL as it runs here: in the `aws` partition, as the CDK fills it in for AWS's. */
function localDefinition(machine: MachineDefinition): Record<string, unknown> {
  const text = JSON.stringify(machine.definition()).replaceAll(`\${${PARTITION_PLACEHOLDER}}`, 'aws');
  return JSON.parse(text) as Record<string, unknown>;
}

/** What a failed run reports: a Fail state's Error and Cause, a task's error, or a `States.*` error. */
function failure(error: Error): Ending {
  const reason = error instanceof ExecutionError && error.cause instanceof Error ? error.cause : error;
  return { status: 'FAILED', error: reason.name, cause: reason.message };
}

interface LocalMachine {
  definition: MachineDefinition;
  runner: StateMachine;
  /** The machine's `TimeoutSeconds`. */
  timeoutSeconds?: number;
  /** The states that read a Distributed Map's items, put in by inlineDistributedMaps. */
  readers: string[];
}

/** An object's text from the local bucket, for a Distributed Map's items. */
async function objectText(bucket: string, key: string): Promise<string> {
  const out = await s3Client().send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return (await out.Body?.transformToString('utf8')) ?? '';
}

interface ActiveRun {
  /** Ends the run (timeout or StopExecution); the first ending given wins. */
  end(how: Ending): void;
  /** Settles once the execution's final status is recorded. */
  done: Promise<void>;
}

/**
 * A Step Functions stand-in: StartExecution, StopExecution, DescribeExecution, ListExecutions
 * and DescribeStateMachine over the product's own ASL documents, run by aws-local-stepfunctions
 * with each Lambda task bound to its local handler. As in AWS: execution names are unique per
 * machine; a machine's `TimeoutSeconds` ends an execution `TIMED_OUT` (States.Timeout) and
 * StopExecution ends it `ABORTED`, in both cases without waiting for the task under way, which
 * runs on to its end as a Lambda function would; every status change is announced (the
 * "Step Functions Execution Status Change" event). The record of executions is kept on disk, so
 * one left running by a stopped stack is run again at the next start, its deadline still
 * counted from its first start.
 */
export class LocalStepFunctions {
  private readonly executions = new Map<string, Execution>();
  private readonly file: string;
  private readonly machines: Map<string, LocalMachine>;
  private readonly invoke: (module: string, payload: unknown) => Promise<unknown>;
  /** Runs and task invocations under way, stopped runs' tasks included. */
  private readonly running = new Set<Promise<unknown>>();
  private readonly active = new Map<string, ActiveRun>();
  private server?: Server;

  constructor(
    private readonly settings: LocalSettings,
    private readonly options: LocalStepFunctionsOptions = {},
  ) {
    this.invoke = options.invoke ?? ((module, payload) => invokeFunction(module, payload));
    this.machines = new Map(
      (options.machines ?? productMachines).map((definition) => {
        // The execution's timeout is kept here rather than by the runner, counted from the
        // execution's start, so that a run resumed after a restart keeps its deadline.
        const { TimeoutSeconds: _, ...asl } = localDefinition(definition);
        // Distributed Maps run inline here (aws-local-stepfunctions reads no ItemReader).
        const local = inlineDistributedMaps(asl as { StartAt: string; States: Record<string, never> });
        const runner = new StateMachine(local.definition as never, {
          validationOptions: { checkArn: false },
        });
        const timeoutSeconds = machineTimeoutSeconds(definition);
        return [
          localStateMachineArn(definition.name),
          { definition, runner, timeoutSeconds, readers: local.readers },
        ];
      }),
    );
    const dir = join(settings.home, 'stepfunctions');
    mkdirSync(dir, { recursive: true });
    this.file = join(dir, 'executions.json');
    if (existsSync(this.file)) {
      for (const e of JSON.parse(readFileSync(this.file, 'utf8')) as Execution[]) {
        e.stateMachineArn ??= localStateMachineArn('analysis');
        this.executions.set(e.executionArn, e);
      }
    }
  }

  /** Serves the API and resumes the executions a stopped stack left running. */
  async start(): Promise<void> {
    this.server = await startAwsJsonServer(this.settings.host, this.settings.ports.stepFunctions, {
      StartExecution: async (input) => this.startExecution(input),
      StopExecution: async (input) => this.stopExecution(input),
      DescribeExecution: async (input) => this.describeExecution(String(input.executionArn)),
      ListExecutions: async (input) => ({
        executions: [...this.executions.values()]
          .filter((e) => !input.stateMachineArn || e.stateMachineArn === input.stateMachineArn)
          .map((e) => this.summary(e)),
      }),
      DescribeStateMachine: async (input) => {
        const machine = this.machineOf(String(input.stateMachineArn));
        return {
          stateMachineArn: String(input.stateMachineArn),
          name: `pynomaly-${machine.definition.name}`,
          status: 'ACTIVE',
          type: 'STANDARD',
          definition: JSON.stringify(localDefinition(machine.definition)),
          roleArn: 'arn:aws:iam::000000000000:role/local',
          creationDate: 0,
        };
      },
    });
    for (const execution of this.executions.values()) if (execution.status === 'RUNNING') this.run(execution);
  }

  get busy(): boolean {
    return this.running.size > 0;
  }

  /** Resolves when no execution, nor a task a stopped execution left, is running (tests and shutdown wait on it). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  async stop(): Promise<void> {
    await new Promise((r) => this.server?.close(r));
  }

  /** StartExecution: a name already running with the same input answers that execution. */
  startExecution(input: Record<string, unknown>): { executionArn: string; startDate: number } {
    const stateMachineArn = String(input.stateMachineArn ?? '');
    this.machineOf(stateMachineArn);
    const name = String(input.name ?? crypto.randomUUID());
    const payload = String(input.input ?? '{}');
    if (Buffer.byteLength(payload, 'utf8') > MAX_STATE_DATA_BYTES)
      throw new AwsServiceError(
        'ValidationException',
        `1 validation error detected: Value at 'input' failed to satisfy constraint: Member must have length less than or equal to ${MAX_STATE_DATA_BYTES}`,
      );
    const executionArn = `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;
    const existing = this.executions.get(executionArn);
    if (existing) {
      if (existing.input === payload && existing.status === 'RUNNING') {
        return { executionArn: existing.executionArn, startDate: existing.startDate };
      }
      throw new AwsServiceError(
        'ExecutionAlreadyExists',
        `Execution Already Exists: '${existing.executionArn}'`,
      );
    }
    const execution: Execution = {
      stateMachineArn,
      executionArn,
      name,
      input: payload,
      status: 'RUNNING',
      startDate: Date.now() / 1000,
    };
    this.executions.set(executionArn, execution);
    this.persist();
    this.announce(execution);
    this.run(execution);
    return { executionArn, startDate: execution.startDate };
  }

  /**
   * StopExecution: a running execution ends `ABORTED` (with the `error` and `cause` given);
   * one that has ended stays as it is. Answers once the status is recorded.
   */
  async stopExecution(input: Record<string, unknown>): Promise<{ stopDate: number }> {
    const executionArn = String(input.executionArn ?? '');
    const execution = this.executions.get(executionArn);
    if (!execution)
      throw new AwsServiceError('ExecutionDoesNotExist', `Execution Does Not Exist: '${executionArn}'`);
    const run = this.active.get(executionArn);
    if (run) {
      const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
      run.end({ status: 'ABORTED', error: text(input.error), cause: text(input.cause) });
      await run.done;
    }
    return { stopDate: execution.stopDate ?? Date.now() / 1000 };
  }

  /** DescribeExecution. */
  describeExecution(arn: string) {
    const execution = this.executions.get(arn);
    if (!execution) throw new AwsServiceError('ExecutionDoesNotExist', `Execution Does Not Exist: '${arn}'`);
    return {
      ...this.summary(execution),
      input: execution.input,
      inputDetails: { included: true },
      output: execution.output,
      error: execution.error,
      cause: execution.cause,
    };
  }

  private machineOf(arn: string): LocalMachine {
    const machine = this.machines.get(arn);
    if (!machine)
      throw new AwsServiceError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`);
    return machine;
  }

  /** Counts a promise as work under way until it settles. */
  private track<T>(work: Promise<T>): Promise<T> {
    const tracked = work.finally(() => this.running.delete(tracked));
    this.running.add(tracked);
    return tracked;
  }

  private run(execution: Execution): void {
    const { definition, runner, timeoutSeconds, readers } = this.machineOf(execution.stateMachineArn);
    const remainingMs =
      timeoutSeconds === undefined
        ? undefined
        : timeoutSeconds * 1000 - (Date.now() - execution.startDate * 1000);
    const timedOut: Ending = {
      status: 'TIMED_OUT',
      error: 'States.Timeout',
      cause: `The execution ran longer than the state machine's TimeoutSeconds (${timeoutSeconds} s)`,
    };
    if (remainingMs !== undefined && remainingMs <= 0) {
      // Resumed past its deadline: it ends without running a state again.
      this.finish(execution, timedOut);
      return;
    }
    let end: (how: Ending) => void = () => undefined;
    const taskHandlers = Object.fromEntries([
      ...readers.map((state) => [
        state,
        (parameters: unknown) => this.track(readItems(parameters, objectText)),
      ]),
      ...Object.entries(definition.tasks).map(([state, module]) => [
        state,
        async (input: unknown) => {
          const { Payload } = input as { Payload: unknown };
          let result: unknown;
          try {
            const invocation = this.track(Promise.resolve().then(() => this.invoke(module, Payload)));
            result = { StatusCode: 200, Payload: await invocation };
          } catch (error) {
            throw new FunctionError(error);
          }
          // As in AWS, a result over the state data limit ends the execution; no Catch takes it.
          if (Buffer.byteLength(JSON.stringify(result), 'utf8') > MAX_STATE_DATA_BYTES)
            end({
              status: 'FAILED',
              error: 'States.DataLimitExceeded',
              cause: `The state/task '${state}' returned a result with a size exceeding the maximum number of bytes service limit.`,
            });
          return result;
        },
      ]),
    ]);
    const run = runner.run(JSON.parse(execution.input), {
      overrides: { taskResourceLocalHandlers: taskHandlers as never, retryIntervalOverrides: {} },
      context: { Execution: { Id: execution.executionArn, Name: execution.name } } as never,
    });
    let ending: Ending | undefined;
    end = (how: Ending) => {
      ending ??= how;
      run.abort();
    };
    const timer = remainingMs === undefined ? undefined : setTimeout(() => end(timedOut), remainingMs);
    const done = this.track(
      run.result
        .then(
          (output): Ending & { output?: string } => ({ status: 'SUCCEEDED', output: JSON.stringify(output) }),
          (error: Error) => ending ?? failure(error),
        )
        .then((outcome) => {
          clearTimeout(timer);
          this.active.delete(execution.executionArn);
          this.finish(execution, outcome);
        }),
    );
    this.active.set(execution.executionArn, { end, done });
  }

  /** Records how an execution ended and announces it. */
  private finish(execution: Execution, outcome: Ending & { output?: string }): void {
    Object.assign(execution, outcome, { stopDate: Date.now() / 1000 });
    this.persist();
    this.announce(execution);
  }

  /** The status change event's detail, handed to whoever listens (the local default bus). */
  private announce(e: Execution): void {
    this.options.onStatusChange?.({
      executionArn: e.executionArn,
      stateMachineArn: e.stateMachineArn,
      name: e.name,
      status: e.status,
      startDate: Math.round(e.startDate * 1000),
      stopDate: e.stopDate === undefined ? null : Math.round(e.stopDate * 1000),
      input: e.input,
      output: e.output ?? null,
      inputDetails: { included: true },
      outputDetails: e.output === undefined ? null : { included: true },
      error: e.error ?? null,
      cause: e.cause ?? null,
    });
  }

  private summary(e: Execution) {
    return {
      executionArn: e.executionArn,
      stateMachineArn: e.stateMachineArn,
      name: e.name,
      status: e.status,
      startDate: e.startDate,
      stopDate: e.stopDate,
    };
  }

  private persist(): void {
    writeFileSync(this.file, JSON.stringify([...this.executions.values()], null, 1));
  }
}
