/**
 * Event rules: which events start which consumer. The CDK events construct turns each entry
 * into an EventBridge rule; the local event bus matches the same patterns in process.
 */
import {
  alertTriggered,
  DROP_PREFIX,
  detectionCompleted,
  FORM_UPLOAD_PREFIX,
  productEventSources,
  productEventTypes,
  trainingCompleted,
} from '@pynomaly/core';
import { machines, stateMachineArnPlaceholder } from '../pipeline/machines';

export interface EventRuleDefinition {
  id: string;
  description: string;
  /** `default` is the account bus that S3 notifications arrive on; `pynomaly` is the product's bus. */
  bus: 'default' | 'pynomaly';
  /**
   * An EventBridge event pattern; `${BucketName}` is replaced by the data bucket's name and
   * `${<Machine>StateMachineArn}` (functions/pipeline/machines.ts) by that state machine's ARN.
   */
  pattern: Record<string, unknown>;
  /** Consumer handler module under `functions/`. */
  handler: string;
  /** Lambda memory in MB. @default 512 */
  memoryMb?: number;
  /** Lambda timeout in seconds. @default 30 */
  timeoutSeconds?: number;
}

export const eventRules: readonly EventRuleDefinition[] = [
  {
    id: 'ObjectDropped',
    description: 'Starts an analysis for each workbook written under incoming/<tenant>/',
    bus: 'default',
    pattern: {
      source: ['aws.s3'],
      'detail-type': ['Object Created'],
      // A placeholder for the bucket's name, filled in by the CDK stack and by the local bus.
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a CloudFormation-style placeholder, not a template
      detail: { bucket: { name: ['${BucketName}'] }, object: { key: [{ prefix: DROP_PREFIX }] } },
    },
    handler: 'events/on-object-created',
  },
  {
    id: 'FormUploaded',
    description: 'Receives each workbook upload form API Gateway stored under uploads/form/<tenant>/',
    bus: 'default',
    pattern: {
      source: ['aws.s3'],
      'detail-type': ['Object Created'],
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a CloudFormation-style placeholder, not a template
      detail: { bucket: { name: ['${BucketName}'] }, object: { key: [{ prefix: FORM_UPLOAD_PREFIX }] } },
    },
    handler: 'events/on-form-uploaded',
    // It holds a 10 MB form and its workbook and reads a row-bomb to its limit: what the upload
    // route had (1024 MB), with room beyond a request's 29 s.
    memoryMb: 1024,
    timeoutSeconds: 120,
  },
  {
    id: 'ExecutionEnded',
    description:
      'Fails the record of an execution of ours that timed out, was stopped or failed outside any Catch',
    bus: 'default',
    pattern: {
      source: ['aws.states'],
      'detail-type': ['Step Functions Execution Status Change'],
      detail: {
        status: ['FAILED', 'TIMED_OUT', 'ABORTED'],
        // Each state machine of functions/pipeline/machines.ts, its ARN filled in like the bucket's name.
        stateMachineArn: machines.map((m) => `\${${stateMachineArnPlaceholder(m.name)}}`),
      },
    },
    handler: 'events/on-execution-ended',
  },
  {
    id: 'ProductEventPublished',
    description: 'Delivers each catalogued product event to the webhooks of its tenant that subscribe to it',
    bus: 'pynomaly',
    pattern: { source: productEventSources, 'detail-type': productEventTypes },
    handler: 'events/on-product-event',
  },
  {
    id: 'AlertTriggered',
    description: 'Broadcasts each alert to the open live WebSocket connections of its tenant',
    bus: 'pynomaly',
    pattern: { source: [alertTriggered.source], 'detail-type': [alertTriggered.detailType] },
    handler: 'events/on-alert-triggered',
  },
  {
    id: 'SubscriptionEvent',
    description:
      "Sends each completed detection's anomalies and each completed training to the tenant's GraphQL subscribers",
    bus: 'pynomaly',
    pattern: {
      source: [detectionCompleted.source],
      'detail-type': [detectionCompleted.detailType, trainingCompleted.detailType],
    },
    handler: 'events/on-subscription-event',
  },
];
