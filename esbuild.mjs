// Bundles every entry point into dist/ so the extension, the server, the CLI and the visualizer page run without
// node_modules. `--minify` (npm run package) shrinks the bundles for the .vsix; the source maps stay in dist/ for
// debugging and are left out of the package (.vscodeignore).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const minify = process.argv.includes('--minify');

// cli.js, server.js and analysis-worker.js (the server's analysis thread) are small launchers that run their
// *-main.js bundles through V8's compile cache (server/src/launch/compile-cache.ts).
const entryPoints = {
  client: 'client/src/extension.ts',
  server: 'server/src/launch/server.ts',
  'server-main': 'server/src/server.ts',
  'analysis-worker': 'server/src/launch/analysis-worker.ts',
  'analysis-worker-main': 'server/src/lsp/analysis-worker.ts',
  cli: 'server/src/launch/cli.ts',
  'cli-main': 'server/src/cli.ts',
};

const typescriptDefault = path.resolve('scripts/typescript-default.mjs');
/** Every `import ts from 'typescript'` resolves to scripts/typescript-default.mjs (why: see there), except its own. */
const typescriptOnce = {
  name: 'typescript-once',
  setup(build) {
    build.onResolve({ filter: /^typescript$/ }, (args) => (args.importer === typescriptDefault ? undefined : { path: typescriptDefault }));
  },
};

/** What every Node bundle shares. */
const nodeBundle = {
  plugins: [typescriptOnce],
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: true,
  minify,
  logLevel: 'warning',
};

await esbuild.build({ ...nodeBundle, entryPoints, external: ['vscode'] });

// The ESLint plugin runs inside the user's ESLint, on the program typescript-eslint built with the user's
// TypeScript: the analysis must use that same TypeScript module, so it is not bundled but required from the
// project (server/src/eslint/rule.ts checks it is the same copy). The footer makes `require()` and ESM's default
// import both return the plugin object itself. Not part of the .vsix (.vscodeignore).
await esbuild.build({
  ...nodeBundle,
  entryPoints: { 'eslint-plugin': 'server/src/eslint/plugin.ts' },
  external: ['typescript', 'eslint'],
  footer: { js: 'module.exports = module.exports.default;' },
});

// The visualizer page runs in the webview (a browser): one self-contained script, no Node, no require.
const browserBundle = { bundle: true, platform: 'browser', format: 'iife', target: 'es2022', minify, logLevel: 'warning' };
// Its explore worker starts from a blob: URL of its own text (a webview cannot start one from its resource URLs:
// client/src/webview/explore-thread.ts), so the worker is bundled first and its text defined into the page's
// bundle. No source map of its own: it would be inlined too; the scheduler it runs is the page's.
const exploreWorker = await esbuild.build({ ...browserBundle, entryPoints: ['client/src/webview/explore-worker.ts'], write: false });
await esbuild.build({
  ...browserBundle,
  entryPoints: { webview: 'client/src/webview/main.ts' },
  outdir: 'dist',
  sourcemap: true,
  define: { EXPLORE_WORKER_SCRIPT: JSON.stringify(exploreWorker.outputFiles[0].text) },
});

// The bundled TypeScript looks for its default libraries (lib.es2023.d.ts, lib.dom.d.ts, …) beside the executing
// file, i.e. in dist/. Without them no Promise type resolves and the type-based rules find nothing.
const typescriptLib = path.dirname(fileURLToPath(import.meta.resolve('typescript')));
for (const name of fs.readdirSync(typescriptLib)) {
  if (/^lib\..*\.d\.ts$/.test(name)) fs.copyFileSync(path.join(typescriptLib, name), path.join('dist', name));
}
