import './polyfills';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { StateMachine } from 'aws-local-stepfunctions';
import {
  analysisDefinition,
  type PipelineTaskState,
  pipelineTasks,
} from '../../../functions/pipeline/definition';
import { AwsServiceError, startAwsJsonServer } from './aws-json-server';
import { FunctionError, invokeFunction } from './lambda-runtime';
import type { LocalSettings } from './settings';

type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'ABORTED';

interface Execution {
  executionArn: string;
  name: string;
  input: string;
  status: ExecutionStatus;
  startDate: number;
  stopDate?: number;
  output?: string;
  error?: string;
  cause?: string;
}

export const LOCAL_STATE_MACHINE_ARN = 'arn:aws:states:us-east-1:000000000000:stateMachine:pynomaly-analysis';

/**
 * A Step Functions stand-in: StartExecution, DescribeExecution and ListExecutions over the
 * pipeline's own ASL, run by aws-local-stepfunctions with each Lambda task bound to its
 * local handler. Execution names are unique as in AWS, and the record of executions is kept
 * on disk, so one left running by a stopped stack is run again at the next start.
 */
export class LocalStepFunctions {
  private readonly executions = new Map<string, Execution>();
  private readonly file: string;
  private readonly machine = new StateMachine(analysisDefinition() as never, {
    validationOptions: { checkArn: false },
  });
  private readonly running = new Set<Promise<unknown>>();
  private server?: Server;

  constructor(private readonly settings: LocalSettings) {
    const dir = join(settings.home, 'stepfunctions');
    mkdirSync(dir, { recursive: true });
    this.file = join(dir, 'executions.json');
    if (existsSync(this.file)) {
      for (const e of JSON.parse(readFileSync(this.file, 'utf8')) as Execution[])
        this.executions.set(e.name, e);
    }
  }

  async start(): Promise<void> {
    this.server = await startAwsJsonServer(this.settings.host, this.settings.ports.stepFunctions, {
      StartExecution: async (input) => this.startExecution(input),
      DescribeExecution: async (input) => this.describe(String(input.executionArn)),
      ListExecutions: async () => ({ executions: [...this.executions.values()].map((e) => this.summary(e)) }),
      DescribeStateMachine: async () => ({
        stateMachineArn: LOCAL_STATE_MACHINE_ARN,
        name: 'pynomaly-analysis',
        status: 'ACTIVE',
        type: 'STANDARD',
        definition: JSON.stringify(analysisDefinition()),
        roleArn: 'arn:aws:iam::000000000000:role/local',
        creationDate: 0,
      }),
    });
    for (const execution of this.executions.values()) if (execution.status === 'RUNNING') this.run(execution);
  }

  get busy(): boolean {
    return this.running.size > 0;
  }

  /** Resolves when no execution is running (tests and shutdown wait on it). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  async stop(): Promise<void> {
    await new Promise((r) => this.server?.close(r));
  }

  private startExecution(input: Record<string, unknown>) {
    const name = String(input.name ?? crypto.randomUUID());
    const payload = String(input.input ?? '{}');
    const existing = this.executions.get(name);
    if (existing) {
      if (existing.input === payload && existing.status === 'RUNNING')
        return { executionArn: existing.executionArn, startDate: existing.startDate };
      throw new AwsServiceError(
        'ExecutionAlreadyExists',
        `Execution Already Exists: '${existing.executionArn}'`,
      );
    }
    const execution: Execution = {
      executionArn: `${LOCAL_STATE_MACHINE_ARN.replace(':stateMachine:', ':execution:')}:${name}`,
      name,
      input: payload,
      status: 'RUNNING',
      startDate: Date.now() / 1000,
    };
    this.executions.set(name, execution);
    this.persist();
    this.run(execution);
    return { executionArn: execution.executionArn, startDate: execution.startDate };
  }

  private run(execution: Execution): void {
    const taskHandlers = Object.fromEntries(
      (Object.entries(pipelineTasks) as Array<[PipelineTaskState, string]>).map(([state, module]) => [
        state,
        async (input: unknown) => {
          const { Payload } = input as { Payload: unknown };
          try {
            return { StatusCode: 200, Payload: await invokeFunction(module, Payload) };
          } catch (error) {
            throw new FunctionError(error);
          }
        },
      ]),
    );
    const done = this.machine
      .run(JSON.parse(execution.input), {
        overrides: { taskResourceLocalHandlers: taskHandlers as never, retryIntervalOverrides: {} },
        context: { Execution: { Id: execution.executionArn, Name: execution.name } } as never,
      })
      .result.then(
        (output) => Object.assign(execution, { status: 'SUCCEEDED', output: JSON.stringify(output) }),
        (error: Error & { cause?: unknown }) =>
          Object.assign(execution, { status: 'FAILED', error: error.name, cause: error.message }),
      )
      .finally(() => {
        execution.stopDate = Date.now() / 1000;
        this.persist();
        this.running.delete(done);
      });
    this.running.add(done);
  }

  private describe(arn: string) {
    const execution = [...this.executions.values()].find((e) => e.executionArn === arn);
    if (!execution) throw new AwsServiceError('ExecutionDoesNotExist', `Execution Does Not Exist: '${arn}'`);
    return {
      ...this.summary(execution),
      input: execution.input,
      output: execution.output,
      error: execution.error,
      cause: execution.cause,
    };
  }

  private summary(e: Execution) {
    return {
      executionArn: e.executionArn,
      stateMachineArn: LOCAL_STATE_MACHINE_ARN,
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
