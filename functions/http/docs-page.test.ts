import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { RouteDefinition } from '../routes';
import { DOCS_PAGE_CSP, docsPage } from './docs-page';
import { openApiDocument } from './openapi';

describe('the API reference page', () => {
  const document = openApiDocument();
  const page = docsPage(document, 'openapi.json');

  it('shows every path, canonical or alias, and links the JSON document', () => {
    for (const path of Object.keys(document.paths)) expect(page).toContain(`<code>${path}</code>`);
    expect(page).toContain('href="openapi.json"');
  });

  it('shows method, summary, scope and request schemas of an operation, grouped by tag', () => {
    const section = page.slice(page.indexOf('<section id="tag-admin">'));
    const start = section.slice(section.indexOf('<details id="ListAudit">'));
    const entry = start.slice(0, start.indexOf('</details>'));
    expect(entry).toContain('<span class="m get">GET</span> <code>/api/v1/admin/audit</code>');
    expect(entry).toContain('The audit trail');
    expect(entry).toContain('<span class="scope">admin</span>');
    expect(entry).toMatch(/Query parameters<\/h4><pre>\[[\s\S]*&#34;name&#34;: &#34;limit&#34;/);
    expect(page).toMatch(/<details id="Login">[\s\S]*?Body <span class="muted">application\/json, required/);
  });

  it('runs no script and loads nothing: the policy admits only its own style', () => {
    expect(page).not.toMatch(/<script|<link|src=/i);
    const style = /<style>([\s\S]*?)<\/style>/.exec(page)?.[1] ?? '';
    const hash = createHash('sha256').update(style).digest('base64');
    expect(DOCS_PAGE_CSP).toContain(`style-src 'sha256-${hash}'`);
    expect(DOCS_PAGE_CSP).toContain("default-src 'none'");
  });

  it('escapes what the document says', () => {
    const route: RouteDefinition = {
      id: 'Odd',
      summary: '<img src=x onerror=alert(1)>',
      method: 'GET',
      paths: ['/api/health'],
      handler: 'http/odd',
      auth: 'public',
    };
    const odd = docsPage(openApiDocument([route]), '"><script>');
    expect(odd).not.toContain('<img');
    expect(odd).not.toContain('<script>');
    expect(odd).toContain('&#60;img src=x onerror=alert(1)&#62;');
  });
});
