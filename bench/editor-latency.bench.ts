// Benchmark (not a test): editor latency through the LSP over stdio, against the bundled server — didChange →
// publishDiagnostics for 50 edits in a large file of each real corpus (bench/corpora.ts), p50 and p95. The server
// waits EDIT_DEBOUNCE_MS after an edit for typing to pause before it analyses; the figures are given with it
// and without it (the analysis the user waits for once they stop typing). The reference measured in the same
// run is TypeScript itself: a LanguageService on the same tsconfig given the same 50 edits, timing its semantic
// diagnostics of the file (what the editor's own TypeScript does after each edit) — every edit makes a new
// program and checker, so both pay for re-checking the file. Both first take WARM_UP_EDITS edits that are not
// counted (reported apart): the first analyses after a start run while V8 is still compiling TypeScript's
// checker and ours (on mongodb, ~130 ms falling to ~60 ms over some 15 edits); the 50 measured edits are the
// steady state of a session.
//   npm run bench:editor        (builds first; installs the corpora into .bench-cache/ once)
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as ts from 'typescript';
import { EDIT_DEBOUNCE_MS } from '../server/src/lsp/lockstepServer';
import { LspTestClient } from '../test/lsp/lspClient';
import { CORPORA, corpusDir, ensureCorpus, selectedCorpora, tsconfigOf, type Corpus } from './corpora';
import { machine, percentile, writeReport } from './measure';

const EDITS = 50;
const WARM_UP_EDITS = 20;

/** Edit n: a comment line inserted at a different place each time (the tree changes, positions shift). */
function edited(lines: readonly string[], n: number): string {
  const at = (((n * 37) % lines.length) + lines.length) % lines.length; // warm-up edits have n ≤ 0
  return [...lines.slice(0, at), `// edit ${n}`, ...lines.slice(at)].join('\n');
}

interface Latency {
  corpus: string;
  file: string;
  lines: number;
  firstOpenMs: number;
  /** didChange → diagnostics of the warm-up edits (debounce included), not in the percentiles. */
  warmUpMs: number[];
  editMs: number[];
  p50: number;
  p95: number;
  p50WithoutDebounce: number;
  p95WithoutDebounce: number;
  typescriptSemanticMs: { p50: number; p95: number };
  /** Our analysis (without the debounce) against TypeScript's semantic diagnostics of the same file, p95 to p95. */
  p95VsTypescript: number;
}

/** TypeScript's own semantic diagnostics of the file after each of the same edits, in this process. */
function typescriptSemanticCheck(corpus: Corpus, file: string, lines: readonly string[]): number[] {
  const parsed = ts.getParsedCommandLineOfConfigFile(tsconfigOf(corpus), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} })!;
  let version = 0;
  let text = lines.join('\n');
  const host: ts.LanguageServiceHost = {
    getCompilationSettings: () => parsed.options,
    getScriptFileNames: () => parsed.fileNames,
    getScriptVersion: (name) => (path.resolve(name) === file ? String(version) : '0'),
    getScriptSnapshot: (name) => {
      const content = path.resolve(name) === file ? text : ts.sys.readFile(name);
      return content === undefined ? undefined : ts.ScriptSnapshot.fromString(content);
    },
    getCurrentDirectory: () => path.dirname(tsconfigOf(corpus)),
    getDefaultLibFileName: ts.getDefaultLibFilePath,
    fileExists: ts.sys.fileExists,
    readFile: ts.sys.readFile,
    readDirectory: ts.sys.readDirectory,
    directoryExists: ts.sys.directoryExists,
    getDirectories: ts.sys.getDirectories,
  };
  const service = ts.createLanguageService(host);
  service.getSemanticDiagnostics(file);
  const times: number[] = [];
  for (let n = 1 - WARM_UP_EDITS; n <= EDITS; n++) {
    version = n + WARM_UP_EDITS;
    text = edited(lines, n);
    const started = performance.now();
    service.getSemanticDiagnostics(file);
    if (n > 0) times.push(performance.now() - started);
  }
  service.dispose();
  return times;
}

async function measure(corpus: Corpus): Promise<Latency> {
  const file = path.join(ensureCorpus(corpus), 'src', corpus.largeFile);
  const text = fs.readFileSync(file, 'utf8');
  const lines = text.split('\n');
  const uri = pathToFileURL(file).href;
  const client = await LspTestClient.start();
  try {
    let started = performance.now();
    client.open(uri, text, 1);
    await client.diagnosticsFor(uri, 1);
    const firstOpenMs = performance.now() - started;
    const warmUpMs: number[] = [];
    const editMs: number[] = [];
    for (let n = 1 - WARM_UP_EDITS; n <= EDITS; n++) {
      const version = n + WARM_UP_EDITS + 1;
      started = performance.now();
      client.change(uri, version, edited(lines, n));
      await client.diagnosticsFor(uri, version);
      (n > 0 ? editMs : warmUpMs).push(performance.now() - started);
    }
    const p50 = percentile(editMs, 50);
    const p95 = percentile(editMs, 95);
    const typescript = typescriptSemanticCheck(corpus, file, lines);
    const typescriptSemanticMs = { p50: percentile(typescript, 50), p95: percentile(typescript, 95) };
    return {
      corpus: corpus.name, file: corpus.largeFile, lines: lines.length, firstOpenMs, warmUpMs, editMs, p50, p95,
      p50WithoutDebounce: p50 - EDIT_DEBOUNCE_MS, p95WithoutDebounce: p95 - EDIT_DEBOUNCE_MS,
      typescriptSemanticMs, p95VsTypescript: (p95 - EDIT_DEBOUNCE_MS) / typescriptSemanticMs.p95,
    };
  } finally {
    await client.stop();
  }
}

async function main(): Promise<void> {
  const results: Latency[] = [];
  for (const corpus of selectedCorpora()) {
    const result = await measure(corpus);
    results.push(result);
    console.log(
      `${corpus.name} ${result.file} (${result.lines} lines): didChange → diagnostics over ${EDITS} edits p50 ${result.p50.toFixed(0)} ms, p95 ${result.p95.toFixed(0)} ms ` +
        `(${EDIT_DEBOUNCE_MS} ms of it the typing debounce: analysis p50 ${result.p50WithoutDebounce.toFixed(0)} ms, p95 ${result.p95WithoutDebounce.toFixed(0)} ms); ` +
        `TypeScript's semantic check of the same edits p50 ${result.typescriptSemanticMs.p50.toFixed(0)} ms, p95 ${result.typescriptSemanticMs.p95.toFixed(0)} ms ` +
        `(analysis p95 vs TypeScript p95 = ${result.p95VsTypescript.toFixed(2)}x); first open ${result.firstOpenMs.toFixed(0)} ms, ` +
        `then ${WARM_UP_EDITS} warm-up edits p50 ${percentile(result.warmUpMs, 50).toFixed(0)} ms, max ${Math.max(...result.warmUpMs).toFixed(0)} ms`,
    );
  }
  const report = writeReport('editor-latency.json', { date: new Date().toISOString(), machine: machine(), edits: EDITS, warmUpEdits: WARM_UP_EDITS, debounceMs: EDIT_DEBOUNCE_MS, corpora: CORPORA.map((c) => corpusDir(c)), results });
  console.log(`report: ${path.relative(process.cwd(), report)}`);
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
