/**
 * CloudWatch alarms over everything the stack it is added to holds, nested route stacks
 * included, found by walking the construct tree so a new function, state machine or queue is
 * covered without being listed: the API stage's 5XX rate, each function's errors and
 * throttles, each state machine's failed and timed-out executions, each queue's depth (every
 * queue here is a dead-letter queue). Context `alarmTopicArn` names an SNS topic the alarms
 * notify; without it they only change state.
 */
import { Duration, Stack } from 'aws-cdk-lib';
import { RestApi } from 'aws-cdk-lib/aws-apigateway';
import {
  Alarm,
  ComparisonOperator,
  type IMetric,
  MathExpression,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct, type IConstruct } from 'constructs';
import { PynomalyFunction } from './lambda-function';

/** Share of a stage's requests answered 5XX, over five minutes, that raises the alarm. */
export const API_5XX_RATE_THRESHOLD = 0.05;

const PERIOD = Duration.minutes(5);

/** Properties of {@link Observability}. */
export interface ObservabilityProps {
  /**
   * ARN of the SNS topic alarms notify (on alarm and back to OK).
   * @default - context `alarmTopicArn`, else no action
   */
  readonly alarmTopicArn?: string;
}

/** Alarms over the stack's API stages, functions, state machines and queues. */
export class Observability extends Construct {
  /** Every alarm made, wherever it lives (a function's alarm sits beside it in its stack). */
  readonly alarms: Alarm[] = [];
  private readonly topicArn: string | undefined;

  constructor(scope: Construct, id: string, props: ObservabilityProps = {}) {
    super(scope, id);
    const topicArn = props.alarmTopicArn ?? this.node.tryGetContext('alarmTopicArn');
    this.topicArn = typeof topicArn === 'string' && topicArn !== '' ? topicArn : undefined;

    const all = Stack.of(this).node.findAll();
    for (const api of ofType(all, RestApi)) {
      const stage = api.deploymentStage;
      this.alarm(api, '5xxAlarm', {
        description: `More than ${API_5XX_RATE_THRESHOLD * 100}% of requests to stage ${stage.stageName} answered 5XX`,
        // 5XXError is 0 or 1 per request: its average is the rate.
        metric: stage.metricServerError({ statistic: 'Average', period: PERIOD }),
        threshold: API_5XX_RATE_THRESHOLD,
        evaluationPeriods: 3,
        datapointsToAlarm: 2,
      });
    }
    for (const fn of ofType(all, PynomalyFunction)) {
      // One alarm a function (two would double ~100 alarms); the route stacks stay far below 450 resources.
      this.alarm(fn, 'FaultsAlarm', {
        description: `${fn.function.node.path}: invocation errors or throttles`,
        metric: new MathExpression({
          expression: 'FILL(errors, 0) + FILL(throttles, 0)',
          usingMetrics: {
            errors: fn.function.metricErrors({ statistic: 'Sum', period: PERIOD }),
            throttles: fn.function.metricThrottles({ statistic: 'Sum', period: PERIOD }),
          },
          label: 'Errors + Throttles',
          period: PERIOD,
        }),
        threshold: 1,
        evaluationPeriods: 1,
      });
    }
    for (const machine of ofType(all, StateMachine)) {
      this.alarm(machine, 'FailedAlarm', {
        description: `${machine.node.path}: executions failed`,
        metric: machine.metricFailed({ statistic: 'Sum', period: PERIOD }),
        threshold: 1,
        evaluationPeriods: 1,
      });
      this.alarm(machine, 'TimedOutAlarm', {
        description: `${machine.node.path}: executions timed out`,
        metric: machine.metricTimedOut({ statistic: 'Sum', period: PERIOD }),
        threshold: 1,
        evaluationPeriods: 1,
      });
    }
    for (const queue of ofType(all, Queue)) {
      this.alarm(queue, 'DepthAlarm', {
        description: `${queue.node.path}: dead letters waiting`,
        metric: queue.metricApproximateNumberOfMessagesVisible({ statistic: 'Maximum', period: PERIOD }),
        threshold: 1,
        evaluationPeriods: 1,
      });
    }
  }

  /** An alarm at `threshold` or above, in `scope` (so in its stack), notifying the topic if any. */
  private alarm(
    scope: Construct,
    id: string,
    props: {
      description: string;
      metric: IMetric;
      threshold: number;
      evaluationPeriods: number;
      datapointsToAlarm?: number;
    },
  ): void {
    const alarm = new Alarm(scope, id, {
      ...props,
      comparisonOperator:
        props.threshold < 1
          ? ComparisonOperator.GREATER_THAN_THRESHOLD
          : ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    if (this.topicArn) {
      const action = new SnsAction(alarmTopic(scope, this.topicArn));
      alarm.addAlarmAction(action);
      alarm.addOkAction(action);
    }
    this.alarms.push(alarm);
  }
}

/** The imported topic, once per stack, so no reference crosses into a nested stack. */
function alarmTopic(scope: Construct, arn: string) {
  const stack = Stack.of(scope);
  const id = 'PynomalyAlarmTopic';
  return (
    (stack.node.tryFindChild(id) as ReturnType<typeof Topic.fromTopicArn> | undefined) ??
    Topic.fromTopicArn(stack, id, arn)
  );
}

function ofType<T>(constructs: IConstruct[], type: abstract new (...args: never[]) => T): T[] {
  return constructs.filter((construct): construct is IConstruct & T => construct instanceof type);
}
