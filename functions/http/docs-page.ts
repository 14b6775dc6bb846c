/**
 * The browsable API reference: one self-contained HTML page rendered from the OpenAPI document,
 * with no script and nothing fetched, so it works offline and under a strict CSP.
 */
import { createHash } from 'node:crypto';
import type { OpenApiDocument, Operation } from './openapi';

const STYLE = `
body{font:15px/1.5 system-ui,sans-serif;margin:0 auto;max-width:72rem;padding:1rem 2rem;color:#1d2430}
h1 small{color:#667;font-weight:normal;font-size:.6em}
nav a{margin-right:.8rem}
section{margin-top:2rem}
h2{border-bottom:1px solid #d4d8de;padding-bottom:.3rem}
details{border:1px solid #d4d8de;border-radius:6px;margin:.4rem 0;padding:.3rem .7rem}
details[open]{background:#f7f8fa}
summary{cursor:pointer}
code,pre{font:13px/1.4 ui-monospace,monospace}
pre{background:#fff;border:1px solid #e1e4e8;border-radius:4px;padding:.6rem;overflow:auto;max-height:28rem}
.m{display:inline-block;min-width:4.2rem;font-weight:bold;text-align:center;border-radius:4px;color:#fff;font-size:12px}
.get{background:#2f7d32}.post{background:#1f5fbf}.put{background:#8a5a00}.patch{background:#6a3fb5}.delete{background:#b3261e}
.scope{float:right;color:#556;font-size:13px}
.muted{color:#667}
`;

/** The page's Content-Security-Policy: nothing loads, no script runs, and only its own style applies. */
export const DOCS_PAGE_CSP = [
  "default-src 'none'",
  `style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`,
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Text with Markdown code spans, as the document's descriptions use them. */
const prose = (text: string) => escapeHtml(text).replace(/`([^`]+)`/g, '<code>$1</code>');

const pre = (value: unknown) => `<pre>${escapeHtml(JSON.stringify(value, null, 2))}</pre>`;

interface Entry {
  method: string;
  path: string;
  operation: Operation;
  aliases: string[];
}

/** The canonical operations by tag, each with the paths that alias it. */
function entriesByTag(document: OpenApiDocument): Map<string, Entry[]> {
  const entries = new Map<string, Entry>();
  const aliases: [string, string][] = [];
  for (const [path, methods] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      const canonical = operation['x-alias-of'];
      if (canonical) aliases.push([`${method} ${canonical}`, path]);
      else entries.set(`${method} ${path}`, { method, path, operation, aliases: [] });
    }
  }
  for (const [key, path] of aliases) entries.get(key)?.aliases.push(path);
  const byTag = new Map<string, Entry[]>();
  for (const entry of entries.values()) {
    const tag = entry.operation.tags[0] ?? '';
    byTag.set(tag, [...(byTag.get(tag) ?? []), entry]);
  }
  return byTag;
}

function renderEntry({ method, path, operation, aliases }: Entry): string {
  const scope = operation['x-scope'] ?? 'public';
  const query = operation.parameters?.filter((p) => p.in === 'query') ?? [];
  const body = operation.requestBody;
  const parts = [
    `<summary><span class="m ${method}">${method.toUpperCase()}</span> <code>${escapeHtml(path)}</code> ${escapeHtml(operation.summary)}<span class="scope">${escapeHtml(scope)}</span></summary>`,
  ];
  if (aliases.length > 0)
    parts.push(`<p>Also at ${aliases.map((a) => `<code>${escapeHtml(a)}</code>`).join(', ')}</p>`);
  if (operation.description) parts.push(`<p>${prose(operation.description)}</p>`);
  if (query.length > 0) parts.push(`<h4>Query parameters</h4>${pre(query)}`);
  for (const [mediaType, { schema }] of Object.entries(body?.content ?? {}))
    parts.push(
      `<h4>Body <span class="muted">${escapeHtml(mediaType)}${body?.required ? ', required' : ''}</span></h4>${pre(schema)}`,
    );
  const answers = Object.entries(operation.responses)
    .filter(([, response]) => !('$ref' in (response as object)))
    .map(([status]) => status);
  parts.push(`<p class="muted">Answers ${answers.join(', ')}, or a problem.</p>`);
  return `<details id="${escapeHtml(operation.operationId)}">${parts.join('\n')}</details>`;
}

/**
 * The reference page of a document. `documentHref` links to the JSON document, relative to the
 * page, so the link survives a stage or base path in front of the API.
 */
export function docsPage(document: OpenApiDocument, documentHref: string): string {
  const byTag = entriesByTag(document);
  const tags = document.tags.filter((t) => byTag.has(t.name));
  const problems = Object.entries(document.components.responses ?? {}).map(
    ([name, response]) =>
      `<li><code>${escapeHtml(name.replace('Problem', ''))}</code> ${prose((response as { description: string }).description)}</li>`,
  );
  const sections = tags.map(
    (tag) =>
      `<section id="tag-${escapeHtml(tag.name)}"><h2>${escapeHtml(tag.name)}</h2><p>${prose(tag.description)}</p>\n${(byTag.get(tag.name) ?? []).map(renderEntry).join('\n')}</section>`,
  );
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(document.info.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>${escapeHtml(document.info.title)} <small>${escapeHtml(document.info.version)}</small></h1>
<p>${prose(document.info.description)} The machine-readable document is <a href="${escapeHtml(documentHref)}">openapi.json</a>.</p>
<p>Routes marked with a scope take <code>Authorization: Bearer &lt;token&gt;</code> or, where the scope allows, <code>X-API-Key</code>. Any route may answer an RFC 7807 problem:</p>
<ul>${problems.join('')}</ul>
<nav>${tags.map((t) => `<a href="#tag-${escapeHtml(t.name)}">${escapeHtml(t.name)}</a>`).join(' ')}</nav>
</header>
<main>
${sections.join('\n')}
</main>
</body>
</html>
`;
}
