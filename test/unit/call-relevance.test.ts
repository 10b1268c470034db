// The relevance closure (call-relevance.ts) decides which calls the lock model resolves with the checker. Its
// answers never change a finding, only what it costs: so they are tested here, on the closure itself. A program
// that takes one Web Lock (effect's EventJournal) must not make every function that reads an IndexedDB
// `request.result[field]` relevant — through such generic names the closure once grew to nearly every name.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import * as ts from 'typescript';
import { callRelevance } from '../../server/src/analysis/call-relevance';
import { lockRelevanceSeeds } from '../../server/src/analysis/locks/api';

const FILE = path.resolve('/virtual/journal.ts');
const TEXT = `
function takeLock() { return navigator.locks.request('journal', async () => {}); }
function lockRequests() { return [() => takeLock()]; }
const requests = lockRequests();

function progress(request: IDBRequest<Record<string, number>>, field: string) {
  const latest = request.result[field];
  return latest;
}
function viaElement(index: number) {
  const grab = requests[index];
  return grab();
}

function service() { return (id: string) => ({ id }); }
function lockedRunner() { return () => takeLock(); }
const runner = { run() { return takeLock(); } };

function readsProgress(request: IDBRequest<Record<string, number>>) { return progress(request, 'remote'); }
function takesThroughElement() { return viaElement(0); }
function makesService() { return service()('journal'); }
function runsLocked() { return lockedRunner()(); }
function runsBound() { return runner.run.bind(runner)(); }
let fallback: (() => void) | undefined;
function runsChosen(ready: boolean) { return (ready ? service : lockedRunner)(); }
function runsFallback() { return (fallback ??= service())(); }
function runsDefault() { return (fallback ?? lockedRunner())(); }
`;

function program(): ts.Program {
  const options: ts.CompilerOptions = { strict: true, target: ts.ScriptTarget.ES2022, lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'], types: [], noEmit: true };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, language) => (path.resolve(name) === FILE ? ts.createSourceFile(name, TEXT, language, true) : getSourceFile(name, language));
  host.fileExists = ((exists) => (name: string) => path.resolve(name) === FILE || exists(name))(host.fileExists.bind(host));
  return ts.createProgram([FILE], options, host);
}

const built = program();
const relevance = callRelevance(built, lockRelevanceSeeds(built, []));

/** Whether resolving the outermost call in the body of the function named `caller` could matter. */
function mayMatterIn(caller: string): boolean {
  const sourceFile = built.getSourceFile(FILE)!;
  const fn = sourceFile.statements.find((statement): statement is ts.FunctionDeclaration =>
    ts.isFunctionDeclaration(statement) && statement.name?.text === caller)!;
  let found: ts.CallExpression | undefined;
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node)) found ??= node;
    ts.forEachChild(node, visit);
  };
  visit(fn.body!);
  return relevance.mayMatter(found!);
}

test('an element read by a computed key holds what the object holds, not the names of the key or the reference', () => {
  assert.equal(mayMatterIn('readsProgress'), false, "`request.result[field]` is no alias of the Web Lock's `request`");
  assert.equal(mayMatterIn('takesThroughElement'), true, 'an element of a relevant name is relevant');
});

test("a call of what a call returned matters as that call does, a bound function's as the function's", () => {
  assert.equal(mayMatterIn('makesService'), false, 'what a lock-free function returned takes no lock');
  assert.equal(mayMatterIn('runsLocked'), true, 'what a function that may take a lock returned may take it');
  assert.equal(mayMatterIn('runsBound'), true, 'a bound method is the method');
});

test('a call of a choice between callees matters when either callee may', () => {
  assert.equal(mayMatterIn('runsChosen'), true, 'either branch of a conditional');
  assert.equal(mayMatterIn('runsDefault'), true, 'either operand of `??`');
  assert.equal(mayMatterIn('runsFallback'), false, 'neither a lock-free variable nor what a lock-free call returned');
});
