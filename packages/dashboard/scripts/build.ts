/**
 * Builds the dashboard into packages/dashboard/dist: the app bundled by esbuild into
 * content-hashed files under assets/ (cached for a year), and index.html, the PWA manifest and
 * the icons beside them (revalidated on every load). Offline and fast: `npm start` runs it before
 * serving, and the CDK app at synth time before deploying dist to the site's bucket.
 *
 *   npm run build:dashboard
 */
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
/** Where `npm run build:dashboard` writes the site. */
export const DASHBOARD_DIST = `${root}dist`;

/**
 * Builds the site into `outdir` (replacing what was there) and answers that path. Synchronous,
 * because CDK constructs are. The local stack and the CDK app each build into a directory of
 * their own, so one never serves the other's half-written build.
 * @default outdir packages/dashboard/dist
 */
export function buildDashboard(outdir = DASHBOARD_DIST): string {
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  const result = buildSync({
    entryPoints: { app: `${root}src/main.tsx` },
    outdir,
    entryNames: 'assets/[name]-[hash]',
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    // The SDK loads `ws` only in Node; a browser has its own WebSocket.
    external: ['ws'],
    minify: true,
    sourcemap: true,
    metafile: true,
    logLevel: 'warning',
  });
  const outputs = Object.keys(result.metafile.outputs).map((path) => basename(path));
  const script = outputs.find((name) => name.endsWith('.js'));
  const style = outputs.find((name) => name.endsWith('.css'));
  if (!script || !style) throw new Error('The dashboard build wrote no script or no stylesheet');
  cpSync(`${root}public`, outdir, { recursive: true });
  writeFileSync(`${outdir}/index.html`, indexHtml(`/assets/${script}`, `/assets/${style}`));
  return outdir;
}

// No inline script or style: the site's CSP is default-src 'self'.
function indexHtml(script: string, style: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="theme-color" content="#1d3557">
<title>Pynomaly</title>
<link rel="manifest" href="/manifest.webmanifest">
<link rel="icon" href="/icons/icon.svg" type="image/svg+xml">
<link rel="stylesheet" href="${style}">
<script type="module" src="${script}"></script>
</head>
<body>
<div id="app"></div>
<noscript>The Pynomaly dashboard needs JavaScript.</noscript>
</body>
</html>
`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) console.log(buildDashboard());
