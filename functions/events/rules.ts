/**
 * Event rules: which events start which consumer. The CDK events construct turns each entry
 * into an EventBridge rule; the local event bus matches the same patterns in process.
 */
import { DROP_PREFIX } from '@pynomaly/core';

export interface EventRuleDefinition {
  id: string;
  description: string;
  /** `default` is the account bus that S3 notifications arrive on; `pynomaly` is the product's bus. */
  bus: 'default' | 'pynomaly';
  /** An EventBridge event pattern; `${BucketName}` is replaced by the data bucket's name. */
  pattern: Record<string, unknown>;
  /** Consumer handler module under `functions/`. */
  handler: string;
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
];
