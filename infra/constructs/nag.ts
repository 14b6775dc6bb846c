/**
 * cdk-nag acknowledgements in one vocabulary. Every acknowledgement names one rule (IAM5 one
 * finding) and says why; `test/infra/nag.test.ts` fails on an empty reason.
 */
import { Stack, Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/**
 * Acknowledge an AwsSolutions finding on `scope` and everything under it.
 *
 * @param rule the rule suffix, e.g. `L1`, or `IAM5[Resource::*]` for one IAM5 finding
 */
export function acknowledge(scope: IConstruct, rule: string, reason: string): void {
  Validations.of(scope).acknowledge({ id: `AwsSolutions-${rule}`, reason });
}

/**
 * The IAM5 finding id for `<arn><suffix>` as the consumer's template renders it. An ARN from
 * another stack arrives as `Fn::ImportValue`; asking the producer for the export now (CDK reuses
 * that same export for the reference) gives its name at construction time, so the finding can
 * be acknowledged exactly instead of with a rule-wide wildcard.
 */
export function wildcardResourceFinding(
  consumer: IConstruct,
  producer: IConstruct,
  arn: string,
  suffix: string,
): string {
  const consumerStack = Stack.of(consumer);
  const producerStack = Stack.of(producer);
  const value = producerStack === consumerStack ? arn : producerStack.exportValue(arn);
  return `IAM5[Resource::${flatten(consumerStack.resolve(`${value}${suffix}`))}]`;
}

/** cdk-nag's rendering of a CloudFormation reference (utils/flatten-cfn-reference in cdk-nag 3). */
function flatten(node: unknown): string {
  if (typeof node === 'string') return node.replace(/\$\{/g, '<').replace(/\}/g, '>');
  if (typeof node === 'object' && node !== null) {
    const fn = node as Record<string, unknown>;
    if (Array.isArray(fn['Fn::Join'])) {
      const [delimiter, items] = fn['Fn::Join'] as [string, unknown[]];
      return items.map(flatten).join(delimiter);
    }
    if ('Fn::ImportValue' in fn) return flatten(fn['Fn::ImportValue']);
    if (Array.isArray(fn['Fn::GetAtt'])) {
      const [resource, attribute] = fn['Fn::GetAtt'] as [unknown, unknown];
      return `<${flatten(resource)}.${flatten(attribute)}>`;
    }
    if ('Ref' in fn) return `<${flatten(fn.Ref)}>`;
  }
  return JSON.stringify(node);
}
