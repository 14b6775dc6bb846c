import './polyfills';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { StateMachine } from 'aws-local-stepfunctions';
import { PARTITION_PLACEHOLDER } from '../../../functions/pipeline/definition';
import { type MachineDefinition, machines } from '../../../functions/pipeline/machines';
import { AwsServiceError, startAwsJsonServer } from './aws-json-server';
import { FunctionError, invokeFunction } from './lambda-runtime';
import type { LocalSettings } from './settings';

type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'ABORTED';

interface Execution {
  stateMachineArn: string;
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

/** The ARN a machine of functions/pipeline/machines.ts has locally. */
export const localStateMachineArn = (name: MachineDefinition['name']) =>
  `arn:aws:states:us-east-1:000000000000:stateMachine:pynomaly-${name}`;

/** A machine's ASL as it runs here: in the `aws` partition, as the CDK fills it in for AWS's. */
function localDefinition(machine: MachineDefinition): unknown {
  const text = JSON.stringify(machine.definition()).replaceAll(`\${${PARTITION_PLACEHOLDER}}`, 'aws');
  return JSON.parse(text);
}

interface LocalMachine {
  definition: MachineDefinition;
  runner: StateMachine;
}

/**
 * A Step Functions stand-in: StartExecution, DescribeExecution, ListExecutions and
 * DescribeStateMachine over the product's own ASL documents, run by aws-local-stepfunctions
 * with each Lambda task bound to its local handler. Execution names are unique per machine
 * as in AWS, and the record of executions is kept on disk, so one left running by a stopped
 * stack is run again at the next start.
 */
export class LocalStepFunctions {
  private readonly executions = new Map<string, Execution>();
  private readonly file: string;
  private readonly machines = new Map<string, LocalMachine>(
    machines.map((definition) => [
      localStateMachineArn(definition.name),
      {
        definition,
        runner: new StateMachine(localDefinition(definition) as never, {
          validationOptions: { checkArn: false },
        }),
      },
    ]),
  );
  private readonly running = new Set<Promise<unknown>>();
  private server?: Server;

  constructor(private readonly settings: LocalSettings) {
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

  async start(): Promise<void> {
    this.server = await startAwsJsonServer(this.settings.host, this.settings.ports.stepFunctions, {
      StartExecution: async (input) => this.startExecution(input),
      DescribeExecution: async (input) => this.describe(String(input.executionArn)),
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

  /** Resolves when no execution is running (tests and shutdown wait on it). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  async stop(): Promise<void> {
    await new Promise((r) => this.server?.close(r));
  }

  private machineOf(arn: string): LocalMachine {
    const machine = this.machines.get(arn);
    if (!machine)
      throw new AwsServiceError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`);
    return machine;
  }

  private startExecution(input: Record<string, unknown>) {
    const stateMachineArn = String(input.stateMachineArn ?? '');
    this.machineOf(stateMachineArn);
    const name = String(input.name ?? crypto.randomUUID());
    const payload = String(input.input ?? '{}');
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
    this.run(execution);
    return { executionArn, startDate: execution.startDate };
  }

  private run(execution: Execution): void {
    const { definition, runner } = this.machineOf(execution.stateMachineArn);
    const taskHandlers = Object.fromEntries(
      Object.entries(definition.tasks).map(([state, module]) => [
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
    const done = runner
      .run(JSON.parse(execution.input), {
        overrides: { taskResourceLocalHandlers: taskHandlers as never, retryIntervalOverrides: {} },
        context: { Execution: { Id: execution.executionArn, Name: execution.name } } as never,
      })
      .result.then(
        (output) => Object.assign(execution, { status: 'SUCCEEDED', output: JSON.stringify(output) }),
        (error: Error) =>
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
    const execution = this.executions.get(arn);
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
