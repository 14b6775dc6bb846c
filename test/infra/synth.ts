/**
 * Synthesizes the app once for a test file: no bundling (functions get placeholder code), no
 * CloudFormation validator, and cdk-nag findings written to the report instead of thrown.
 * The route functions and methods live in nested stacks; `statelessTree` shows the stateless
 * stack with its nested stacks inlined, so assertions see the API as CloudFormation builds it.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NestedStack, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { createPynomalyApp, type PynomalyApp } from '../../infra/pynomaly-app';

/** One cdk-nag finding as CDK's validation report lists it. */
export interface Violation {
  ruleName: string;
  severity: string;
  violatingConstructs: { constructPath: string }[];
}

/** CDK's validation-report.json. */
export interface ValidationReport {
  pluginReports: { pluginName: string; conclusion: string; violations: Violation[] }[];
}

/** One synthesized template of the cloud assembly. */
export interface StackTemplate {
  /** The stack's construct path, e.g. `PynomalyStateless/Api/Routes/Auth`. */
  path: string;
  /** Whether it is a nested stack. */
  nested: boolean;
  /** The template as written to the assembly. */
  json: CfnTemplate;
}

/** A synthesized app with its templates and validation report. */
export interface Synthesized extends PynomalyApp {
  statefulTemplate: Template;
  /** The stateless stack's own template: API, stage, authorizer, pipeline, consumers. */
  statelessTemplate: Template;
  /**
   * The stateless stack with every nested stack's resources added, their parameters replaced
   * by what the parent passes (so a route method's `AuthorizerId` reads `{ Ref: <authorizer> }`
   * as it would in one template). Logical ids are unique across the stacks, or this throws.
   */
  statelessTree: Template;
  /** Every template in the cloud assembly, nested stacks included. */
  stackTemplates: StackTemplate[];
  report: ValidationReport;
  /** Remove the cloud assembly directory. */
  cleanup(): void;
}

/**
 * Build and synthesize the app. `extend` runs before synthesis, for tests that add constructs.
 */
export function synthesize(
  context: Record<string, unknown> = {},
  extend: (app: PynomalyApp) => void = () => {},
): Synthesized {
  const outdir = mkdtempSync(join(tmpdir(), 'pynomaly-cdk-'));
  const built = createPynomalyApp({
    outdir,
    builtinCloudFormationValidation: false,
    context: {
      'aws:cdk:bundling-stacks': [],
      '@aws-cdk/core:failSynthOnValidationErrors': false,
      ...context,
    },
  });
  extend(built);
  const assembly = built.app.synth();
  const stacks = built.app.node.findAll().filter((construct): construct is Stack => Stack.isStack(construct));
  return {
    ...built,
    statefulTemplate: Template.fromStack(built.stateful),
    statelessTemplate: Template.fromStack(built.stateless),
    statelessTree: templateTree(built.stateless, assembly.directory),
    stackTemplates: stacks.map((stack) => ({
      path: stack.node.path,
      nested: NestedStack.isNestedStack(stack),
      json: readTemplate(stack, assembly.directory),
    })),
    report: JSON.parse(
      readFileSync(join(assembly.directory, 'validation-report.json'), 'utf8'),
    ) as ValidationReport,
    cleanup: () => rmSync(outdir, { recursive: true, force: true }),
  };
}

/** A CloudFormation resource as in a template. */
export interface CfnResource {
  Type: string;
  Properties: Record<string, unknown>;
  DependsOn?: string | string[];
}

/** The parts of a template the tests read. */
export interface CfnTemplate {
  Resources: Record<string, CfnResource>;
  Parameters?: Record<string, unknown>;
  Outputs?: Record<string, { Value: unknown }>;
  [section: string]: unknown;
}

/**
 * A synthesized stack's template with its nested stacks inlined (as `statelessTree`), read from
 * the cloud assembly in `assemblyDirectory`.
 */
export function templateTree(stack: Stack, assemblyDirectory: string): Template {
  return Template.fromJSON(inlineNestedStacks(stack, (s) => readTemplate(s, assemblyDirectory)));
}

/** A stack's template as written to the cloud assembly. */
function readTemplate(stack: Stack, assemblyDirectory: string): CfnTemplate {
  return JSON.parse(readFileSync(join(assemblyDirectory, stack.templateFile), 'utf8')) as CfnTemplate;
}

/**
 * `stack`'s template with the resources of its nested stacks (recursively) added. A nested
 * template's `{ Ref: <parameter> }` becomes the value the parent passes, and a value passed from
 * a sibling's output becomes that output's value.
 */
function inlineNestedStacks(stack: Stack, read: (stack: Stack) => CfnTemplate): CfnTemplate {
  const template = read(stack);
  const resources = { ...template.Resources };
  const children = directNestedStacks(stack);
  const logicalIdOf = (child: NestedStack) => stack.resolve(child.nestedStackResource?.logicalId) as string;
  const inlined = new Map(children.map((child) => [logicalIdOf(child), inlineNestedStacks(child, read)]));

  // A parent-side value, with a sibling's output (Fn::GetAtt <stack>.Outputs.X) looked through.
  const lookThrough = (value: unknown): unknown => {
    const getAtt = (value as { 'Fn::GetAtt'?: [string, string] } | null)?.['Fn::GetAtt'];
    const sibling = getAtt && inlined.get(getAtt[0]);
    if (!getAtt || !sibling || !getAtt[1].startsWith('Outputs.')) return value;
    const output = sibling.Outputs?.[getAtt[1].slice('Outputs.'.length)];
    if (!output) throw new Error(`No output ${getAtt[1]} in ${getAtt[0]}`);
    return lookThrough(replaceParameters(output.Value, parametersOf(getAtt[0])));
  };
  const parametersOf = (logicalId: string): Record<string, unknown> => {
    const passed = (template.Resources[logicalId]?.Properties.Parameters ?? {}) as Record<string, unknown>;
    return Object.fromEntries(Object.entries(passed).map(([name, value]) => [name, lookThrough(value)]));
  };

  for (const [logicalId, child] of inlined) {
    const parameters = parametersOf(logicalId);
    for (const [id, resource] of Object.entries(child.Resources)) {
      if (id in resources) throw new Error(`Logical id ${id} is used in more than one stack`);
      resources[id] = replaceParameters(resource, parameters) as CfnResource;
    }
  }
  return { ...template, Resources: resources };
}

/** The nested stacks whose parent is `stack`. */
function directNestedStacks(stack: Stack): NestedStack[] {
  return stack.node
    .findAll()
    .filter(
      (construct): construct is NestedStack =>
        NestedStack.isNestedStack(construct) && construct.nestedStackParent === stack,
    );
}

/** `node` with every `{ Ref: <name> }` of `parameters` replaced by its value. */
function replaceParameters(node: unknown, parameters: Record<string, unknown>): unknown {
  if (Array.isArray(node)) return node.map((item) => replaceParameters(item, parameters));
  if (typeof node !== 'object' || node === null) return node;
  const entries = Object.entries(node);
  const [first] = entries;
  if (
    entries.length === 1 &&
    first?.[0] === 'Ref' &&
    typeof first[1] === 'string' &&
    first[1] in parameters
  ) {
    return parameters[first[1]];
  }
  return Object.fromEntries(entries.map(([key, value]) => [key, replaceParameters(value, parameters)]));
}

/** The template's resources of one type, by logical id. */
export function resourcesOf(template: Template, type: string): Record<string, CfnResource> {
  return template.findResources(type) as Record<string, CfnResource>;
}

/** Whether a logical id starts with `prefix` or matches the pattern. */
function idMatches(id: string, prefix: string | RegExp): boolean {
  return typeof prefix === 'string' ? id.startsWith(prefix) : prefix.test(id);
}

/**
 * The one resource of a type whose logical id starts with `prefix` (or matches it); throws
 * when there is none.
 */
export function resourceNamed(template: Template, type: string, prefix: string | RegExp): CfnResource {
  const found = Object.entries(resourcesOf(template, type)).find(([id]) => idMatches(id, prefix));
  if (!found) throw new Error(`No ${type} whose id starts with ${prefix}`);
  return found[1];
}

/** The event rule whose pattern mentions `marker`, and the consumer function it targets. */
export function ruleWithConsumer(
  template: Template,
  marker: string,
): { rule: CfnResource; consumer: CfnResource } {
  const rule = Object.values(resourcesOf(template, 'AWS::Events::Rule')).find((r) =>
    JSON.stringify(r.Properties.EventPattern).includes(marker),
  );
  if (!rule) throw new Error(`No event rule whose pattern mentions ${marker}`);
  const [target] = rule.Properties.Targets as { Arn: { 'Fn::GetAtt': [string, string] } }[];
  const consumer = resourceNamed(template, 'AWS::Lambda::Function', target?.Arn['Fn::GetAtt'][0] ?? '-');
  return { rule, consumer };
}

/**
 * The logical id of a route's function or role in its route stack (`LoginFunction1A2B3C4D`):
 * the route id, the part, and CDK's 8-digit hash, so `Detect` does not match `DetectBatch`.
 */
export function routeLogicalId(routeId: string, part: 'Function' | 'Role'): RegExp {
  return new RegExp(`^${routeId}${part}[0-9A-F]{8}$`);
}

/** A function's environment variables. */
export function environmentOf(fn: CfnResource): Record<string, unknown> {
  return (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
}

/** An IAM policy statement as in a template. */
export interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
}

/**
 * The statements of every AWS::IAM::Policy attached to a role whose logical id starts with
 * `rolePrefix` (or matches it).
 */
export function statementsOfRole(template: Template, rolePrefix: string | RegExp): Statement[] {
  return Object.values(resourcesOf(template, 'AWS::IAM::Policy'))
    .filter((policy) =>
      (policy.Properties.Roles as { Ref: string }[]).some((role) => idMatches(role.Ref, rolePrefix)),
    )
    .flatMap((policy) => (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
}
