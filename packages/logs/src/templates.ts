import { isIP } from 'node:net';

/** Result of mining a batch of log lines into Drain templates. */
export interface MinedTemplates {
  /** Template id of each line, -1 where the line was null/blank. */
  ids: Int32Array;
  /** Templates in id order: the final template text (variable tokens as `<*>`), how many lines it has and the first line index that produced it. */
  templates: Array<{ id: number; template: string; count: number; firstLine: number }>;
}

/** Tuning knobs of the Drain parse tree. */
export interface MineOptions {
  /** Depth of the parse tree counting the length level and the leaf, so `depth - 2` leading tokens route a line. @default 4 */
  depth?: number;
  /** Share of positions that must match (a template `<*>` matches anything) for a line to join a cluster. @default 0.5 */
  similarity?: number;
  /** Most children an inner node may have before further tokens are routed through its `<*>` child. @default 100 */
  maxChildren?: number;
}

const WILDCARD = '<*>';
/**
 * Lines are cut here: a pathological multi-megabyte line would otherwise be stored whole as
 * its own template, and nothing useful for grouping lives that far into a line.
 */
const MAX_LINE_CHARS = 4_096;

/**
 * Drain compares a line with every cluster of its leaf, which turns quadratic when a leaf fills
 * with thousands of unrelated lines (random or hostile input). Past this many clusters, lines
 * that match none of them share one catch-all cluster instead, keeping the existing templates
 * intact and the cost per line bounded.
 */
const MAX_CLUSTERS_PER_LEAF = 256;

const WHITESPACE = /\s+/;
const IPV4 = /^(?:\d{1,3}\.){3}\d{1,3}(?::\d{1,5})?$/;
const IPV6_CHARS = /^[0-9a-f:.]*:[0-9a-f:.]*:[0-9a-f:.]*$/i;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// The digit look-ahead keeps plain words such as "deadbeef" or "accepted" from being masked.
const HEX = /^(?:0x[0-9a-f]+|(?=[a-f]*\d)[0-9a-f]{8,})$/i;
const NUMBER = /^[-+]?(?:\d+(?:[.,]\d+)?|\.\d+)(?:e[-+]?\d+)?(?:[a-zµ%]{1,3}(?:\/s)?)?$/i;
const TIME = /^\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}(?:[T_]\d{2}:\d{2}(?::\d{2})?(?:[.,]\d+)?(?:z|[-+]\d{2}:?\d{2})?)?$/i;
const EMAIL = /^[\w.+-]+@[\w-]+(?:\.[\w-]+)+$/;
const URL = /^[a-z][a-z0-9+.-]*:\/\/\S+$/i;
const PATH = /^(?:[a-z]:|~|\.{1,2})?(?:\/[^/]*){2,}$/i;
const KEY_VALUE = /^([A-Za-z_][\w.-]*[:=])(.+)$/;
const PID = /^([A-Za-z_][\w.\-/]*)\[\d+\]$/;
const LEADING_WRAP = '(["\'<{';
const TRAILING_WRAP = ')]}>"\'';

function isVariable(core: string): boolean {
  const c = core.charCodeAt(0);
  const startsNumeric = (c >= 48 && c <= 57) || c === 45 || c === 43 || c === 46;
  if (startsNumeric) {
    if (NUMBER.test(core) || IPV4.test(core) || TIME.test(core) || DATE_TIME.test(core)) return true;
  }
  if (core.includes(':') && IPV6_CHARS.test(core) && isIP(core) === 6) return true;
  if (URL.test(core) || UUID.test(core) || HEX.test(core) || EMAIL.test(core)) return true;
  return PATH.test(core);
}

/** The masked form of a bracket-free token, or null when it is a constant. */
function maskCore(core: string): string | null {
  if (core === '' || core === WILDCARD) return null;
  if (isVariable(core)) return WILDCARD;
  const kv = KEY_VALUE.exec(core);
  // `key:value` only counts when the value is clearly variable, so "pam_unix(sshd:auth)" stays put.
  if (kv?.[1] && kv[2] !== undefined) {
    if (kv[1].endsWith('=') || isVariable(kv[2])) return kv[1] + WILDCARD;
  }
  const pid = PID.exec(core);
  return pid ? `${pid[1]}[${WILDCARD}]` : null;
}

function hasMaskableChar(token: string): boolean {
  for (let i = 0; i < token.length; i++) {
    const c = token.charCodeAt(i);
    // digit, '/', '@', '=' or ':' — a token without any of these can only be a constant word.
    if ((c >= 48 && c <= 57) || c === 47 || c === 64 || c === 61 || c === 58) return true;
  }
  return false;
}

/** Masks one whitespace-delimited token; null drops it (a token made only of `,;:`). */
function maskToken(raw: string): string | null {
  let end = raw.length;
  // "fe80::" is an address, not an address followed by a colon.
  if (!raw.endsWith('::')) {
    while (end > 0) {
      const ch = raw.charCodeAt(end - 1);
      if (ch !== 44 && ch !== 59 && ch !== 58) break;
      end--;
    }
  }
  if (end === 0) return null;
  const token = end === raw.length ? raw : raw.slice(0, end);
  if (!hasMaskableChar(token)) return token;

  const direct = maskCore(token);
  if (direct !== null) return direct;

  let start = 0;
  let stop = token.length;
  while (start < stop && LEADING_WRAP.includes(token[start] as string)) start++;
  while (stop > start && TRAILING_WRAP.includes(token[stop - 1] as string)) stop--;
  // A sentence-final "." or "!" after a value ("from 1.2.3.4.") should not hide the value.
  let tail = stop;
  while (tail > start && '.!?,;:'.includes(token[tail - 1] as string)) tail--;
  if (start > 0 || stop < token.length) {
    const masked = maskCore(token.slice(start, stop));
    if (masked !== null) return token.slice(0, start) + masked + token.slice(stop);
  }
  if (tail < stop) {
    const masked = maskCore(token.slice(start, tail));
    if (masked !== null) return token.slice(0, start) + masked + token.slice(tail);
  }
  return token;
}

/**
 * Tokens of a line after masking, as Drain sees them (exported for tests and explanations).
 * Splits on whitespace, drops trailing `,;:` and replaces IPs (with port), IPv6, hex ids,
 * numbers with units, times, UUIDs, e-mails, URLs, paths, `key=` values and `name[pid]` pids
 * with `<*>`, keeping surrounding brackets.
 */
export function tokenizeLine(line: string): string[] {
  const text = line.length > MAX_LINE_CHARS ? line.slice(0, MAX_LINE_CHARS) : line;
  const out: string[] = [];
  for (const raw of text.trim().split(WHITESPACE)) {
    if (raw === '') continue;
    const token = maskToken(raw);
    if (token !== null) out.push(token);
  }
  return out;
}

interface Cluster {
  id: number;
  /** Template tokens as vocabulary codes, 0 being `<*>`: integer compares are much cheaper than string ones. */
  codes: Int32Array;
  /** Positions of the template that are not `<*>`, for the tie-break towards specific templates. */
  fixed: number;
  count: number;
  firstLine: number;
}

interface TreeNode {
  children: Map<string, TreeNode>;
  clusters: Cluster[];
  /** Catch-all for lines that match nothing once the leaf is full. */
  overflow: Cluster | null;
}

const newNode = (): TreeNode => ({ children: new Map(), clusters: [], overflow: null });

function hasDigit(token: string): boolean {
  for (let i = 0; i < token.length; i++) {
    const c = token.charCodeAt(i);
    if (c >= 48 && c <= 57) return true;
  }
  return false;
}

/**
 * Follows (and grows) the prefix levels of the tree like Drain3's add_seq_to_prefix_tree: the
 * last free slot of a full node is kept for `<*>` so an unbounded vocabulary cannot blow up the
 * fan-out.
 */
function leafFor(root: TreeNode, tokens: readonly string[], levels: number, maxChildren: number): TreeNode {
  let node = root;
  for (let i = 0; i < levels; i++) {
    const token = tokens[i] as string;
    const children = node.children;
    let next = children.get(token);
    if (next === undefined) {
      let key = WILDCARD;
      if (!hasDigit(token)) {
        const hasWildcard = children.has(WILDCARD);
        const room = hasWildcard ? children.size < maxChildren : children.size + 1 < maxChildren;
        if (room) key = token;
      }
      next = children.get(key);
      if (next === undefined) {
        next = newNode();
        children.set(key, next);
      }
    }
    node = next;
  }
  return node;
}

function finiteOr(value: number | undefined, fallback: number): number {
  return value !== undefined && Number.isFinite(value) ? value : fallback;
}

/**
 * Mines Drain templates from log lines (He et al., "Drain: An Online Log Parsing Approach with
 * Fixed Depth Tree", ICWS 2017) after masking obvious variables (see {@link tokenizeLine}).
 * Deterministic: ids follow first appearance, and only the templates are kept in memory, never
 * the lines. Lines are read up to 4,096 characters; a leaf of the tree holds at most 256
 * clusters, after which lines matching none of them share one catch-all template.
 */
export function mineTemplates(
  lines: readonly (string | null | undefined)[],
  options: MineOptions = {},
): MinedTemplates {
  const depth = Math.max(2, Math.floor(finiteOr(options.depth, 4)));
  const threshold = Math.min(1, Math.max(0, finiteOr(options.similarity, 0.5)));
  const maxChildren = Math.max(1, Math.floor(finiteOr(options.maxChildren, 100)));
  const prefixLevels = depth - 2;

  const byLength = new Map<number, TreeNode>();
  const clusters: Cluster[] = [];
  // Only tokens of cluster-creating lines are interned, so the vocabulary grows with the templates
  // rather than with the input; any other token gets -1, which equals no template token.
  const vocabulary = new Map<string, number>([[WILDCARD, 0]]);
  const words: string[] = [WILDCARD];
  const ids = new Int32Array(lines.length).fill(-1);

  for (let lineIndex = 0; lineIndex < lines.length; lineIndex++) {
    const line = lines[lineIndex];
    if (line === null || line === undefined) continue;
    const tokens = tokenizeLine(line);
    const n = tokens.length;
    if (n === 0 && line.trim() === '') continue;

    let root = byLength.get(n);
    if (root === undefined) {
      root = newNode();
      byLength.set(n, root);
    }
    const leaf = leafFor(root, tokens, Math.min(prefixLevels, n), maxChildren);
    const codes = new Int32Array(n);
    for (let i = 0; i < n; i++) codes[i] = vocabulary.get(tokens[i] as string) ?? -1;

    // A template `<*>` counts as equal, so generalising a template never makes it less similar
    // to lines it already holds; ties go to the more specific template, then the older one.
    const needed = Math.ceil(threshold * n - 1e-9);
    let best: Cluster | undefined;
    let bestEqual = -1;
    for (const cluster of leaf.clusters) {
      const template = cluster.codes;
      // Stop counting once the cluster can neither reach the threshold nor tie the best so far.
      const allowed = n - Math.max(needed, bestEqual);
      let misses = 0;
      for (let i = 0; i < n && misses <= allowed; i++) {
        const t = template[i];
        if (t !== 0 && t !== codes[i]) misses++;
      }
      if (misses > allowed) continue;
      const equal = n - misses;
      if (equal > bestEqual || (equal === bestEqual && best !== undefined && cluster.fixed > best.fixed)) {
        best = cluster;
        bestEqual = equal;
      }
    }
    if (best === undefined && leaf.clusters.length >= MAX_CLUSTERS_PER_LEAF) {
      best = leaf.overflow ?? undefined;
      bestEqual = n;
    }

    if (best !== undefined) {
      const template = best.codes;
      for (let i = 0; i < n; i++) {
        if (template[i] !== 0 && template[i] !== codes[i]) {
          template[i] = 0;
          best.fixed--;
        }
      }
      best.count++;
      ids[lineIndex] = best.id;
      continue;
    }

    let fixed = 0;
    for (let i = 0; i < n; i++) {
      let code = codes[i] as number;
      if (code === -1) {
        const token = tokens[i] as string;
        code = vocabulary.get(token) ?? words.length;
        if (code === words.length) {
          vocabulary.set(token, code);
          words.push(token);
        }
        codes[i] = code;
      }
      if (code !== 0) fixed++;
    }
    const cluster: Cluster = { id: clusters.length, codes, fixed, count: 1, firstLine: lineIndex };
    clusters.push(cluster);
    if (leaf.clusters.length < MAX_CLUSTERS_PER_LEAF) leaf.clusters.push(cluster);
    else leaf.overflow = cluster;
    ids[lineIndex] = cluster.id;
  }

  return {
    ids,
    templates: clusters.map((c) => ({
      id: c.id,
      template: Array.from(c.codes, (code) => words[code]).join(' '),
      count: c.count,
      firstLine: c.firstLine,
    })),
  };
}
