// The analysis core without any real rule: projects, overlays, reuse after edits, dependents, refusals.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import * as ts from 'typescript';
import type { Rule } from '../../server/src/analysis/types';
import { Workspace } from '../../server/src/analysis/workspace';
import { MAX_SYNTAX_DEPTH, mayNestDeep, syntaxDepth } from '../../server/src/analysis/file-gate';
import { DEEP_WITHOUT_BRACKETS } from '../hostile-inputs';
import { isTypeScriptStackOverflow } from '../robustness/typescript-failures';
import { LEAKY_MUTEX_MODULE, installAsyncMutex } from '../lock-sources';

/** Reports every expression statement with its type, and counts how often it ran per file. */
function typeProbe(): { rule: Rule; runs: Map<string, number> } {
  const runs = new Map<string, number>();
  const rule: Rule = {
    meta: { id: 'type-probe', description: 'test probe', defaultSeverity: 'error' },
    check({ sourceFile, checker, report }) {
      runs.set(sourceFile.fileName, (runs.get(sourceFile.fileName) ?? 0) + 1);
      const visit = (node: ts.Node): void => {
        if (ts.isExpressionStatement(node)) report(node, checker.typeToString(checker.getTypeAtLocation(node.expression)));
        ts.forEachChild(node, visit);
      };
      visit(sourceFile);
    },
  };
  return { rule, runs };
}

function tempTree(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'lockstep-ws-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), text);
  }
  return root;
}

setFlagsFromString('--expose-gc'); // the heap test below measures after a full collection

const TSCONFIG = JSON.stringify({ compilerOptions: { strict: true, target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler' }, include: ['src'] });

function messages(workspace: Workspace, file: string): string[] {
  return workspace.analyzeFile(file).findings.map((f) => `${f.startPosition.line}:${f.startPosition.character} ${f.message}`);
}

test('a file in a tsconfig project sees types across files', () => {
  const root = tempTree({
    'tsconfig.json': TSCONFIG,
    'src/lib.ts': 'export async function load(): Promise<number> { return 1; }\n',
    'src/main.ts': "import { load } from './lib';\nload();\n",
  });
  const { rule } = typeProbe();
  const workspace = new Workspace({ rules: [rule] });
  assert.equal(workspace.projectFor(path.join(root, 'src/main.ts')).configFile, path.join(root, 'tsconfig.json'));
  assert.deepEqual(messages(workspace, path.join(root, 'src/main.ts')), ['1:0 Promise<number>']);
});

test('a .js file and a .ts file with no tsconfig above them are analysed in an inferred project', () => {
  const root = tempTree({
    'loose.js': 'async function save() {}\nsave();\n',
    'loose.ts': 'function gen(): Promise<string> { return Promise.resolve("x"); }\ngen();\n',
  });
  const { rule } = typeProbe();
  const workspace = new Workspace({ rules: [rule] });
  assert.equal(workspace.projectFor(path.join(root, 'loose.ts')).configFile, undefined);
  assert.deepEqual(messages(workspace, path.join(root, 'loose.js')), ['1:0 Promise<void>']);
  assert.deepEqual(messages(workspace, path.join(root, 'loose.ts')), ['1:0 Promise<string>']);
});

test('a file the nearest tsconfig leaves out falls back to an inferred project', () => {
  const root = tempTree({ 'tsconfig.json': TSCONFIG, 'src/a.ts': '', 'scripts/tool.js': 'Promise.resolve(1);\n' });
  const { rule } = typeProbe();
  const workspace = new Workspace({ rules: [rule] });
  assert.equal(workspace.projectFor(path.join(root, 'scripts/tool.js')).configFile, undefined);
  assert.deepEqual(messages(workspace, path.join(root, 'scripts/tool.js')), ['0:0 Promise<number>']);
});

test('an open document overlays the disk, by version', () => {
  const root = tempTree({ 'tsconfig.json': TSCONFIG, 'src/a.ts': '1;\n' });
  const file = path.join(root, 'src/a.ts');
  const { rule } = typeProbe();
  const workspace = new Workspace({ rules: [rule] });
  assert.deepEqual(messages(workspace, file), ['0:0 1']);
  workspace.openDocument(file, '"text";\n', 1);
  assert.deepEqual(messages(workspace, file), ['0:0 "text"']);
  workspace.closeDocument(file);
  assert.deepEqual(messages(workspace, file), ['0:0 1']);
});

test('an edit re-analyses the edited file and its dependents, and reuses everything else', () => {
  const root = tempTree({
    'tsconfig.json': TSCONFIG,
    'src/lib.ts': 'export function value() { return 1; }\n',
    'src/user.ts': "import { value } from './lib';\nvalue();\n",
    'src/other.ts': '2;\n',
  });
  const [lib, user, other] = ['lib', 'user', 'other'].map((name) => path.join(root, `src/${name}.ts`));
  const { rule, runs } = typeProbe();
  const workspace = new Workspace({ rules: [rule] });
  const before = { user: workspace.analyzeFile(user), other: workspace.analyzeFile(other) };
  const otherTree = workspace.projectFor(other).program().getSourceFile(other);

  workspace.openDocument(lib, 'export function value() { return "changed"; }\n', 1);
  assert.deepEqual(workspace.dependentsOf(lib, [user, other]), [user]);
  assert.deepEqual(messages(workspace, user), ['1:0 string']);
  assert.equal(workspace.analyzeFile(other), before.other, 'an unrelated file keeps its cached analysis');
  assert.notEqual(workspace.analyzeFile(user), before.user);
  assert.equal(runs.get(other), 1);
  assert.equal(runs.get(user), 2);
  assert.equal(workspace.projectFor(other).program().getSourceFile(other), otherTree, 'unchanged syntax trees are reused');
});

test('oversized and binary files are refused with a reason; a syntax error is analysed', () => {
  const root = tempTree({ 'big.ts': `const x = 1;\n`.repeat(300_000), 'blob.js': 'a\u0000\u0001b', 'broken.ts': 'async function (\n  load(;\n', 'types.d.mts': 'export declare function f(): Promise<void>;\n' });
  const { rule } = typeProbe();
  const workspace = new Workspace({ rules: [rule] });
  assert.match(workspace.analyzeFile(path.join(root, 'big.ts')).skipped ?? '', /over lockstep\.maxFileSizeKB/);
  assert.match(workspace.analyzeFile(path.join(root, 'blob.js')).skipped ?? '', /binary/);
  assert.match(workspace.analyzeFile(path.join(root, 'types.d.mts')).skipped ?? '', /declaration file/);
  const broken = workspace.analyzeFile(path.join(root, 'broken.ts'));
  assert.equal(broken.skipped, undefined);
});

test('a rule that throws loses only its own findings', () => {
  const root = tempTree({ 'a.ts': '1;\n' });
  const { rule } = typeProbe();
  const failing: Rule = { meta: { id: 'boom', description: '', defaultSeverity: 'error' }, check: () => { throw new Error('kaboom'); } };
  const logged: string[] = [];
  const workspace = new Workspace({ rules: [failing, rule], log: (m) => logged.push(m) });
  const analysis = workspace.analyzeFile(path.join(root, 'a.ts'));
  assert.equal(analysis.findings.length, 1);
  assert.equal(analysis.ruleErrors[0]?.ruleId, 'boom');
  assert.equal(logged.filter((m) => m.includes('kaboom')).length, 1);
});

test('TypeScript\'s own checker overflowing its stack costs only the rules that asked', () => {
  // Reduced from effect 4.1.0's dist/internal/core.js: typing toJSON narrows `this` (`args in this`), whose type
  // is the object literal being typed, and TypeScript 6.0's checker recurses until the stack runs out (tsc itself
  // crashes on a file importing this one). misused-promise asks about `this[identifier]`; floating-promise, which
  // only looks at statements, still reports the dropped call.
  const root = tempTree({
    'proto.js': [
      `const identifier = 'x/identifier';`,
      `const args = 'x/args';`,
      `export const Proto = { toJSON() { return { op: this[identifier], ...(args in this ? { args: this[args] } : undefined) }; } };`,
      `export async function save() {}`,
      `export function dropped() { save(); }`,
      ``,
    ].join('\n'),
  });
  const logged: string[] = [];
  const workspace = new Workspace({ log: (m) => logged.push(m) });
  const analysis = workspace.analyzeFile(path.join(root, 'proto.js'));
  assert.deepEqual(analysis.findings.map((finding) => finding.ruleId), ['floating-promise']);
  assert.ok(analysis.ruleErrors.length > 0, 'the checker overflowed');
  for (const failure of analysis.ruleErrors) {
    assert.ok(isTypeScriptStackOverflow(failure.error), `${failure.ruleId}: the robustness sweep tells it from a failure of ours`);
    assert.equal(logged.filter((m) => m.includes(`rule ${failure.ruleId} failed`)).length, 1);
  }
});

test('a file nested too deep is refused and does not take its neighbours down', () => {
  const deep = `const x = ${'('.repeat(10_000)}1${')'.repeat(10_000)};\n`;
  const layouts: Record<string, string>[] = [
    { 'deep.ts': deep, 'fine.ts': 'Promise.resolve(1);\n' },
    { 'tsconfig.json': TSCONFIG, 'src/deep.ts': deep, 'src/fine.ts': 'Promise.resolve(1);\n' },
  ];
  for (const files of layouts) {
    const root = tempTree(files);
    const dir = 'tsconfig.json' in files ? path.join(root, 'src') : root;
    const { rule } = typeProbe();
    const workspace = new Workspace({ rules: [rule] });
    assert.match(workspace.analyzeFile(path.join(dir, 'deep.ts')).skipped ?? '', /its syntax nests too deep for the compiler's parser/);
    assert.deepEqual(messages(workspace, path.join(dir, 'fine.ts')), ['0:0 Promise<number>']);
  }
});

test('syntax nested deep without brackets (!!!…, A<A<…>>, a || b || …, .m().m()…, + chains, else-if chains) is refused; its neighbours keep their findings', () => {
  for (const layout of ['loose', 'tsconfig'] as const) {
    const files = Object.fromEntries(Object.entries({ ...DEEP_WITHOUT_BRACKETS, 'fine.ts': 'Promise.resolve(1);\n' }).map(([name, text]) => [layout === 'loose' ? name : `src/${name}`, text]));
    const root = tempTree(layout === 'loose' ? files : { 'tsconfig.json': TSCONFIG, ...files });
    const dir = layout === 'loose' ? root : path.join(root, 'src');
    const { rule } = typeProbe();
    const workspace = new Workspace({ rules: [rule] });
    for (const name of Object.keys(DEEP_WITHOUT_BRACKETS)) {
      assert.match(workspace.analyzeFile(path.join(dir, name)).skipped ?? '', /its syntax nests (\d+ levels deep, over the 600|too deep for the compiler's parser)/, `${layout} ${name}`);
    }
    assert.deepEqual(messages(workspace, path.join(dir, 'fine.ts')), ['0:0 Promise<number>'], layout);
    workspace.dispose();
  }
});

test('the depth scan: a cheap text test lets ordinary code through unparsed; the parse measures the real tree without recursion', () => {
  assert.equal(mayNestDeep(''), false);
  assert.equal(mayNestDeep(fs.readFileSync(path.join(import.meta.dirname, '../../server/src/analysis/locks/flow.ts'), 'utf8')), false);
  assert.equal(mayNestDeep(`${'f('.repeat(151)}${')'.repeat(151)}`), true, 'brackets');
  assert.equal(mayNestDeep(`x = ${Array(200).fill('a').join(' || ')};`), true, 'a long run in one statement');
  assert.equal(mayNestDeep(Array(200).fill('a || b;').join('\n')), false, 'as many operators spread over statements');
  assert.equal(syntaxDepth('a.ts', 'const x = 1;'), 5);
  assert.equal(syntaxDepth('a.ts', `const x = ${'!'.repeat(MAX_SYNTAX_DEPTH)}true;`)! > MAX_SYNTAX_DEPTH, true);
  assert.ok(syntaxDepth('a.ts', DEEP_WITHOUT_BRACKETS['deep-generics.ts']!)! > 2 * 570, 'type nodes count twice');
  assert.equal(syntaxDepth('a.ts', `type B = ${'A<'.repeat(20_000)}string${'>'.repeat(20_000)};`), undefined, "the parser's own overflow is caught");
});

test('a project-scope rule is re-run when any project file changes, and every open project file depends on it', () => {
  const root = tempTree({ 'tsconfig.json': TSCONFIG, 'src/a.ts': 'export const a = 1;\n', 'src/b.ts': 'export const b = 2;\n' });
  const [a, b] = ['a', 'b'].map((name) => path.join(root, `src/${name}.ts`));
  let runs = 0;
  const wholeProject: Rule = {
    meta: { id: 'whole-project', description: 'test probe', defaultSeverity: 'error', scope: 'project' },
    check: () => void runs++,
  };
  const workspace = new Workspace({ rules: [wholeProject] });
  workspace.analyzeFile(a);
  workspace.analyzeFile(a);
  assert.equal(runs, 1);
  workspace.openDocument(b, 'export const b = 3;\n', 1);
  assert.deepEqual(workspace.dependentsOf(b, [a]), [a], 'a does not import b, yet depends on it');
  workspace.analyzeFile(a);
  assert.equal(runs, 2);
});

test('an edit re-runs a project-scope rule on every file, the file-scope rules only on the files importing the edited one', () => {
  const root = tempTree({ 'tsconfig.json': TSCONFIG, 'src/a.ts': '1;\n', 'src/b.ts': 'export const b = 2;\n', 'src/c.ts': "import { b } from './b';\nb;\n" });
  const [a, b, c] = ['a', 'b', 'c'].map((name) => path.join(root, `src/${name}.ts`));
  const wholeProjectProbe = () => {
    const runs = new Map<string, number>();
    const rule: Rule = {
      meta: { id: 'whole-project', description: 'test probe', defaultSeverity: 'warning', scope: 'project' },
      check({ sourceFile, program, report }) {
        runs.set(sourceFile.fileName, (runs.get(sourceFile.fileName) ?? 0) + 1);
        report(sourceFile.statements.at(-1)!, `one of ${program.getRootFileNames().length} files`);
      },
    };
    return { rule, runs };
  };
  const [types, project] = [typeProbe(), wholeProjectProbe()];
  const workspace = new Workspace({ rules: [types.rule, project.rule] });
  for (const file of [a, b, c]) workspace.analyzeFile(file);

  const edit = 'export const b = "two";\n';
  workspace.openDocument(b, edit, 1);
  assert.deepEqual(workspace.dependentsOf(b, [a, c]), [a, c], 'a imports nothing, but the project-scope rule reads b');
  const analyses = [a, c].map((file) => workspace.analyzeFile(file));
  assert.deepEqual([a, c].map((file) => project.runs.get(file)), [2, 2]);
  assert.deepEqual([a, c].map((file) => types.runs.get(file)), [1, 2], "a's file-scope findings are reused; c imports b");

  const fresh = new Workspace({ rules: [typeProbe().rule, wholeProjectProbe().rule] });
  fresh.openDocument(b, edit, 1);
  assert.deepEqual(analyses, [a, c].map((file) => fresh.analyzeFile(file)), 'the reused and the re-run findings merged are what one run finds');
  assert.deepEqual(analyses[1]!.findings.map((f) => `${f.ruleId} ${f.message}`), ['type-probe "two"', 'whole-project one of 3 files']);
});

test('a file created after the project was loaded joins its tsconfig project once the disk is said to have changed', () => {
  const root = tempTree({ 'tsconfig.json': TSCONFIG, 'src/a.ts': 'export const a = 1;\n' });
  const { rule } = typeProbe();
  const workspace = new Workspace({ rules: [rule] });
  const config = path.join(root, 'tsconfig.json');
  assert.equal(workspace.projectFor(path.join(root, 'src/a.ts')).configFile, config);
  fs.writeFileSync(path.join(root, 'src/b.ts'), "import { a } from './a';\na;\n");
  workspace.diskChanged();
  assert.equal(workspace.projectFor(path.join(root, 'src/b.ts')).configFile, config);
  assert.deepEqual(messages(workspace, path.join(root, 'src/b.ts')), ['1:0 1']);
});

test('a loose file closed in the editor leaves its inferred project: its neighbours stop seeing it, and nothing of it is kept', () => {
  const root = tempTree({ 'a.ts': 'export const a = Promise.resolve(1);\n', 'b.ts': 'Promise.resolve(2);\n' });
  const workspace = new Workspace({ rules: [typeProbe().rule] });
  const [a, b] = [path.join(root, 'a.ts'), path.join(root, 'b.ts')];
  workspace.openDocument(a, 'export const a = Promise.resolve(1);\n', 1);
  workspace.openDocument(b, 'Promise.resolve(2);\n', 1);
  workspace.analyzeFile(a);
  workspace.analyzeFile(b);
  assert.ok(workspace.projectFor(b).program().getSourceFile(a), 'both open: one inferred project holds both');
  workspace.closeDocument(a);
  assert.equal(workspace.projectFor(b).program().getSourceFile(a), undefined, 'closed: no longer a root of the project');
  assert.deepEqual(messages(workspace, b), ['0:0 Promise<number>']);

  // Many files opened and closed one after another: the heap stays flat (it grew ~175 KB per file before).
  const gc = runInNewContext('gc', {}) as () => void;
  const heapAfter = (count: number, from: number) => {
    for (let i = from; i < from + count; i++) {
      const file = path.join(root, `loose-${i}.ts`);
      workspace.openDocument(file, `export const v${i} = Promise.resolve(${i});\n`.repeat(20), 1);
      workspace.analyzeFile(file);
      workspace.closeDocument(file);
    }
    gc();
    return process.memoryUsage().heapUsed;
  };
  const warm = heapAfter(50, 0);
  const later = heapAfter(200, 50);
  assert.ok(later - warm < 200 * 30 * 1024, `heap grew ${((later - warm) / 1024 / 200).toFixed(0)} KB per opened-and-closed file`);
  workspace.dispose();
});

function lockLeakLines(workspace: Workspace, file: string): number[] {
  return workspace.analyzeFile(file).findings.filter((f) => f.ruleId === 'lock-leak').map((f) => f.startPosition.line);
}

test('findings follow the libraries on disk: node_modules removed, then installed again, each told by a disk change only', () => {
  const root = tempTree({ 'tsconfig.json': TSCONFIG, 'src/leaky.ts': LEAKY_MUTEX_MODULE });
  const file = path.join(root, 'src/leaky.ts');
  installAsyncMutex(root);
  const workspace = new Workspace();
  assert.deepEqual(lockLeakLines(workspace, file), [3]);
  const analysed = workspace.analyzeFile(file);
  workspace.diskChanged();
  assert.equal(workspace.analyzeFile(file), analysed, 'nothing changed on disk: the cached analysis is reused');

  fs.rmSync(path.join(root, 'node_modules'), { recursive: true });
  workspace.diskChanged();
  assert.deepEqual(lockLeakLines(workspace, file), [], 'the lock library is gone: its locks are no longer known');

  installAsyncMutex(root);
  workspace.diskChanged();
  assert.deepEqual(lockLeakLines(workspace, file), [3], 'installed again: the failed resolution is retried');
  workspace.dispose();
});

test('a loose file importing a file that does not exist yet sees it once the disk is said to have changed', () => {
  const root = tempTree({ 'main.ts': "import { pending } from './later';\npending;\n" });
  const { rule, runs } = typeProbe();
  const workspace = new Workspace({ rules: [rule] });
  const main = path.join(root, 'main.ts');
  assert.deepEqual(messages(workspace, main), ['1:0 any']);
  workspace.diskChanged();
  messages(workspace, main);
  assert.equal(runs.get(main), 1, 'nothing changed on disk: no re-analysis');
  fs.writeFileSync(path.join(root, 'later.ts'), 'export const pending = Promise.resolve(1);\n');
  workspace.diskChanged();
  assert.deepEqual(messages(workspace, main), ['1:0 Promise<number>']);
  workspace.dispose();
});
