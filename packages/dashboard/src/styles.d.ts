// esbuild bundles an imported stylesheet into the build's app.css; the import has no value.
declare module '*.css';
