// BlockingAnalysis is read by more than the rule (the concurrency model turns its steps into `block` steps), so
// its API is tested on its own: steps of any function (sync ones too), pathOf, chains, and the per-program memo.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import * as ts from 'typescript';
import { blockingAnalysisFor, chainNames } from '../../server/src/analysis/blocking';
import { functionName, functionsIn } from '../../server/src/analysis/functions';
import { DEFAULT_SETTINGS } from '../../server/src/analysis/settings';

const FILE = path.resolve('/virtual/app.ts');
const TEXT = `
import { readFileSync } from 'node:fs';
function leaf() { return readFileSync('x', 'utf8'); }
function middle() { return leaf(); }
function spin() { const end = Date.now() + 5; while (Date.now() < end) {} }
function quiet() { return 1; }
async function entry() { middle(); spin(); quiet(); }
`;

function program(): ts.Program {
  const options: ts.CompilerOptions = { strict: true, target: ts.ScriptTarget.ES2022, types: ['node'], typeRoots: [path.resolve(import.meta.dirname, '../../node_modules/@types')], noEmit: true };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, language) => (path.resolve(name) === FILE ? ts.createSourceFile(name, TEXT, language, true) : getSourceFile(name, language));
  host.fileExists = ((exists) => (name: string) => path.resolve(name) === FILE || exists(name))(host.fileExists.bind(host));
  return ts.createProgram([FILE], options, host);
}

test('steps, paths and chains of any function; one analysis per program and settings', () => {
  const built = program();
  const analysis = blockingAnalysisFor(built, DEFAULT_SETTINGS.blockingCalls);
  assert.equal(blockingAnalysisFor(built, { add: [], allow: [] }), analysis, 'memoised per program and settings');
  const fns = new Map(functionsIn(built.getSourceFile(FILE)!).map((fn) => [functionName(fn), fn]));
  const entry = fns.get('entry')!;

  const steps = analysis.stepsIn(entry);
  assert.deepEqual(steps.map((step) => [step.node.getText(), chainNames(entry, step.path).join(' → ')]), [
    ['middle()', 'entry → middle → leaf → readFileSync'],
    ['spin()', 'entry → spin → busy-wait loop'],
  ]);
  assert.equal(analysis.pathOf(fns.get('quiet')!), undefined);
  assert.equal(analysis.pathOf(entry), undefined, 'an async function does not block its caller');
  const leafPath = analysis.pathOf(fns.get('leaf')!)!;
  assert.deepEqual([leafPath.through.length, leafPath.source.kind, leafPath.source.node.getText()], [0, 'call', `readFileSync('x', 'utf8')`]);
  assert.deepEqual(analysis.stepsIn(fns.get('spin')!).map((step) => step.path.source.kind), ['busy-wait']);
});

test("a function's facts are reused across programs only while the files they resolved into are unchanged", () => {
  const caller = path.resolve('/virtual/caller.ts');
  const helper = path.resolve('/virtual/helper.ts');
  const callerText = `import { load } from './helper';\nexport async function entry() { return load(); }\n`;
  const blocking = `import { readFileSync } from 'node:fs';\nexport function load() { return readFileSync('x', 'utf8'); }\n`;
  const quiet = `export function load() { return 'x'; }\n`;
  const options: ts.CompilerOptions = { strict: true, target: ts.ScriptTarget.ES2022, types: ['node'], typeRoots: [path.resolve(import.meta.dirname, '../../node_modules/@types')], noEmit: true };
  const texts = new Map([[caller, callerText], [helper, blocking]]);
  // Like the LanguageService: a file whose text did not change keeps its SourceFile object in the next program.
  const trees = new Map<string, ts.SourceFile>();
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, language) => {
    const text = texts.get(path.resolve(name));
    if (text === undefined) return getSourceFile(name, language);
    const known = trees.get(path.resolve(name));
    if (known?.text === text) return known;
    const tree = ts.createSourceFile(name, text, language, true);
    trees.set(path.resolve(name), tree);
    return tree;
  };
  host.fileExists = ((exists) => (name: string) => texts.has(path.resolve(name)) || exists(name))(host.fileExists.bind(host));
  host.directoryExists = ((exists) => (name: string) => path.resolve(name) === path.dirname(caller) || exists(name))(ts.sys.directoryExists);
  let previous: ts.Program | undefined;
  const chains = () => {
    const built = ts.createProgram([caller], options, host, previous);
    if (previous) assert.equal(built.getSourceFile(caller), previous.getSourceFile(caller), 'the caller keeps its tree');
    previous = built;
    const entry = functionsIn(built.getSourceFile(caller)!).find((fn) => functionName(fn) === 'entry')!;
    return blockingAnalysisFor(built, DEFAULT_SETTINGS.blockingCalls).stepsIn(entry).map((step) => chainNames(entry, step.path).join(' → '));
  };

  assert.deepEqual(chains(), ['entry → load → readFileSync']);
  texts.set(helper, quiet);
  assert.deepEqual(chains(), [], 'the helper no longer blocks');
  texts.set(helper, blocking);
  assert.deepEqual(chains(), ['entry → load → readFileSync'], 'and blocks again');
  texts.set(helper, `// what it calls is unchanged: the last closure of relevant names serves\n${blocking}`);
  assert.deepEqual(chains(), ['entry → load → readFileSync'], 'after an edit that changes no name');
});
