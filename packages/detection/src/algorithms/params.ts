import { ValidationError } from '../../../core/src/errors';
import type { ParameterSpec, ParameterValue } from './types';

/** The `contamination` parameter every detector shares. */
export const CONTAMINATION: ParameterSpec = {
  name: 'contamination',
  type: 'float',
  default: 'auto',
  min: 0,
  minExclusive: true,
  max: 0.5,
  values: ['auto'],
  description:
    "Expected share of anomalies: 'auto' flags rows beyond the Tukey upper fence of the training scores; " +
    'a number in (0, 0.5] flags that share of the training rows.',
};

/** The `standardize` parameter of the distance-based detectors. */
export const STANDARDIZE: ParameterSpec = {
  name: 'standardize',
  type: 'bool',
  default: true,
  description: 'Z-score the features first, so that large units do not dominate distances.',
};

/**
 * Checks caller parameters against an algorithm's specs and fills in defaults. Every
 * problem is collected, so one ValidationError names all offending fields at once.
 */
export function resolveParams(
  algorithm: string,
  specs: readonly ParameterSpec[],
  params: Readonly<Record<string, unknown>>,
): Record<string, ParameterValue> {
  const issues: Array<{ field: string; message: string }> = [];
  const known = new Set(specs.map((s) => s.name));
  for (const key of Object.keys(params)) {
    if (!known.has(key) && params[key] !== undefined) {
      issues.push({ field: key, message: `unknown parameter of ${algorithm}` });
    }
  }
  const out: Record<string, ParameterValue> = {};
  for (const spec of specs) {
    const value = params[spec.name] ?? spec.default;
    const problem = checkValue(spec, value);
    if (problem) issues.push({ field: spec.name, message: problem });
    else out[spec.name] = value as ParameterValue;
  }
  if (issues.length > 0) {
    throw new ValidationError(
      `invalid parameters for ${algorithm}: ${issues.map((i) => i.field).join(', ')}`,
      issues,
    );
  }
  return out;
}

function checkValue(spec: ParameterSpec, value: unknown): string | undefined {
  if (spec.type === 'bool') return typeof value === 'boolean' ? undefined : 'expected true or false';
  if (spec.type === 'enum') {
    return typeof value === 'string' && spec.values?.includes(value)
      ? undefined
      : `expected one of ${spec.values?.join(', ')}`;
  }
  if (typeof value === 'string' && spec.values?.includes(value)) return undefined;
  const literals = spec.values?.length ? `'${spec.values.join("', '")}' or ` : '';
  const lo = spec.min === undefined ? '' : `${spec.minExclusive ? '>' : '≥'} ${spec.min}`;
  const hi = spec.max === undefined ? '' : `≤ ${spec.max}`;
  const range = [lo, hi].filter(Boolean).join(' and ');
  const expected = `expected ${literals}${spec.type === 'int' ? 'an integer' : 'a number'}${range ? ` ${range}` : ''}`;
  if (typeof value !== 'number' || !Number.isFinite(value)) return expected;
  if (spec.type === 'int' && !Number.isInteger(value)) return expected;
  if (spec.min !== undefined && (spec.minExclusive ? value <= spec.min : value < spec.min)) return expected;
  if (spec.max !== undefined && value > spec.max) return expected;
  return undefined;
}
