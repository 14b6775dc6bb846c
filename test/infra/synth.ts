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
    report: JSON.parse(readFileSync(join(assembly.directory, 'validation-report.json'), 'utf8')) as ValidationReport,
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
