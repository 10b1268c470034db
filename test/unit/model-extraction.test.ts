// Model extraction from source: each construct the extractor models, on a small project written to a temp folder
// (async-mutex and the other lock libraries mapped to the repository's copies), read through Workspace.modelOf as the server and CLI do. Steps are
// compared as short strings ("acquire a", "timer 5", ["call helper", […]]) so each case says what it models.
// Then the scheduler on models extracted from the examples: explore finds the deadlocks of lock-order.ts,
// producer-consumer.ts, semaphore-pool.ts and event.ts, and none in correct.ts nor in the fixed twins.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, test } from 'node:test';
import { simulate, validateModel } from '../../scheduler/index';
import { assertReductionKeepsEnds } from '../scheduler/models';
import { BLOCKING_COST_MS } from '../../server/src/analysis/extraction/index';
import { Workspace } from '../../server/src/analysis/workspace';
import type { ConcurrencyModel, ModelResult, SourceRange, Step } from '../../model/schema';
const REPO = path.resolve(import.meta.dirname, '../..');
const TSCONFIG = JSON.stringify({
  compilerOptions: {
    strict: true, target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler', lib: ['ES2024', 'DOM'], noEmit: true, skipLibCheck: true,
    types: ['node'], typeRoots: [path.join(REPO, 'node_modules/@types')],
    paths: {
      'async-mutex': [path.join(REPO, 'node_modules/async-mutex/lib/index.d.ts')],
      'p-limit': [path.join(REPO, 'node_modules/p-limit/index.d.ts')],
      'p-queue': [path.join(REPO, 'node_modules/p-queue/dist/index.d.ts')],
      'proper-lockfile': [path.join(REPO, 'node_modules/@types/proper-lockfile/index.d.ts')],
      redlock: [path.join(REPO, 'node_modules/redlock/dist/index.d.ts')],
      'async-lock': [path.join(REPO, 'node_modules/@types/async-lock/index.d.ts')],
    },
  },
});
const PRELUDE = [
  `import { Mutex, Semaphore } from 'async-mutex';`,
  `import { setTimeout as delay } from 'node:timers/promises';`,
  `import { readFileSync } from 'node:fs';`,
  `export const a = new Mutex();`,
  `export const b = new Mutex();`,
  `declare function work(): Promise<void>;`,
  ``,
].join('\n');
const PRELUDE_LINES = PRELUDE.split('\n').length - 1;

const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'lockstep-model-'));
fs.writeFileSync(path.join(folder, 'tsconfig.json'), TSCONFIG);
const workspace = new Workspace();
after(() => {
  workspace.dispose();
  fs.rmSync(folder, { recursive: true, force: true });
});

const uriOf = (file: string) => pathToFileURL(file).href;
let written = 0;

/** Writes the files (the first is the one modelled, after the prelude) and extracts its model. */
function extract(code: string, others: Record<string, string> = {}, entries?: string[]): ModelResult {
  const name = `case${++written}.ts`;
  fs.writeFileSync(path.join(folder, name), PRELUDE + code);
  for (const [other, text] of Object.entries(others)) fs.writeFileSync(path.join(folder, other), text);
  // As a watched-file event does: the project reads its file list again and sees the new files.
  workspace.diskChanged();
  return workspace.modelOf(path.join(folder, name), { uriOf, entries });
}

function modelOf(code: string, others: Record<string, string> = {}, entries?: string[]): ConcurrencyModel {
  const result = extract(code, others, entries);
  assert.ok(result.model, `no model: ${result.model === null ? result.reason : ''}`);
  const validation = validateModel(result.model);
  assert.ok(validation.ok, `invalid: ${validation.ok ? '' : validation.errors.join('; ')}`);
  return result.model;
}

type Shape = string | [string, Shape[]];

/** Steps as short strings, locks by name: what a test can state in one line. */
function shape(model: ConcurrencyModel, steps: readonly Step[]): Shape[] {
  const lock = (id: string) => model.locks.find((decl) => decl.id === id)?.name ?? `?${id}`;
  const event = (id: string) => model.events?.find((decl) => decl.id === id)?.name ?? `?${id}`;
  return steps.map((step): Shape => {
    switch (step.kind) {
      case 'acquire': return `acquire ${lock(step.lock)}${step.mode === 'shared' ? ' shared' : ''}`;
      case 'release': return `release ${lock(step.lock)}`;
      case 'timer': return `timer ${step.ms}`;
      case 'io': return 'io';
      case 'block': return `block ${step.call} ${step.ms}`;
      case 'call': return [`call ${step.function}`, shape(model, step.steps)];
      case 'spawn': return `spawn ${step.template}`;
      case 'join': return 'join';
      case 'wait': return `wait ${event(step.event)}`;
      case 'signal': return `signal ${event(step.event)}`;
      case 'branch': return ['branch', step.alternatives.map((alternative): Shape => [alternative.label ?? '', shape(model, alternative.steps)])];
    }
  });
}

const stepsOf = (model: ConcurrencyModel, task: string) => shape(model, model.tasks.find((template) => template.name === task)?.steps ?? []);

/** 0-based line and column of a snippet's first occurrence in a file. */
function positionOf(file: string, snippet: string): { line: number; character: number } {
  const text = fs.readFileSync(file, 'utf8');
  const offset = text.indexOf(snippet);
  assert.ok(offset >= 0, `${snippet} in ${file}`);
  const before = text.slice(0, offset).split('\n');
  return { line: before.length - 1, character: before.at(-1)!.length };
}

const startOf = (range: SourceRange | undefined) => range && { line: range.start.line, character: range.start.character };

describe('model extraction', () => {
  test('the two-lock example: a template per exported async function, acquire/timer/acquire/release/release with their ranges', () => {
    const file = path.join(REPO, 'examples/src/lock-order.ts');
    const examples = new Workspace();
    const result = examples.modelOf(file, { uriOf });
    examples.dispose();
    assert.ok(result.model);
    const model = result.model;
    assert.equal(model.uri, uriOf(file));
    assert.deepEqual(model.tasks.map((task) => task.name), ['transfer', 'audit', 'endOfDay']);
    assert.deepEqual(model.locks.map((lock) => [lock.id, lock.name, lock.kind, lock.reentrant]), [
      ['src/lock-order.ts#accountsMutex', 'accountsMutex', 'mutex', false],
      ['src/lock-order.ts#ledgerMutex', 'ledgerMutex', 'mutex', false],
    ]);
    assert.deepEqual(model.locks[0]!.range, { uri: uriOf(file), start: { line: 5, character: 6 }, end: { line: 5, character: 19 } });
    assert.deepEqual(stepsOf(model, 'transfer'), ['acquire accountsMutex', 'timer 1', 'acquire ledgerMutex', 'release ledgerMutex', 'release accountsMutex']);
    assert.deepEqual(stepsOf(model, 'audit'), ['acquire ledgerMutex', 'timer 1', 'acquire accountsMutex', 'release accountsMutex', 'release ledgerMutex']);
    assert.deepEqual(stepsOf(model, 'endOfDay'), ['spawn transfer', 'spawn audit', 'join']);

    const [transfer, audit] = model.tasks;
    assert.deepEqual(startOf(transfer!.range), positionOf(file, 'export async function transfer'));
    assert.deepEqual(transfer!.steps.map((step) => startOf(step.range)), [
      positionOf(file, 'await accountsMutex.acquire()'),
      positionOf(file, 'await delay(1)'),
      positionOf(file, 'await ledgerMutex.acquire()'),
      positionOf(file, 'ledgerMutex.release()'),
      positionOf(file, 'accountsMutex.release()'),
    ]);
    // audit returns from inside both try blocks: both finally blocks still release, innermost first.
    const auditReleases = audit!.steps.slice(3).map((step) => step.range!.start.line);
    assert.ok(auditReleases[0]! < auditReleases[1]!, 'accountsMutex released before ledgerMutex');
  });

  test('runExclusive nesting: acquire, the callback body, release — released at the callback’s end', () => {
    const model = modelOf(`export async function nested() {\n  await a.runExclusive(async () => {\n    await b.runExclusive(async () => {\n      await work();\n    });\n  });\n}\n`);
    assert.deepEqual(stepsOf(model, 'nested'), ['acquire a', 'acquire b', 'io', 'release b', 'release a']);
    const release = model.tasks[0]!.steps[3]!;
    assert.equal(release.range!.start.line, PRELUDE_LINES + 4, 'the inner callback’s closing brace');
  });

  test('acquire/try/finally: an early return ends its alternative after the finally block', () => {
    const model = modelOf(`export async function guarded(skip: boolean) {\n  const release = await a.acquire();\n  try {\n    if (skip) return;\n    await delay(5);\n  } finally {\n    release();\n  }\n  await b.runExclusive(async () => {});\n}\n`);
    assert.deepEqual(stepsOf(model, 'guarded'), ['acquire a', ['branch', [
      ['if (skip)', ['release a']],
      ['else', ['timer 5', 'release a', 'acquire b', 'release b']],
    ]]]);
  });

  test('Web Locks in shared mode: a keyed lock per name, acquired shared', () => {
    const model = modelOf(`export async function read() {\n  await navigator.locks.request('db', { mode: 'shared' }, async () => {\n    await work();\n  });\n}\nexport async function write() {\n  await navigator.locks.request('db', async () => {});\n}\n`);
    assert.deepEqual(model.locks.map((lock) => [lock.id, lock.name, lock.kind]), [["Web Lock 'db'", "Web Lock 'db'", 'keyed']]);
    assert.deepEqual(stepsOf(model, 'read'), ["acquire Web Lock 'db' shared", 'io', "release Web Lock 'db'"]);
    assert.deepEqual(stepsOf(model, 'write'), ["acquire Web Lock 'db'", "release Web Lock 'db'"]);
  });

  test('a Semaphore carries its capacity; a release function from a destructured acquire releases it', () => {
    const model = modelOf(`const pool = new Semaphore(2);\nexport async function use() {\n  const [, release] = await pool.acquire();\n  await work();\n  release();\n}\n`);
    assert.deepEqual(model.locks.map((lock) => [lock.name, lock.kind, lock.capacity]), [['pool', 'semaphore', 2]]);
    assert.deepEqual(stepsOf(model, 'use'), ['acquire pool', 'io', 'release pool']);
  });

  test('a p-limit limiter is a semaphore of its concurrency, held while the function it runs runs', () => {
    const model = modelOf(`import pLimit from 'p-limit';\nconst limit = pLimit(2);\nexport async function run() {\n  await limit(async () => {\n    await work();\n  });\n}\n`);
    assert.deepEqual(model.locks.map((lock) => [lock.name, lock.kind, lock.capacity]), [['limit', 'semaphore', 2]]);
    assert.deepEqual(stepsOf(model, 'run'), ['acquire limit', 'io', 'release limit']);
  });

  test('a p-queue with a concurrency is a semaphore of it; one without is no lock (p-queue then has no limit)', () => {
    const model = modelOf([
      `import PQueue from 'p-queue';`,
      `const serial = new PQueue({ concurrency: 1 });`,
      `const unbounded = new PQueue();`,
      `export async function run() {`,
      `  await serial.add(() => work());`,
      `  await unbounded.add(() => work());`,
      `}`,
      ``,
    ].join('\n'));
    assert.deepEqual(model.locks.map((lock) => [lock.name, lock.kind, lock.capacity]), [['serial', 'semaphore', 1]]);
  });

  test('proper-lockfile: a keyed lock per path, released by an awaited release function, or one lockSync returned', () => {
    const model = modelOf([
      `import { lock, lockSync } from 'proper-lockfile';`,
      `export async function save() {`,
      `  const release = await lock('data.json');`,
      `  await work();`,
      `  await release();`,
      `}`,
      `export async function saveSync() {`,
      `  const release = lockSync('data.json');`,
      `  await work();`,
      `  release();`,
      `}`,
      ``,
    ].join('\n'));
    assert.deepEqual(model.locks.map((lock) => [lock.name, lock.kind]), [["lock file 'data.json'", 'keyed']]);
    assert.deepEqual(stepsOf(model, 'save'), ["acquire lock file 'data.json'", 'io', "release lock file 'data.json'"]);
    assert.deepEqual(stepsOf(model, 'saveSync'), ["acquire lock file 'data.json'", 'io', "release lock file 'data.json'"]);
  });

  test("redlock: a keyed lock per resource, released by the Lock's release(); using() holds it while the routine runs", () => {
    const model = modelOf([
      `import Redlock from 'redlock';`,
      `const redlock = new Redlock([]);`,
      `export async function pay() {`,
      `  const held = await redlock.acquire(['account'], 1000);`,
      `  await work();`,
      `  await held.release();`,
      `}`,
      `export async function audit() {`,
      `  await redlock.using(['account'], 1000, async () => {`,
      `    await work();`,
      `  });`,
      `}`,
      ``,
    ].join('\n'));
    assert.deepEqual(model.locks.map((lock) => [lock.name, lock.kind]), [["Redlock 'account'", 'keyed']]);
    assert.deepEqual(stepsOf(model, 'pay'), ["acquire Redlock 'account'", 'io', "release Redlock 'account'"]);
    assert.deepEqual(stepsOf(model, 'audit'), ["acquire Redlock 'account'", 'io', "release Redlock 'account'"]);
  });

  test("async-lock: a list of keys takes each key inside the one before, and releases them innermost first", () => {
    const model = modelOf([
      `import AsyncLock from 'async-lock';`,
      `const lock = new AsyncLock();`,
      `export async function move() {`,
      `  await lock.acquire(['from', 'to', 'from'], async () => {`,
      `    await work();`,
      `  });`,
      `}`,
      ``,
    ].join('\n'));
    assert.deepEqual(model.locks.map((lock) => [lock.name, lock.kind]), [["lock 'from'", 'keyed'], ["lock 'to'", 'keyed']]);
    assert.deepEqual(stepsOf(model, 'move'), ["acquire lock 'from'", "acquire lock 'to'", 'io', "release lock 'to'", "release lock 'from'"]);
  });

  test('timers with literal delays: timers/promises, a hand-rolled Promise, a sleep helper called with a literal; unknown delays are io', () => {
    const model = modelOf([
      `const PAUSE = 15;`,
      `function sleep(ms: number) { return new Promise((resolve) => setTimeout(resolve, ms)); }`,
      `export async function waits(n: number) {`,
      `  await delay(5);`,
      `  await new Promise((resolve) => setTimeout(resolve, 20));`,
      `  await sleep(30);`,
      `  await sleep(PAUSE * 2);`,
      `  await sleep(n);`,
      `}`,
      ``,
    ].join('\n'));
    assert.deepEqual(stepsOf(model, 'waits'), ['timer 5', 'timer 20', 'timer 30', 'timer 30', 'io']);
    assert.equal(model.tasks[0]!.steps[2]!.note, 'sleep(…)');
  });

  test(`a blocking call becomes a block of ${BLOCKING_COST_MS} ms, through sync helpers with its chain`, () => {
    const model = modelOf(`function settings() { return readFileSync('settings.json', 'utf8'); }\nexport async function handle() {\n  readFileSync('a.txt');\n  await work();\n  settings();\n}\n`);
    assert.deepEqual(stepsOf(model, 'handle'), [`block readFileSync ${BLOCKING_COST_MS}`, 'io', `block settings → readFileSync ${BLOCKING_COST_MS}`]);
  });

  test('an awaited call into a helper in another file is inlined, with ranges in that file', () => {
    const helper = `import { b } from './case${written + 1}';\nimport { setTimeout as delay } from 'node:timers/promises';\nexport async function withB() {\n  await b.runExclusive(async () => {\n    await delay(1);\n  });\n}\n`;
    const model = modelOf(`import { withB } from './helper';\nexport async function outer() {\n  await a.runExclusive(async () => {\n    await withB();\n  });\n}\n`, { 'helper.ts': helper });
    assert.deepEqual(stepsOf(model, 'outer'), ['acquire a', ['call withB', ['acquire b', 'timer 1', 'release b']], 'release a']);
    const call = model.tasks[0]!.steps[1] as Extract<Step, { kind: 'call' }>;
    assert.equal(call.steps[0]!.range!.uri, uriOf(path.join(folder, 'helper.ts')));
    assert.equal(call.range!.uri, model.uri);
  });

  test('recursion is cut with a note', () => {
    const model = modelOf(`export async function walk(n: number): Promise<void> {\n  await delay(1);\n  if (n > 0) await walk(n - 1);\n}\n`);
    assert.deepEqual(stepsOf(model, 'walk'), ['timer 1', ['branch', [['if (n > 0)', [['call walk', []]]], ['else', []]]]]);
    const branch = model.tasks[0]!.steps[1] as Extract<Step, { kind: 'branch' }>;
    assert.match(branch.alternatives[0]!.steps[0]!.note ?? '', /recursion cut: walk is already running/);
  });

  test('Promise.all of modelled calls spawns each and joins; unawaited calls spawn; helpers get spawn-only templates', () => {
    const model = modelOf([
      `async function left() { await a.runExclusive(async () => {}); }`,
      `async function right() { await delay(2); }`,
      `export async function both() {`,
      `  await Promise.all([left(), right(), work()]);`,
      `  void right();`,
      `  const later = left();`,
      `  await later;`,
      `}`,
      ``,
    ].join('\n'));
    assert.deepEqual(stepsOf(model, 'both'), ['spawn left', 'spawn right', 'join', 'io', 'spawn right', 'spawn left', 'join']);
    assert.deepEqual(model.tasks.map((task) => [task.name, task.instances ?? 1]), [['both', 1], ['left', 0], ['right', 0]]);
    const [, , join, , , spawnLater, joinLater] = model.tasks[0]!.steps as Extract<Step, { kind: 'spawn' | 'join' }>[];
    assert.ok(join!.group && join!.group !== joinLater!.group && spawnLater!.group === joinLater!.group);
  });

  test('branches: differing arms are a choice point, identical arms collapse, loops run once, switch without default may match nothing', () => {
    const model = modelOf([
      `export async function choose(x: number, items: number[]) {`,
      `  if (x > 1) await delay(1); else await delay(1);`,
      `  for (const item of items) { if (item) break; await work(); }`,
      `  switch (x) { case 1: await a.runExclusive(async () => {}); break; case 2: await delay(3); }`,
      `  const y = x > 2 ? await work() : undefined;`,
      `}`,
      ``,
    ].join('\n'));
    assert.deepEqual(stepsOf(model, 'choose'), [
      'timer 1',
      ['branch', [['if (item)', []], ['else', ['io']]]],
      ['branch', [['case 1', ['acquire a', 'release a']], ['case 2', ['timer 3']], ['no case', []]]],
      ['branch', [['x > 2 ?', ['io']], [': else', []]]],
    ]);
  });

  test('entries: named functions replace the default; unknown names, files without entry points and refused files give a reason', () => {
    const code = `async function hidden() { await delay(1); }\nexport async function shown() { await hidden(); }\n`;
    assert.deepEqual(modelOf(code, {}, ['hidden']).tasks.map((task) => task.name), ['hidden']);
    const unknown = extract(code, {}, ['nope']);
    assert.equal(unknown.model, null);
    assert.match(unknown.model === null ? unknown.reason : '', /has no function named "nope"/);
    const none = extract(`export function sync() {}\n`);
    assert.match(none.model === null ? none.reason : '', /no async entry point to model/);
    fs.writeFileSync(path.join(folder, 'binary.ts'), Buffer.from([0, 1, 2, 0, 3]));
    const refused = workspace.modelOf(path.join(folder, 'binary.ts'), { uriOf });
    assert.match(refused.model === null ? refused.reason : '', /binary\.ts is not analysed: /);
  });

  test('async methods of exported classes; family locks are told apart by how the function names them', () => {
    const model = modelOf([
      `export class Account {`,
      `  readonly lock = new Mutex();`,
      `  async deposit() { await this.lock.runExclusive(async () => {}); }`,
      `  private async secret() {}`,
      `}`,
      `export async function transfer(from: Account, to: Account) {`,
      `  await from.lock.runExclusive(async () => { await to.lock.runExclusive(async () => {}); });`,
      `}`,
      ``,
    ].join('\n'));
    assert.deepEqual(model.tasks.map((task) => task.name), ['Account.deposit', 'transfer']);
    assert.deepEqual(stepsOf(model, 'transfer'), ['acquire from.lock', 'acquire to.lock', 'release to.lock', 'release from.lock']);
    assert.deepEqual(stepsOf(model, 'Account.deposit'), ['acquire this.lock', 'release this.lock']);
  });
});

describe('model extraction: the tasks a file starts, each an instance with its arguments', () => {
  const tasks = (model: ConcurrencyModel) => model.tasks.map((task) => [task.name, task.instances ?? 1]);
  const approximations = (model: ConcurrencyModel) => (model.approximations ?? []).map((approximation) => approximation.message);
  const FORKS = [
    `const forks = Array.from({ length: 5 }, () => new Mutex());`,
    `async function dine(seat: number) {`,
    `  await forks[seat].runExclusive(async () => { await forks[(seat + 1) % 5].runExclusive(async () => {}); });`,
    `}`,
  ].join('\n');

  test('a loop over a known bound starts one instance per turn; forks[i] and forks[(i + 1) % 5] are evaluated for each', () => {
    const model = modelOf(`${FORKS}\nfor (let i = 0; i < 5; i++) void dine(i);\n`);
    const file = `case${written}.ts`;
    assert.deepEqual(tasks(model), [[file, 1], ['dine(0)', 0], ['dine(1)', 0], ['dine(2)', 0], ['dine(3)', 0], ['dine(4)', 0]]);
    assert.deepEqual(stepsOf(model, file), ['spawn dine(0)', 'spawn dine(1)', 'spawn dine(2)', 'spawn dine(3)', 'spawn dine(4)']);
    assert.deepEqual(stepsOf(model, 'dine(3)'), ['acquire forks[3]', 'acquire forks[4]', 'release forks[4]', 'release forks[3]']);
    assert.deepEqual(stepsOf(model, 'dine(4)'), ['acquire forks[4]', 'acquire forks[0]', 'release forks[0]', 'release forks[4]']);
    assert.deepEqual(approximations(model), []);
    assert.equal(simulate(model, { policy: 'explore' }).outcome, 'deadlock');
  });

  test('the last philosopher taking the forks the other way round: each instance evaluates the choice, and no deadlock remains', () => {
    const model = modelOf([
      `const forks = Array.from({ length: 5 }, () => new Mutex());`,
      `async function dine(seat: number) {`,
      `  const left = forks[seat];`,
      `  const right = forks[(seat + 1) % 5];`,
      `  const [first, second] = seat === 4 ? [right, left] : [left, right];`,
      `  await first.runExclusive(async () => { await delay(1); await second.runExclusive(async () => {}); });`,
      `}`,
      `for (let seat = 0; seat < 5; seat++) void dine(seat);`,
      ``,
    ].join('\n'));
    assert.deepEqual(stepsOf(model, 'dine(4)'), ['acquire forks[0]', 'timer 1', 'acquire forks[4]', 'release forks[4]', 'release forks[0]']);
    assert.deepEqual(stepsOf(model, 'dine(3)'), ['acquire forks[3]', 'timer 1', 'acquire forks[4]', 'release forks[4]', 'release forks[3]']);
    assert.equal(model.approximations, undefined);
    const result = simulate(model, { policy: 'explore' });
    assert.equal(result.outcome, 'completed');
    assert.equal(result.exploration!.exhaustive, true);
  });

  test('Array.from({ length }, cb) and .map over a constant array in Promise.all start an instance per element, joined', () => {
    const model = modelOf(`${FORKS}\nconst seats = [0, 2];\nawait Promise.all(Array.from({ length: 2 }, (_, i) => dine(i)));\nawait Promise.all(seats.map((seat) => dine(seat)));\n`);
    assert.deepEqual(stepsOf(model, `case${written}.ts`), ['spawn dine(0)', 'spawn dine(1)', 'join', 'spawn dine(0)', 'spawn dine(2)', 'join']);
    assert.deepEqual(stepsOf(model, 'dine(2)'), ['acquire forks[2]', 'acquire forks[3]', 'release forks[3]', 'release forks[2]']);
    // Near miss: an array the code changes is not its literal; its .map starts its task once, and says so.
    const pushed = modelOf(`${FORKS}\nconst seats = [0];\nseats.push(1);\nawait Promise.all(seats.map((seat) => dine(seat)));\n`);
    assert.deepEqual(stepsOf(pushed, `case${written}.ts`), ['spawn dine', 'join']);
    assert.ok(approximations(pushed).includes('seats.map((seat) => dine(seat)): what it maps over is not known before run time: the task it starts runs once'));
  });

  test('transfer(alice, bob) ∥ transfer(bob, alice): each takes the accounts its arguments name, in opposite orders', () => {
    const model = modelOf([
      `class Account { readonly lock = new Mutex(); }`,
      `async function transfer(from: Account, to: Account) {`,
      `  await from.lock.runExclusive(async () => { await to.lock.runExclusive(async () => {}); });`,
      `}`,
      `const alice = new Account();`,
      `const bob = new Account();`,
      `await Promise.all([transfer(alice, bob), transfer(bob, alice)]);`,
      ``,
    ].join('\n'));
    assert.deepEqual(stepsOf(model, 'transfer(alice, bob)'), ['acquire alice.lock', 'acquire bob.lock', 'release bob.lock', 'release alice.lock']);
    assert.deepEqual(stepsOf(model, 'transfer(bob, alice)'), ['acquire bob.lock', 'acquire alice.lock', 'release alice.lock', 'release bob.lock']);
    assert.equal(model.locks.length, 2, 'one lock per account, shared by both instances');
  });

  test('a lock passed as an argument is the caller’s lock; a Map entry by a constant key is that entry; main() is followed', () => {
    const model = modelOf([
      `const accounts = new Map<string, Mutex>();`,
      `async function withLock(m: Mutex) { await m.runExclusive(async () => {}); }`,
      `async function pay(name: string) { await accounts.get(name)!.runExclusive(async () => {}); }`,
      `async function main() {`,
      `  await Promise.all([withLock(a), pay('alice'), pay('bob')]);`,
      `}`,
      `main().catch(() => {});`,
      ``,
    ].join('\n'));
    assert.deepEqual(stepsOf(model, `case${written}.ts`), ['spawn main']);
    assert.deepEqual(stepsOf(model, 'main'), ['spawn withLock(a)', "spawn pay('alice')", "spawn pay('bob')", 'join']);
    assert.deepEqual(stepsOf(model, 'withLock(a)'), ['acquire a', 'release a']);
    assert.deepEqual(stepsOf(model, "pay('bob')"), ["acquire accounts['bob']", "release accounts['bob']"]);
  });

  test('a semaphore passed keeps the capacity written where it is made; a key passed to a keyed lock is that key', () => {
    const model = modelOf([
      `import AsyncLock from 'async-lock';`,
      `const pool = new Semaphore(2);`,
      `const keyed = new AsyncLock();`,
      `async function use(s: Semaphore) { await s.runExclusive(async () => {}); }`,
      `async function locked(key: string) { await keyed.acquire(key, async () => {}); }`,
      `void use(pool);`,
      `void locked('db');`,
      ``,
    ].join('\n'));
    assert.deepEqual(model.locks.map((lock) => [lock.name, lock.kind, lock.capacity]), [['pool', 'semaphore', 2], ["keyed 'db'", 'keyed', undefined]]);
    assert.deepEqual(stepsOf(model, "locked('db')"), ["acquire keyed 'db'", "release keyed 'db'"]);
  });

  test('what is not known is listed: a loop bound, a lock index, a loop cut at the instance bound', () => {
    const unknown = modelOf(`${FORKS}\ndeclare const n: number;\ndeclare function pick(): number;\nasync function any() { await forks[pick()].runExclusive(async () => {}); }\nfor (let i = 0; i < n; i++) void dine(i);\nvoid any();\n`);
    assert.deepEqual(stepsOf(unknown, 'dine'), ['acquire forks[seat]', 'acquire forks[*]', 'release forks[*]', 'release forks[seat]']);
    assert.deepEqual(approximations(unknown), [
      'forks[seat]: which lock is not known before run time; named by its spelling (forks[*])',
      'forks[(seat + 1) % 5]: which lock is not known before run time; named by its spelling (forks[*])',
      'forks[pick()]: which lock is not known before run time; named by its spelling (forks[*])',
      'loop cut at 3 turns: how many it runs is not known before run time',
    ]);
    const cut = modelOf(`${FORKS}\nfor (let i = 0; i < 20; i += 1) void dine(i);\n`);
    assert.equal(cut.tasks.length, 1 + 8);
    assert.deepEqual(approximations(cut), ['a loop runs 8 turns here of 20']);
  });

  test('near misses: top-level code that starts nothing (declarations, a .map of a sync function, an awaited call) keeps the entry points', () => {
    const model = modelOf(`export async function save() { await a.runExclusive(async () => {}); }\nfunction label(i: number) { return String(i); }\nconst ready = Array.from({ length: 3 }, () => 0);\nconst labels = [1, 2].map((i) => label(i));\nawait save();\n`);
    assert.deepEqual(tasks(model), [['save', 1]]);
    assert.equal(model.approximations, undefined);
  });
});

describe('model extraction: generators, loops with model steps, this per instance', () => {
  const approximations = (model: ConcurrencyModel) => (model.approximations ?? []).map((approximation) => approximation.message);
  const ROWS = [
    `async function* rows(n: number) {`,
    `  const release = await a.acquire();`,
    `  try {`,
    `    for (let i = 0; i < n; i++) { await delay(i); yield i; }`,
    `  } finally { release(); }`,
    `}`,
  ].join('\n');

  test('a generator called and not iterated runs nothing: no task, no steps (awaited or not)', () => {
    const model = modelOf(`${ROWS}\nfunction* ids() { yield 1; }\nexport async function drop() { rows(2); ids(); await rows(1); await Promise.all([rows(3)]); }\n`);
    assert.deepEqual(model.tasks.map((task) => task.name), ['drop']);
    assert.deepEqual(stepsOf(model, 'drop'), ['io']);
    // Dropped (or awaited as a statement), a generator object is iterated nowhere; one passed on might be.
    assert.deepEqual(approximations(model), ['rows(3): a generator object kept (stored, passed on, spread, stepped with next()): what its body does where it is iterated is not followed']);
  });

  test('for await over a generator runs it in the consuming task: each yield runs the loop body, its arguments bound', () => {
    const model = modelOf(`${ROWS}\nexport async function consume() {\n  for await (const r of rows(2)) await b.runExclusive(async () => { await delay(r); });\n  await delay(9);\n}\n`);
    assert.deepEqual(stepsOf(model, 'consume'), [
      ['call rows', ['acquire a', 'timer 0', 'acquire b', 'timer 0', 'release b', 'timer 1', 'acquire b', 'timer 1', 'release b', 'release a']],
      'timer 9',
    ]);
    assert.equal(model.tasks.length, 1, 'no task for the generator');
    assert.equal(model.approximations, undefined);
  });

  test('a generator method: its this is the object it is called on, so its locks are that instance’s', () => {
    const model = modelOf([
      `class Feed {`,
      `  readonly lock = new Mutex();`,
      `  async *pages() { await this.lock.runExclusive(async () => {}); yield 4; }`,
      `}`,
      `const feed = new Feed();`,
      `async function read() { for await (const page of feed.pages()) await delay(page); }`,
      `void read();`,
      ``,
    ].join('\n'));
    assert.deepEqual(stepsOf(model, 'read'), [['call Feed.pages', ['acquire feed.lock', 'release feed.lock', 'timer 4']]]);
    assert.equal(model.approximations, undefined);
  });

  test('a break or return in the loop body ends the iteration through the generator’s finally; yield* runs the other generator', () => {
    const model = modelOf([
      ROWS,
      `declare function done(): boolean;`,
      `async function* both() { yield* rows(1); await delay(7); }`,
      `export async function first() { for await (const r of rows(3)) { if (done()) break; await b.runExclusive(async () => {}); } }`,
      `export async function nested() { for await (const r of both()) await delay(5); }`,
      `export async function early() { for await (const r of rows(1)) { if (done()) return; } await delay(9); }`,
      `async function* asks() { if (yield 1) await delay(3); }`,
      `export async function asked() { for await (const x of asks()) { if (done()) break; await delay(2); } }`,
      ``,
    ].join('\n'));
    // Each turn: stop (the finally releases) or take b and go on with the generator.
    const stopOr = (...goOn: Shape[]): Shape => ['branch', [['if (done())', ['release a']], ['else', ['acquire b', 'release b', ...goOn]]]];
    assert.deepEqual(stepsOf(model, 'first'), [['call rows', ['acquire a', 'timer 0', stopOr('timer 1', stopOr('timer 2', stopOr('release a')))]]]);
    assert.deepEqual(stepsOf(model, 'early'), [['call rows', ['acquire a', 'timer 0', ['branch', [['if (done())', ['release a']], ['else', ['release a', 'timer 9']]]]]]]);
    // A yield inside a condition: the loop body runs there, and its break is not followed (listed).
    assert.deepEqual(stepsOf(model, 'asked'), [['call asks', [['branch', [['if (done())', []], ['else', ['timer 2']]]], ['branch', [['if (yield 1)', ['timer 3']], ['else', []]]]]]]);
    assert.ok(model.approximations?.some((approximation) => approximation.message === "yield 1: a yield inside an expression: the loop body's break or return there is modelled as going on"));
    assert.deepEqual(stepsOf(model, 'nested'), [['call both', [['call rows', ['acquire a', 'timer 0', 'timer 5', 'release a']], 'timer 7']]]);
  });

  test('an iterator the model cannot follow keeps io per element, and says so; so does a generator object kept to be stepped by hand', () => {
    const model = modelOf(`${ROWS}\ndeclare const feed: AsyncIterable<number>;\nexport async function read() { for await (const x of feed) await work(); const it = rows(1); await it.next(); }\n`);
    assert.deepEqual(stepsOf(model, 'read'), ['io', 'io', 'io']);
    assert.deepEqual(approximations(model), [
      'for await over an iterator the model cannot follow: each element is io',
      'rows(1): a generator object kept (stored, passed on, spread, stepped with next()): what its body does where it is iterated is not followed',
    ]);
  });

  test('loops with model steps: a counting loop and a for-of over a constant array are unrolled; an unknown one is cut at 3 turns, each a choice', () => {
    const turn = (n: number, ...later: Shape[]): Shape => ['branch', [[`turn ${n}`, ['acquire b', 'release b', ...later]], ['loop ends', []]]];
    const model = modelOf([
      `declare function more(): boolean;`,
      `const waits = [1, 2];`,
      `export async function loops() {`,
      `  for (let i = 0; i < 2; i++) await a.runExclusive(async () => { await delay(i); });`,
      `  for (const ms of waits) await delay(ms);`,
      `  while (more()) await b.runExclusive(async () => {});`,
      `}`,
      `export async function forever() { while (true) { await delay(1); if (more()) break; } }`,
      ``,
    ].join('\n'));
    assert.deepEqual(stepsOf(model, 'loops'), [
      'acquire a', 'timer 0', 'release a', 'acquire a', 'timer 1', 'release a', 'timer 1', 'timer 2',
      turn(1, turn(2, turn(3))),
    ]);
    const orAgain = (...later: Shape[]): Shape => ['branch', [['if (more())', []], ['else', ['timer 1', ...later]]]];
    assert.deepEqual(stepsOf(model, 'forever'), ['timer 1', orAgain(orAgain())]);
    assert.deepEqual(approximations(model), ['loop cut at 3 turns: how many it runs is not known before run time', 'loop cut at 3 turns: how many it runs is not known before run time']);
  });

  test('near misses: a loop without model steps runs once, unrolled nowhere (io and sync code only)', () => {
    const model = modelOf(`declare const items: number[];\nexport async function plain() {\n  for (let i = 0; i < 5; i++) await work();\n  for (const item of items) { if (item) await work(); }\n  while (items.length) items.pop();\n}\n`);
    assert.deepEqual(stepsOf(model, 'plain'), ['io', ['branch', [['if (item)', ['io']], ['else', []]]]]);
    assert.equal(model.approximations, undefined);
  });

  const ACCOUNT = [
    `class Account {`,
    `  readonly lock = new Mutex();`,
    `  async transferTo(to: Account) { await this.lock.runExclusive(async () => { await to.lock.runExclusive(async () => {}); }); }`,
    `}`,
  ].join('\n');

  test('a method called on an object known before run time binds this: the locks reached through it are that instance’s', () => {
    const model = modelOf(`${ACCOUNT}\nconst alice = new Account();\nconst bob = new Account();\nawait Promise.all([alice.transferTo(bob), bob.transferTo(alice)]);\n`);
    assert.deepEqual(model.tasks.map((task) => task.name), [`case${written}.ts`, 'alice.transferTo(bob)', 'bob.transferTo(alice)']);
    assert.deepEqual(stepsOf(model, 'alice.transferTo(bob)'), ['acquire alice.lock', 'acquire bob.lock', 'release bob.lock', 'release alice.lock']);
    assert.deepEqual(stepsOf(model, 'bob.transferTo(alice)'), ['acquire bob.lock', 'acquire alice.lock', 'release alice.lock', 'release bob.lock']);
    assert.equal(simulate(model, { policy: 'explore' }).outcome, 'deadlock');
  });

  test('near miss: a receiver not known before run time keeps the family name, and says so', () => {
    const model = modelOf(`${ACCOUNT}\ndeclare function pick(): Account;\nconst bob = new Account();\nvoid pick().transferTo(bob);\n`);
    assert.deepEqual(model.tasks.map((task) => task.name), [`case${written}.ts`, 'Account.transferTo(bob)']);
    assert.deepEqual(stepsOf(model, 'Account.transferTo(bob)'), ['acquire this.lock', 'acquire bob.lock', 'release bob.lock', 'release this.lock']);
    assert.ok(approximations(model).some((message) => message.startsWith('this.lock: which lock is not known before run time')), approximations(model).join('\n'));
  });
});

describe('the scheduler on extracted models', () => {
  const examples = new Workspace();
  after(() => examples.dispose());
  const extracted = (file: string) => {
    const result = examples.modelOf(path.join(REPO, 'examples/src', file), { uriOf });
    assert.ok(result.model, result.model === null ? result.reason : '');
    return result.model;
  };

  /** A fixed example: a model without approximations, every state of which explore covers, finishing. */
  const completesEverywhere = (file: string) => {
    const model = extracted(file);
    assert.equal(model.approximations, undefined);
    const result = simulate(model, { policy: 'explore' });
    assert.equal(result.outcome, 'completed');
    assert.equal(result.exploration!.exhaustive, true);
  };

  test("the reduced search finds the same verdict and the same deadlocks as the full one on every example's model", () => {
    const files = fs.readdirSync(path.join(REPO, 'examples/src')).filter((file) => /\.[jt]s$/.test(file));
    const models = files.flatMap((file) => {
      const result = examples.modelOf(path.join(REPO, 'examples/src', file), { uriOf });
      return result.model ? [{ file, model: result.model }] : [];
    });
    assert.ok(models.length >= 15, `${models.length} of ${files.length} examples have a model`);
    for (const { file, model } of models) assertReductionKeepsEnds(model, file);
  });

  test('explore finds the deadlock in lock-order.ts, its cycle naming both locks', () => {
    const result = simulate(extracted('lock-order.ts'), { policy: 'explore' });
    assert.equal(result.outcome, 'deadlock');
    const names = new Set(result.deadlock!.cycle.map((edge) => result.locks.find((lock) => lock.id === edge.lock)?.name));
    assert.deepEqual(names, new Set(['accountsMutex', 'ledgerMutex']));
  });

  test('a generator holding a lock across its yields while its consumer takes it: the consumer waits on itself; released before each yield, none', () => {
    const result = simulate(extracted('generator-coroutines.ts'), { policy: 'explore' });
    assert.equal(result.outcome, 'deadlock');
    assert.deepEqual(result.deadlock!.cycle.map((edge) => [result.tasks[edge.task]?.name, result.locks.find((lock) => lock.id === edge.lock)?.name]), [['exportNotes', 'storeLock']]);
    completesEverywhere('generator-coroutines-fixed.ts');
  });

  test('alice.transferTo(bob) ∥ bob.transferTo(alice) deadlock through this.lock and to.lock; ordered by id they do not', () => {
    const model = extracted('bank-transfer-methods.ts');
    assert.equal(model.approximations, undefined);
    assert.equal(simulate(model, { policy: 'explore' }).outcome, 'deadlock');
    completesEverywhere('bank-transfer-methods-ordered.ts');
  });

  test('explore finds no deadlock in correct.ts, and covers every state', () => {
    const result = simulate(extracted('correct.ts'), { policy: 'explore' });
    assert.equal(result.outcome, 'completed');
    assert.equal(result.exploration!.exhaustive, true);
  });

  /** What the deadlock's cycle waits for, by name: locks and events. */
  const waitedFor = (result: ReturnType<typeof simulate>) => new Set(result.deadlock!.cycle.map((edge) =>
    edge.lock ? result.locks.find((lock) => lock.id === edge.lock)?.name : result.events.find((event) => event.id === edge.event)?.name));

  test('producer-consumer.ts: the consumer holds the buffer waiting for a filled slot only the producer, blocked on the buffer, can give', () => {
    const model = extracted('producer-consumer.ts');
    assert.deepEqual(model.locks.map((lock) => [lock.name, lock.capacity, lock.counting]), [['free', 2, true], ['filled', 0, true], ['buffer', undefined, undefined]]);
    const result = simulate(model, { policy: 'explore' });
    assert.equal(result.outcome, 'deadlock');
    assert.deepEqual(waitedFor(result), new Set(['filled', 'buffer']));
  });

  test('semaphore-pool.ts: three jobs each hold one of the three permits and wait for a second', () => {
    const result = simulate(extracted('semaphore-pool.ts'), { policy: 'explore' });
    assert.equal(result.outcome, 'deadlock');
    assert.deepEqual(waitedFor(result), new Set(['pool']));
    assert.equal(result.trace.at(-1)!.tasks.filter((task) => task.holds.length > 0).length, 3, 'every permit held');
  });

  test('event.ts: serve holds the config mutex waiting for ready, which load sets only after taking that mutex', () => {
    const result = simulate(extracted('event.ts'), { policy: 'explore' });
    assert.equal(result.outcome, 'deadlock');
    assert.deepEqual(waitedFor(result), new Set(['ready', 'config']));
  });

  for (const file of ['producer-consumer-fixed.ts', 'semaphore-pool-fixed.ts', 'event-fixed.ts']) {
    test(`${file}: explore covers every state of a model with no approximation, and finds no deadlock`, () => completesEverywhere(file));
  }

  test('semaphore-pool-fixed.ts: the pool of three admits three of the four jobs at once, never four', () => {
    const result = simulate(extracted('semaphore-pool-fixed.ts'), { policy: 'explore' });
    const holding = result.trace.map((event) => event.tasks.filter((task) => task.holds.length > 0).length);
    assert.equal(Math.max(...holding), 3);
  });
});

describe('model extraction: events and counting semaphores', () => {
  const approximations = (model: ConcurrencyModel) => (model.approximations ?? []).map((approximation) => approximation.message);

  test('a promise whose resolve function is kept is an event: await waits for it (also through an alias), a call of the kept resolve sets it', () => {
    const model = modelOf([
      `let setReady!: () => void;`,
      `const ready = new Promise<void>((resolve) => (setReady = resolve));`,
      `export async function waiter() {`,
      `  const gate = ready;`,
      `  await gate;`,
      `  await ready;`,
      `}`,
      `export async function opener() {`,
      `  await delay(1);`,
      `  setReady();`,
      `}`,
      ``,
    ].join('\n'));
    assert.deepEqual(model.events?.map((event) => [event.id, event.name]), [[`case${written}.ts#ready`, 'ready']]);
    assert.deepEqual(stepsOf(model, 'waiter'), ['wait ready', 'wait ready']);
    assert.deepEqual(stepsOf(model, 'opener'), ['timer 1', 'signal ready']);
    assert.equal(model.approximations, undefined);
  });

  test("fields holding the promise and its resolve: each object's event is its own, as the instance's arguments name it", () => {
    const model = modelOf([
      `class Job {`,
      `  finish!: () => void;`,
      `  readonly done = new Promise<void>((resolve) => { this.finish = resolve; });`,
      `}`,
      `const first = new Job();`,
      `const second = new Job();`,
      `async function waitFor(job: Job) { await job.done; }`,
      `async function run(job: Job) { await delay(1); job.finish(); }`,
      `void waitFor(first);`,
      `void waitFor(second);`,
      `void run(first);`,
      ``,
    ].join('\n'));
    assert.deepEqual(stepsOf(model, 'waitFor(first)'), ['wait first.done']);
    assert.deepEqual(stepsOf(model, 'waitFor(second)'), ['wait second.done']);
    assert.deepEqual(stepsOf(model, 'run(first)'), ['timer 1', 'signal first.done']);
    assert.deepEqual(model.events?.map((event) => event.name), ['first.done', 'second.done']);
    assert.equal(model.approximations, undefined);
  });

  test('a kept resolve called where the model does not run (a sync helper, a callback) is listed: the wait may never be woken in the model', () => {
    const model = modelOf([
      `let setReady!: () => void;`,
      `const ready = new Promise<void>((resolve) => (setReady = resolve));`,
      `function finish() { setReady(); }`,
      `export async function waiter() { await ready; }`,
      `export async function opener() { finish(); setTimeout(() => setReady(), 5); }`,
      ``,
    ].join('\n'));
    assert.deepEqual(stepsOf(model, 'waiter'), ['wait ready']);
    assert.deepEqual(approximations(model), [
      'setReady() sets ready where the model does not run (a callback, a sync helper): a wait for it may never be woken in the model',
      'setReady() sets ready where the model does not run (a callback, a sync helper): a wait for it may never be woken in the model',
    ]);
  });

  test('Promise.withResolvers: the destructured promise is awaited, its resolve sets it', () => {
    const model = modelOf([
      `const { promise: opened, resolve: open } = Promise.withResolvers<void>();`,
      `export async function waiter() { await opened; }`,
      `export async function opener() { open(); }`,
      ``,
    ].join('\n'));
    assert.deepEqual(stepsOf(model, 'waiter'), ['wait opened']);
    assert.deepEqual(stepsOf(model, 'opener'), ['signal opened']);
  });

  test("Node's events.once(emitter, 'name') awaited waits for the emitter's event; emitter.emit('name') sets it", () => {
    const model = modelOf([
      `import { EventEmitter, once } from 'node:events';`,
      `const bus = new EventEmitter();`,
      `export async function listener() { await once(bus, 'ready'); }`,
      `export async function announcer() { bus.emit('ready', 1); bus.emit('other'); }`,
      ``,
    ].join('\n'));
    assert.deepEqual(stepsOf(model, 'listener'), ["wait bus 'ready'"]);
    assert.deepEqual(stepsOf(model, 'announcer'), ["signal bus 'ready'", "signal bus 'other'"]);
    assert.equal(new Set(model.events?.map((event) => event.id)).size, 2, "'other' is an event of its own, not 'ready'");
  });

  test('an emitter passed to a task is the caller’s; one not known before run time is io, listed', () => {
    const model = modelOf([
      `import { EventEmitter, once } from 'node:events';`,
      `const bus = new EventEmitter();`,
      `declare function someEmitter(): EventEmitter;`,
      `async function listen(emitter: EventEmitter) { await once(emitter, 'ready'); }`,
      `async function guess() { await once(someEmitter(), 'ready'); }`,
      `void listen(bus);`,
      `void guess();`,
      `bus.emit('ready');`,
      ``,
    ].join('\n'));
    assert.deepEqual(stepsOf(model, 'listen(bus)'), ["wait bus 'ready'"]);
    assert.deepEqual(stepsOf(model, `case${written}.ts`), ['spawn listen(bus)', 'spawn guess', "signal bus 'ready'"]);
    assert.deepEqual(stepsOf(model, 'guess'), ['io']);
    assert.deepEqual(approximations(model), ["once(someEmitter(), 'ready'): its emitter (someEmitter()) is not known before run time: awaited as io"]);
  });

  test('near misses: a resolve never kept leaves the await io; one handed to an unknown function is io and listed; a user emit is no event', () => {
    const model = modelOf([
      `declare function register(callback: () => void): void;`,
      `const settled = new Promise<void>((resolve) => resolve());`,
      `const handed = new Promise<void>((resolve) => register(resolve));`,
      `class Bus { emit(name: string) { return name; } }`,
      `const bus = new Bus();`,
      `export async function waits() {`,
      `  await settled;`,
      `  await handed;`,
      `  bus.emit('ready');`,
      `}`,
      ``,
    ].join('\n'));
    assert.deepEqual(stepsOf(model, 'waits'), ['io', 'io']);
    assert.equal(model.events, undefined);
    assert.deepEqual(approximations(model), ['handed: its resolve function is handed to register(resolve), which the model does not follow: awaited as io']);
  });

  test('a Semaphore(0) has capacity 0; one released where it was not taken is counting, one taken and released is not', () => {
    const model = modelOf([
      `const filled = new Semaphore(0);`,
      `const pool = new Semaphore(2);`,
      `export async function producer() { filled.release(); }`,
      `export async function consumer() {`,
      `  await filled.acquire();`,
      `  const [, release] = await pool.acquire();`,
      `  release();`,
      `}`,
      ``,
    ].join('\n'));
    assert.deepEqual(model.locks.map((lock) => [lock.name, lock.kind, lock.capacity, lock.counting]), [['filled', 'semaphore', 0, true], ['pool', 'semaphore', 2, undefined]]);
    assert.deepEqual(stepsOf(model, 'producer'), ['release filled']);
    assert.deepEqual(stepsOf(model, 'consumer'), ['acquire filled', 'acquire pool', 'release pool']);
    assert.equal(model.approximations, undefined);
    const counted = modelOf(`const SLOTS = 2;\nconst slots = new Semaphore(SLOTS);\nexport async function use() { await slots.runExclusive(async () => {}); }\n`);
    assert.deepEqual(counted.locks.map((lock) => lock.capacity), [undefined]);
    assert.deepEqual(approximations(counted), ['slots: its capacity is not written as a number where it is made: 1 in the model']);
  });
});
