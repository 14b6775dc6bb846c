/**
 * EventBridge event-pattern matching for the patterns the product's rules use: exact values,
 * `prefix`, `suffix`, `exists` and `anything-but`, nested to any depth. A field matches
 * when its value (or any element of an array value) matches one entry of the pattern array.
 */
type Matcher = unknown;

function matchesValue(value: unknown, matcher: Matcher): boolean {
  if (matcher === null || typeof matcher !== 'object') return value === matcher;
  const rule = matcher as Record<string, unknown>;
  if ('prefix' in rule) return typeof value === 'string' && value.startsWith(String(rule.prefix));
  if ('suffix' in rule) return typeof value === 'string' && value.endsWith(String(rule.suffix));
  if ('anything-but' in rule) {
    const excluded = Array.isArray(rule['anything-but']) ? rule['anything-but'] : [rule['anything-but']];
    return value !== undefined && !excluded.includes(value);
  }
  return false;
}

export function matchesPattern(event: unknown, pattern: Record<string, unknown>): boolean {
  if (event === null || typeof event !== 'object') return false;
  const fields = event as Record<string, unknown>;
  return Object.entries(pattern).every(([field, expected]) => {
    const value = fields[field];
    if (Array.isArray(expected)) {
      return expected.some((m) => {
        if (m !== null && typeof m === 'object' && 'exists' in m)
          return (value !== undefined) === (m as { exists: boolean }).exists;
        const candidates = Array.isArray(value) ? value : [value];
        return candidates.some((v) => matchesValue(v, m));
      });
    }
    return matchesPattern(value, expected as Record<string, unknown>);
  });
}

/** Replaces `${Name}` placeholders in every string of a pattern. */
export function substitute<T>(pattern: T, values: Record<string, string>): T {
  return JSON.parse(
    JSON.stringify(pattern).replace(/\$\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole),
  ) as T;
}
