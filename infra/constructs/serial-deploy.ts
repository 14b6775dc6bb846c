/**
 * A first deploy creates a hundred-odd API Gateway resources and methods. Created in parallel
 * (every route stack at once, every resource of a stack at once) they hit API Gateway's
 * control-plane throttle: 429 Too Many Requests, a failed stack and often a failed rollback
 * (aws-cdk#15573). So the route stacks are created one after another, and inside each the
 * API Gateway resources and methods one at a time.
 */
import { CfnResource, type NestedStack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

const API_GATEWAY_TYPES = new Set(['AWS::ApiGateway::Resource', 'AWS::ApiGateway::Method']);

/** The API Gateway resources and methods defined under a construct, in definition order. */
export function apiGatewayElements(scope: IConstruct): CfnResource[] {
  return scope.node
    .findAll()
    .filter((c): c is CfnResource => c instanceof CfnResource && API_GATEWAY_TYPES.has(c.cfnResourceType));
}

/** Chains each stack after the one before it, and each API Gateway element after the one before. */
export function deployOneAtATime(stacks: readonly NestedStack[]): void {
  stacks.forEach((stack, i) => {
    const previous = stacks[i - 1];
    if (previous) stack.node.addDependency(previous);
    const elements = apiGatewayElements(stack);
    elements.forEach((element, k) => {
      const before = elements[k - 1];
      if (before) element.addResourceDependency(before);
    });
  });
}
