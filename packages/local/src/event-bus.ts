import { randomUUID } from 'node:crypto';
import { appendFileSync, mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { type EventRuleDefinition, eventRules } from '../../../functions/events/rules';
import { machines, stateMachineArnPlaceholder } from '../../../functions/pipeline/machines';
import { startAwsJsonServer } from './aws-json-server';
import type { S3NotificationRecord } from './emulators/s3';
import { matchesPattern, substitute } from './event-pattern';
import { invokeFunction } from './lambda-runtime';
import type { LocalSettings } from './settings';
import { type ExecutionStatusChange, localStateMachineArn } from './step-functions';

export interface BusEvent {
  version: '0';
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: Record<string, unknown>;
}

const RETRY_DELAYS_MS = [200, 1000, 3000];

/**
 * The local EventBridge: the default bus (S3 notifications, Step Functions status changes) and
 * the product bus (PutEvents), each delivering matching events to the rule's consumer with the
 * rules of functions/events/rules.ts. Deliveries that keep failing land in
 * `<home>/events/dlq.ndjson`.
 */
export class LocalEventBus {
  private readonly rules: EventRuleDefinition[];
  private readonly deliveries = new Set<Promise<void>>();
  private readonly dlq: string;
  private server?: Server;
  /** Every event published, for tests to inspect. */
  readonly published: BusEvent[] = [];

  constructor(private readonly settings: LocalSettings) {
    this.rules = eventRules.map((r) => ({
      ...r,
      pattern: substitute(r.pattern, {
        BucketName: settings.bucket,
        ...Object.fromEntries(
          machines.map((m) => [stateMachineArnPlaceholder(m.name), localStateMachineArn(m.name)]),
        ),
      }),
    }));
    mkdirSync(join(settings.home, 'events'), { recursive: true });
    this.dlq = join(settings.home, 'events', 'dlq.ndjson');
  }

  async start(): Promise<void> {
    this.server = await startAwsJsonServer(this.settings.host, this.settings.ports.events, {
      PutEvents: async (input) => {
        const entries = (input.Entries as Array<Record<string, string>>) ?? [];
        const results = entries.map((entry) => {
          const event = this.envelope(
            entry.Source ?? '',
            entry.DetailType ?? '',
            JSON.parse(entry.Detail ?? '{}'),
          );
          this.publish(entry.EventBusName === 'default' ? 'default' : 'pynomaly', event);
          return { EventId: event.id };
        });
        return { FailedEntryCount: 0, Entries: results };
      },
    });
  }

  async stop(): Promise<void> {
    await new Promise((r) => this.server?.close(r));
  }

  /** S3's "Object Created" notification, as EventBridge delivers it from an S3 bucket. */
  fromS3(record: S3NotificationRecord): void {
    if (!record.eventName.startsWith('ObjectCreated')) return;
    const { bucket, object } = record.s3;
    this.publish(
      'default',
      this.envelope('aws.s3', 'Object Created', {
        version: '0',
        bucket: { name: bucket.name },
        object: {
          key: object.key,
          size: object.size,
          etag: object.eTag,
          sequencer: object.sequencer ?? Date.now().toString(16),
        },
        'request-id': randomUUID(),
        requester: '000000000000',
        reason: record.eventName === 'ObjectCreated:Put' ? 'PutObject' : 'CompleteMultipartUpload',
      }),
      [`arn:aws:s3:::${bucket.name}`],
    );
  }

  /** Step Functions' "Execution Status Change", as EventBridge delivers it on the default bus. */
  fromStepFunctions(change: ExecutionStatusChange): void {
    this.publish(
      'default',
      this.envelope('aws.states', 'Step Functions Execution Status Change', { ...change }),
      [change.executionArn],
    );
  }

  get busy(): boolean {
    return this.deliveries.size > 0;
  }

  /** Resolves when every delivery under way has finished. */
  async idle(): Promise<void> {
    while (this.deliveries.size > 0) await Promise.allSettled([...this.deliveries]);
  }

  private envelope(
    source: string,
    detailType: string,
    detail: Record<string, unknown>,
    resources: string[] = [],
  ): BusEvent {
    return {
      version: '0',
      id: randomUUID(),
      'detail-type': detailType,
      source,
      account: '000000000000',
      time: new Date().toISOString(),
      region: this.settings.region,
      resources,
      detail,
    };
  }

  private publish(bus: 'default' | 'pynomaly', event: BusEvent, resources?: string[]): void {
    if (resources) event.resources = resources;
    this.published.push(event);
    for (const rule of this.rules) {
      if (rule.bus !== bus || !matchesPattern(event, rule.pattern)) continue;
      const delivery = this.deliver(rule, event).finally(() => this.deliveries.delete(delivery));
      this.deliveries.add(delivery);
    }
  }

  private async deliver(rule: EventRuleDefinition, event: BusEvent): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        await invokeFunction(rule.handler, event);
        return;
      } catch (error) {
        const delay = RETRY_DELAYS_MS[attempt];
        if (delay === undefined) {
          console.error(`event ${event.id} to ${rule.handler} failed for good: ${(error as Error).message}`);
          appendFileSync(
            this.dlq,
            `${JSON.stringify({ rule: rule.id, event, error: (error as Error).message })}\n`,
          );
          return;
        }
        await new Promise((r) => setTimeout(r, delay));
      }
    }
  }
}
