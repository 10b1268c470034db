// Every kind of quick fix, applied: the fixed text must carry no finding at all and no TypeScript error.
// Each case is one small file in a throwaway strict project; the fix is applied as an editor would (edits in
// reverse order) and the new text is opened as the next version of the document.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { applyFix, remedies, typeErrors } from './fix-helpers';
import { Workspace } from '../../server/src/analysis/workspace';

const PRELUDE = `
declare function save(name: string): Promise<void>;
declare function maybeSave(name: string): Promise<void> | undefined;
class Task { then(ok: () => void, _fail?: (e: unknown) => void) { ok(); } catch(_fail: (e: unknown) => void) { return this; } }
function* steps() { yield 1; }
async function* pages() { yield 'page'; }
declare const names: string[];
`;

interface Case {
  name: string;
  /** The code after the prelude (.ts) or standalone (.js). */
  code: string;
  fixTitle: string;
  /** A fragment the fixed text must contain: the fix's shape, visible here. */
  produces: string;
  extension?: '.ts' | '.js';
}

const CASES: Case[] = [
  { name: 'await in an async function', code: `async function f() { save('a'); }`, fixTitle: 'Add await', produces: `await save('a');` },
  { name: 'void outside async', code: `function f() { save('a'); }`, fixTitle: 'Add void', produces: `void save('a');` },
  { name: 'void with parentheses', code: `function f() { save('a') as Promise<void>; }`, fixTitle: 'Add void', produces: `void (save('a') as Promise<void>);` },
  { name: '.catch on a call', code: `function f() { save('a'); }`, fixTitle: 'Append .catch', produces: `save('a').catch((error: unknown) => { console.error(error); });` },
  { name: '.catch after .then(ok)', code: `function f() { save('a').then(() => {}); }`, fixTitle: 'Append .catch', produces: `.then(() => {}).catch(` },
  { name: '.catch with parentheses', code: `function f() { save('a') as Promise<void>; }`, fixTitle: 'Append .catch', produces: `(save('a') as Promise<void>).catch(` },
  { name: '.catch on new without arguments', code: `function f() { new Task; }`, fixTitle: 'Append .catch', produces: `(new Task).catch(` },
  { name: '.catch on a maybe-undefined promise', code: `function f() { maybeSave('a'); }`, fixTitle: 'Append .catch', produces: `maybeSave('a')?.catch(` },
  { name: 'await in a conditional branch', code: `async function f(c: boolean) { c ? save('a') : undefined; }`, fixTitle: 'Add await', produces: `c ? await save('a') : undefined;` },
  { name: 'void on an async IIFE', code: `(async () => { await save('a'); })();`, fixTitle: 'Add void', produces: `void (async () => {` },
  { name: 'Promise.all for an array of promises', code: `async function f() { names.map(async (n) => save(n)); }`, fixTitle: 'Wrap in await Promise.all', produces: `await Promise.all(names.map(` },
  { name: 'void for an array of promises', code: `function f() { names.map((n) => save(n)); }`, fixTitle: 'Add void', produces: `void names.map(` },
  {
    name: 'void for a Web Lock held on purpose (no await: it would wait for the release)',
    code: `async function f(name: string) { navigator.locks.request(name, () => new Promise<void>(() => {})); }`,
    fixTitle: 'Add void (the lock is held on purpose',
    produces: `void navigator.locks.request(name,`,
  },
  { name: 'run a generator', code: `function f() { steps(); }`, fixTitle: 'Run the generator', produces: `for (const _ of steps())` },
  { name: 'run an async generator', code: `async function f() { pages(); }`, fixTitle: 'Run the async generator', produces: `for await (const _ of pages())` },
  {
    name: 'misused async arrow with a block body',
    code: `names.forEach(async (n) => { await save(n); });`,
    fixTitle: 'Run the body as an async IIFE',
    produces: `names.forEach((n) => { (async () => { await save(n); })().catch(`,
  },
  {
    name: 'misused async function expression keeps this',
    code: `names.forEach(async function (this: unknown, n) { await save(n); });`,
    fixTitle: 'Run the body as an async IIFE',
    produces: `names.forEach(function (this: unknown, n) {`,
  },
  {
    name: 'misused async arrow with an expression body',
    code: `names.forEach(async (n) => save(n));`,
    fixTitle: 'Run the body as an async IIFE',
    produces: `names.forEach((n) => { (async () => save(n))().catch(`,
  },
  {
    name: 'forEach(async …) in an async function: await them all, with the same concurrency',
    code: `async function f() {\n  names.forEach(async (n) => { await save(n); });\n}`,
    fixTitle: 'Await them all: await Promise.all(names.map(…))',
    produces: `  await Promise.all(names.map(async (n) => { await save(n); }));\n`,
  },
  {
    name: 'forEach(async …) in an async function: one at a time, a block body',
    code: `async function f() {\n  names.forEach(async (n) => { await save(n); });\n}`,
    fixTitle: 'Await each in turn: for (… of names)',
    produces: `  for (const n of names) { await save(n); }\n`,
  },
  {
    name: 'forEach(async …) in an async function: one at a time, an expression body',
    code: `async function f(items: { name: string }[]) {\n  items.forEach(async ({ name }) => save(name) ?? save('none'));\n}`,
    fixTitle: 'Await each in turn',
    produces: `for (const { name } of items) await (save(name) ?? save('none'));`,
  },
  {
    name: 'an async function handed over by name: a callback that handles its rejection',
    code: `async function onTick(count: number, ...rest: string[]): Promise<void> { await save(String(count) + rest.join()); }\ndeclare function every(callback: (count: number, ...rest: string[]) => void): void;\nevery(onTick);`,
    fixTitle: 'Handle its rejection: (count, ...rest) => void onTick(…).catch(…)',
    produces: `every((count, ...rest) => void onTick(count, ...rest).catch((error: unknown) => { console.error(error); }));`,
  },
  {
    name: 'suppress the finding, indented like its line',
    code: `function f() {\n    save('a');\n}`,
    fixTitle: 'Ignore floating-promise on this line',
    produces: `{\n    // lockstep-ignore-next-line floating-promise\n    save('a');`,
  },
  {
    name: 'suppress by adding the rule to the suppression above, before its reason',
    code: `function f() {\n  // lockstep-ignore-next-line misused-promise -- legacy\n  save('a');\n}`,
    fixTitle: 'Ignore floating-promise on this line',
    produces: `  // lockstep-ignore-next-line misused-promise floating-promise -- legacy\n  save('a');`,
  },
  {
    name: 'suppress in JavaScript',
    extension: '.js',
    code: `/** @returns {Promise<void>} */\nfunction save() { return Promise.resolve(); }\n[1].forEach(async () => { await save(); });\n`,
    fixTitle: 'Ignore misused-promise on this line',
    produces: `// lockstep-ignore-next-line misused-promise\n[1].forEach(`,
  },
  {
    name: '.catch in JavaScript has no type annotation',
    extension: '.js',
    code: `/** @returns {Promise<void>} */\nfunction save() { return Promise.resolve(); }\nfunction f() { save(); }\n`,
    fixTitle: 'Append .catch',
    produces: `save().catch((error) => { console.error(error); });`,
  },
  {
    name: 'misused fix in JavaScript',
    extension: '.js',
    code: `/** @returns {Promise<void>} */\nfunction save() { return Promise.resolve(); }\n[1].forEach(async () => { await save(); });\n`,
    fixTitle: 'Run the body as an async IIFE',
    produces: `.catch((error) => { console.error(error); })`,
  },
];

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'lockstep-quickfix-'));
fs.writeFileSync(path.join(root, 'tsconfig.json'), JSON.stringify({
  compilerOptions: { strict: true, target: 'ES2022', module: 'ESNext', lib: ['ES2023', 'DOM'], types: [], allowJs: true, checkJs: true, noEmit: true },
}));
const workspace = new Workspace();
after(() => {
  workspace.dispose();
  fs.rmSync(root, { recursive: true, force: true });
});

CASES.forEach((fixCase, index) => {
  test(`quick fix: ${fixCase.name}`, () => {
    const extension = fixCase.extension ?? '.ts';
    const file = path.join(root, `case${index}${extension}`);
    const text = extension === '.ts' ? `${PRELUDE}${fixCase.code}\nexport {};\n` : fixCase.code;
    fs.writeFileSync(file, text);
    assert.deepEqual(typeErrors(workspace, file), [], 'the case itself must type-check');

    const findings = workspace.analyzeFile(file).findings;
    assert.equal(findings.length, 1, `expected one finding, got: ${findings.map((f) => f.message).join(' | ')}`);
    const fix = findings[0]!.fixes.find((candidate) => candidate.title.startsWith(fixCase.fixTitle));
    assert.ok(fix, `no fix "${fixCase.fixTitle}…"; offered: ${findings[0]!.fixes.map((f) => f.title).join(', ')}`);

    const fixed = applyFix(text, fix);
    assert.ok(fixed.includes(fixCase.produces), `the fixed text lacks ${fixCase.produces}:\n${fixed}`);
    workspace.openDocument(file, fixed, 2);
    assert.deepEqual(workspace.analyzeFile(file).findings.map((f) => `${f.ruleId}: ${f.message}`), [], `findings remain in:\n${fixed}`);
    assert.deepEqual(typeErrors(workspace, file), [], `the fix introduced type errors:\n${fixed}`);
  });
});

test('no await fix outside async functions, no await or void fix for a generator', () => {
  const file = path.join(root, 'offers.ts');
  fs.writeFileSync(file, `${PRELUDE}function f() { save('a'); steps(); }\nexport {};\n`);
  const [promise, generator] = workspace.analyzeFile(file).findings.map((finding) => ({ ...finding, fixes: remedies(finding) }));
  assert.deepEqual(promise!.fixes.map((f) => f.title.split(' ')[0]), ['Add', 'Append']);
  assert.ok(!promise!.fixes.some((f) => f.title === 'Add await'));
  assert.deepEqual(generator!.fixes.map((f) => f.title), ['Run the generator to completion (for…of)']);
});

test('Add await is the preferred fix inside async functions', () => {
  const file = path.join(root, 'preferred.ts');
  fs.writeFileSync(file, `${PRELUDE}async function f() { save('a'); }\nexport {};\n`);
  const [finding] = workspace.analyzeFile(file).findings;
  assert.deepEqual(finding!.fixes.filter((f) => f.preferred).map((f) => f.title), ['Add await']);
});

test('a lock held on purpose offers no await, even inside an async function: void is preferred', () => {
  const file = path.join(root, 'hold.ts');
  fs.writeFileSync(file, `${PRELUDE}async function f(name: string) { navigator.locks.request(name, () => new Promise<void>(() => {})); }\nexport {};\n`);
  const [finding] = workspace.analyzeFile(file).findings.map((each) => ({ ...each, fixes: remedies(each) }));
  assert.deepEqual(finding!.fixes.map((f) => `${f.title.split(' (')[0]}${f.preferred ? ' (preferred)' : ''}`), ['Add void (preferred)', 'Append .catch(…) to handle the rejection']);
});

test('forEach fixes only where a loop or Promise.all means the same: near-misses keep the IIFE fix or fewer', () => {
  let cases = 0;
  const findingsOf = (code: string) => {
    const file = path.join(root, `near-miss-${cases++}.ts`);
    fs.writeFileSync(file, `${PRELUDE}declare const custom: { forEach(cb: (n: string) => void): void };\n${code}\nexport {};\n`);
    return workspace.analyzeFile(file).findings;
  };
  const offered = (code: string) => findingsOf(code).map((finding) => remedies(finding).map((fix) => fix.title.split(':')[0]));
  // Not in an async function: nothing could await; the IIFE fix at least sees the failure.
  assert.deepEqual(offered(`function f() { names.forEach(async (n) => { await save(n); }); }`), [['Run the body as an async IIFE with .catch(…)']]);
  // A `return` in the body would leave f in a loop; a function expression has its own `this`.
  assert.deepEqual(offered(`async function f() { names.forEach(async (n) => { if (!n) return; await save(n); }); }`), [['Await them all']]);
  assert.deepEqual(offered(`async function f() { names.forEach(async function (n) { await save(n); }); }`), [['Await them all']]);
  // Not the default library's Array.forEach.
  assert.deepEqual(offered(`async function f() { custom.forEach(async (n) => { await save(n); }); }`), [['Run the body as an async IIFE with .catch(…)']]);
  // The index is used: Promise.all(map) keeps it, a for…of over the elements would not.
  assert.deepEqual(offered(`async function f() { names.forEach(async (n, i) => { await save(n + i); }); }`), [['Await them all']]);
  const [preferred] = findingsOf(`async function f() { names.forEach(async (n) => save(n)); }`);
  assert.deepEqual(preferred!.fixes.filter((fix) => fix.preferred).map((fix) => fix.title), ['Await them all: await Promise.all(names.map(…))']);
});
