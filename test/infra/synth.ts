/**
 * Synthesizes the app once for a test file: no bundling (functions get placeholder code), no
 * CloudFormation validator, and cdk-nag findings written to the report instead of thrown.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

/** A synthesized app with its templates and validation report. */
export interface Synthesized extends PynomalyApp {
  statefulTemplate: Template;
  statelessTemplate: Template;
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
  return {
    ...built,
    statefulTemplate: Template.fromStack(built.stateful),
    statelessTemplate: Template.fromStack(built.stateless),
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
}

/** The template's resources of one type, by logical id. */
export function resourcesOf(template: Template, type: string): Record<string, CfnResource> {
  return template.findResources(type) as Record<string, CfnResource>;
}

/** The one resource of a type whose logical id starts with `prefix`; throws when there is none. */
export function resourceNamed(template: Template, type: string, prefix: string): CfnResource {
  const found = Object.entries(resourcesOf(template, type)).find(([id]) => id.startsWith(prefix));
  if (!found) throw new Error(`No ${type} whose id starts with ${prefix}`);
  return found[1];
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

/** The statements of every AWS::IAM::Policy attached to a role whose logical id starts with `rolePrefix`. */
export function statementsOfRole(template: Template, rolePrefix: string): Statement[] {
  return Object.values(resourcesOf(template, 'AWS::IAM::Policy'))
    .filter((policy) =>
      (policy.Properties.Roles as { Ref: string }[]).some((role) => role.Ref.startsWith(rolePrefix)),
    )
    .flatMap((policy) => (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
}
