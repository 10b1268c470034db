// The layers import only what their names allow (ARCHITECTURE.md, "Invariants"): the model schema and the
// scheduler are pure and neutral, the analysis knows no LSP or vscode, the client reaches the server only through
// its protocol, and the webview only through the page messages, the model and the scheduler.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import ts from 'typescript';

const REPO = path.resolve(__dirname, '..', '..');
const ROOTS = ['model', 'scheduler', 'server/src', 'client/src'];

interface Layer {
  name: string;
  /** Repository-relative path prefixes this layer's files may import. */
  files: readonly string[];
  /** Whether a package (not a relative path) may be imported. */
  packages: (specifier: string) => boolean;
}

const NONE = () => false;
const EDITOR_OR_PROTOCOL = /^(vscode|vscode-languageserver|vscode-languageserver-textdocument|vscode-languageclient|vscode-jsonrpc)(\/|$)/;

/** Most specific first: a file belongs to the first layer whose prefix it starts with. */
const LAYERS: ReadonlyArray<readonly [prefix: string, layer: Layer]> = [
  ['model/', { name: 'the model schema', files: ['model/'], packages: NONE }],
  ['scheduler/', { name: 'the scheduler', files: ['scheduler/', 'model/'], packages: NONE }],
  ['server/src/analysis/', {
    name: 'the analysis',
    files: ['server/src/analysis/', 'model/'],
    packages: (specifier) => !EDITOR_OR_PROTOCOL.test(specifier),
  }],
  ['server/src/eslint/', {
    name: 'the ESLint plugin',
    files: ['server/src/eslint/', 'server/src/analysis/', 'model/'],
    packages: (specifier) => !EDITOR_OR_PROTOCOL.test(specifier),
  }],
  ['server/src/', {
    name: 'the server and the CLI',
    files: ['server/src/', 'model/', 'scheduler/'],
    packages: (specifier) => !/^(vscode|vscode-languageclient)(\/|$)/.test(specifier),
  }],
  ['client/src/webview/', {
    name: 'the webview',
    files: ['client/src/webview/', 'client/src/visualizer/messages.ts', 'model/', 'scheduler/'],
    packages: NONE,
  }],
  ['client/src/', {
    name: 'the extension',
    files: ['client/src/', 'server/src/protocol.ts', 'model/', 'scheduler/'],
    packages: (specifier) => !/^vscode-languageserver/.test(specifier),
  }],
];

interface ImportEdge {
  from: string;
  /** A repository-relative file for a relative import, else the package specifier. */
  to: string;
  relative: boolean;
}

function layerOf(file: string): Layer | undefined {
  return LAYERS.find(([prefix]) => file.startsWith(prefix))?.[1];
}

/** Every import that breaks its layer's rule, as `from → to (layer)`. */
function violations(edges: readonly ImportEdge[]): string[] {
  const found: string[] = [];
  for (const edge of edges) {
    const layer = layerOf(edge.from);
    if (!layer) continue;
    const allowed = edge.relative ? layer.files.some((prefix) => edge.to.startsWith(prefix)) : layer.packages(edge.to);
    if (!allowed) found.push(`${edge.from} → ${edge.to} (${layer.name})`);
  }
  return found;
}

function* sourceFiles(directory: string): Generator<string> {
  for (const entry of fs.readdirSync(path.join(REPO, directory), { withFileTypes: true })) {
    const relative = `${directory}/${entry.name}`;
    if (entry.isDirectory()) yield* sourceFiles(relative);
    else if (/\.(ts|mts|cts)$/.test(entry.name)) yield relative;
  }
}

function resolveRelative(from: string, specifier: string): string {
  const base = path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier));
  for (const candidate of [base, `${base}.ts`, `${base}/index.ts`]) {
    if (fs.existsSync(path.join(REPO, candidate)) && fs.statSync(path.join(REPO, candidate)).isFile()) return candidate;
  }
  return base;
}

/** Imports, exports-from, `import()` and `require()` of every source file under ROOTS, read by TypeScript's scanner. */
function importGraph(): ImportEdge[] {
  const edges: ImportEdge[] = [];
  for (const root of ROOTS) {
    for (const file of sourceFiles(root)) {
      const text = fs.readFileSync(path.join(REPO, file), 'utf8');
      for (const imported of ts.preProcessFile(text, true, true).importedFiles) {
        const relative = imported.fileName.startsWith('.');
        edges.push({ from: file, to: relative ? resolveRelative(file, imported.fileName) : imported.fileName, relative });
      }
    }
  }
  return edges;
}

test('every layer imports only what it may', () => {
  const edges = importGraph();
  assert.ok(edges.length > 200, `the graph was read (${edges.length} imports)`);
  assert.deepEqual(violations(edges), []);
});

test('the rules are not vacuous: each kind of crossing is caught', () => {
  const crossings: ImportEdge[] = [
    { from: 'scheduler/engine.ts', to: 'vscode', relative: false },
    { from: 'scheduler/engine.ts', to: 'node:fs', relative: false },
    { from: 'model/schema.ts', to: 'scheduler/types.ts', relative: true },
    { from: 'server/src/analysis/workspace.ts', to: 'vscode-languageserver/node', relative: false },
    { from: 'server/src/analysis/workspace.ts', to: 'server/src/lsp/log.ts', relative: true },
    { from: 'server/src/analysis/workspace.ts', to: 'server/src/protocol.ts', relative: true },
    { from: 'server/src/cli/simulate.ts', to: 'client/src/visualizer/messages.ts', relative: true },
    { from: 'server/src/eslint/rule.ts', to: 'server/src/lsp/log.ts', relative: true },
    { from: 'server/src/eslint/rule.ts', to: 'vscode-languageserver', relative: false },
    { from: 'client/src/visualizer/panels.ts', to: 'server/src/analysis/workspace.ts', relative: true },
    { from: 'client/src/webview/main.ts', to: 'client/src/visualizer/panels.ts', relative: true },
    { from: 'client/src/webview/main.ts', to: 'server/src/protocol.ts', relative: true },
  ];
  assert.equal(violations(crossings).length, crossings.length, violations(crossings).join('\n'));
  const allowed: ImportEdge[] = [
    { from: 'scheduler/engine.ts', to: 'model/schema.ts', relative: true },
    { from: 'server/src/cli/simulate.ts', to: 'scheduler/index.ts', relative: true },
    { from: 'server/src/eslint/rule.ts', to: 'server/src/analysis/analyze.ts', relative: true },
    { from: 'client/src/visualizer/modelSource.ts', to: 'server/src/protocol.ts', relative: true },
    { from: 'client/src/webview/main.ts', to: 'client/src/visualizer/messages.ts', relative: true },
  ];
  assert.deepEqual(violations(allowed), []);
});

test('the model schema and the scheduler type-check with the language alone: no DOM, no Node', () => {
  const files = [...sourceFiles('model'), ...sourceFiles('scheduler')].map((file) => path.join(REPO, file));
  const program = ts.createProgram(files, {
    lib: ['lib.es2022.d.ts'], types: [], strict: true, noEmit: true, skipLibCheck: true,
    target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler,
  });
  const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  assert.ok(program.getSourceFiles().some((file) => file.fileName.endsWith('scheduler/engine.ts')));
  assert.deepEqual(diagnostics, []);
});
