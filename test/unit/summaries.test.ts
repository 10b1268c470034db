// The interprocedural machinery rules build on: call resolution by symbol, and summaries solved to a fixed point.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import * as ts from 'typescript';
import { resolveCallee } from '../../server/src/analysis/calls';
import { forEachOwnNode, functionName, functionsIn, type FunctionWithBody } from '../../server/src/analysis/functions';
import { RecentStamps, Summaries, type SummaryAnalysis } from '../../server/src/analysis/summaries';
import { Workspace } from '../../server/src/analysis/workspace';

function programOf(files: Record<string, string>): { program: ts.Program; root: string } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'lockstep-calls-'));
  fs.writeFileSync(path.join(root, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler' } }));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(root, name), text);
  const program = new Workspace().projectFor(path.join(root, Object.keys(files)[0]!)).program();
  return { program, root };
}

function fn(program: ts.Program, root: string, file: string, name: string): FunctionWithBody {
  const found = functionsIn(program.getSourceFile(path.join(root, file))!).find((f) => functionName(f) === name);
  assert.ok(found, `function ${name} in ${file}`);
  return found;
}

function calleesOf(program: ts.Program, caller: FunctionWithBody): string[] {
  const names: string[] = [];
  forEachOwnNode(caller, (node) => {
    if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
      const callee = resolveCallee(program.getTypeChecker(), node);
      names.push(callee ? functionName(callee) : `(external ${node.expression.getText()})`);
    }
  });
  return names;
}

test('calls resolve by symbol: imports, aliases, overloads, methods, constructors, const arrows', () => {
  const { program, root } = programOf({
    'main.ts': [
      "import { helper as renamed, Store } from './lib';",
      'const arrow = () => 1;',
      'function over(x: string): string;',
      'function over(x: number): number;',
      'function over(x: unknown) { return x; }',
      'export function run() {',
      '  renamed(); arrow(); over(1); new Store().save(); JSON.parse("1");',
      '  const later = () => renamed();',
      '}',
    ].join('\n'),
    'lib.ts': 'export function helper() {}\nexport class Store { constructor() {} save() {} }\n',
  });
  assert.deepEqual(calleesOf(program, fn(program, root, 'main.ts', 'run')), [
    'helper', 'arrow', 'over', 'Store.save', 'Store.constructor', '(external JSON.parse)',
  ]);
});

/** "May reach the call to `marker()`", with the chain of functions that leads there. */
function reachesMarker(program: ts.Program): SummaryAnalysis<string[] | null> {
  const checker = program.getTypeChecker();
  return {
    bottom: () => null,
    equals: (a, b) => (a === null) === (b === null),
    compute(current, summaryOf) {
      let chain: string[] | null = null;
      forEachOwnNode(current, (node) => {
        if (chain || !ts.isCallExpression(node)) return;
        if (node.expression.getText() === 'marker') chain = [functionName(current), 'marker'];
        const callee = resolveCallee(checker, node);
        const inner = callee ? summaryOf(callee) : null;
        if (inner) chain = [functionName(current), ...inner];
      });
      return chain;
    },
  };
}

test('summaries reach a fixed point through recursion, whichever function is asked first', () => {
  const files = {
    'a.ts': "import { b } from './b';\nexport function a(n: number): void { if (n) b(n - 1); }\nexport function quiet(n: number): void { if (n) quiet(n - 1); }\n",
    'b.ts': "import { a } from './a';\nexport function marker() {}\nexport function b(n: number): void { a(n); marker(); }\n",
  };
  for (const first of ['a', 'b']) {
    const { program, root } = programOf(files);
    const summaries = new Summaries(reachesMarker(program));
    const a = fn(program, root, 'a.ts', 'a');
    const b = fn(program, root, 'b.ts', 'b');
    if (first === 'a') summaries.of(a);
    else summaries.of(b);
    assert.deepEqual(summaries.of(a), ['a', 'b', 'marker'], `asked ${first} first`);
    assert.deepEqual(summaries.of(b), ['b', 'marker'], `asked ${first} first`);
    assert.equal(summaries.of(fn(program, root, 'a.ts', 'quiet')), null, 'a self-recursive function that reaches nothing');
  }
});

test("a function's own nodes include an arrow's expression body, and exclude nested functions", () => {
  const { program, root } = programOf({
    'main.ts': 'function save() {}\nfunction later() {}\nexport const run = async () => save();\nexport function outer() { const inner = () => later(); }\n',
  });
  assert.deepEqual(calleesOf(program, fn(program, root, 'main.ts', 'run')), ['save']);
  assert.deepEqual(calleesOf(program, fn(program, root, 'main.ts', 'outer')), []);
});

test('per-file caches keep the two most recent stamps, the most recently used longest', () => {
  const file = ts.createSourceFile('a.ts', '', ts.ScriptTarget.Latest);
  const other = ts.createSourceFile('b.ts', '', ts.ScriptTarget.Latest);
  const cache = new RecentStamps<string>();
  cache.set(file, 'first', 'facts 1');
  cache.set(file, 'second', 'facts 2');
  cache.set(other, 'first', 'other facts');
  assert.equal(cache.get(file, 'first'), 'facts 1'); // now the most recently used
  cache.set(file, 'third', 'facts 3');
  assert.equal(cache.get(file, 'second'), undefined, 'the least recently used stamp is dropped');
  assert.equal(cache.get(file, 'first'), 'facts 1');
  assert.equal(cache.get(file, 'third'), 'facts 3');
  assert.equal(cache.get(other, 'first'), 'other facts', 'each file keeps its own');
  cache.set(file, 'third', 'facts 3 again');
  assert.equal(cache.get(file, 'third'), 'facts 3 again');
  assert.equal(cache.get(file, 'first'), 'facts 1');
});
