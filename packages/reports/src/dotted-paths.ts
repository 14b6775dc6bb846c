/**
 * The leaves of a nested value as `[dotted.path, value]` rows, depth first, at most `maxRows`
 * of them and no deeper than `maxDepth` (a deeper value is one row): how the exports list a
 * triage or provenance that has no fixed shape.
 */
export function dottedPaths(
  value: unknown,
  limits: { maxRows: number; maxDepth: number },
): Array<[path: string, value: unknown]> {
  const rows: Array<[string, unknown]> = [];
  const walk = (node: unknown, path: string, depth: number): void => {
    if (rows.length >= limits.maxRows) return;
    if (node !== null && typeof node === 'object' && depth < limits.maxDepth) {
      const entries = Array.isArray(node)
        ? node.map((v, i) => [String(i), v] as const)
        : Object.entries(node);
      for (const [key, child] of entries) walk(child, path ? `${path}.${key}` : key, depth + 1);
      return;
    }
    rows.push([path, node]);
  };
  walk(value, '', 0);
  return rows;
}
