// The lock rules' quick fixes, applied: the fixed text must carry no finding and no TypeScript error (as in
// quickfix.test.ts). Each case is its own throwaway strict project, with async-mutex mapped to the repository's copy.
// Then hover: a lock's identity, where it is taken and its order, computed by the analysis.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { parseSettings } from '../../server/src/analysis/settings';
import { RULE_IDS } from '../../server/src/analysis/rules/index';
import { applyFix, remedies, typeErrors } from './fix-helpers';
import { renderMarkdown } from './markdown-render';
import { Workspace } from '../../server/src/analysis/workspace';
import { functionName } from '../../server/src/analysis/functions';
import { lockAnalysis } from '../../server/src/analysis/locks/lock-analysis';

const REPO = path.resolve(import.meta.dirname, '../..');
const PRELUDE = `import { Mutex } from 'async-mutex';\nconst a = new Mutex();\nconst b = new Mutex();\ndeclare function work(): Promise<void>;\n`;

interface Case {
  name: string;
  code: string;
  /** The finding whose fix is applied, by rule and a fragment of its line. */
  ruleId: string;
  at: string;
  fixTitle: string;
  produces: string;
}

/** A case's functions, then two(): the other side of their cycle, taking b then a. */
function againstTwo(...lines: string[]): string {
  return [...lines, 'export async function two() {', '  await b.runExclusive(async () => { await a.runExclusive(work); });', '}', ''].join('\n');
}

const CASES: Case[] = [
  {
    name: 'try/finally around an early return',
    code: `export async function f(x: number) {\n  const release = await a.acquire();\n  if (x > 1) return;\n  await work();\n  release();\n}\n`,
    ruleId: 'lock-leak', at: 'a.acquire()', fixTitle: 'Release in a finally block',
    produces: `  const release = await a.acquire();\n  try {\n    if (x > 1) return;\n    await work();\n  } finally {\n    release();\n  }\n`,
  },
  {
    name: 'try/finally with release by method, a throw in between',
    code: `export async function f(x: number) {\n  await a.acquire();\n  const y = x * 2;\n  if (y > 1) throw new Error('big');\n  a.release();\n}\n`,
    ruleId: 'lock-leak', at: 'a.acquire()', fixTitle: 'Release in a finally block',
    produces: `  } finally {\n    a.release();\n  }`,
  },
  {
    name: 'try/finally around acquire, await, release, return: the return that reads the region moves inside',
    code: `export async function f(x: number) {\n  const release = await a.acquire();\n  const total = x + 1;\n  if (total > 9) return 0;\n  await work();\n  release();\n  return total;\n}\n`,
    ruleId: 'lock-leak', at: 'a.acquire()', fixTitle: 'Release in a finally block',
    produces: `  try {\n    const total = x + 1;\n    if (total > 9) return 0;\n    await work();\n    return total;\n  } finally {\n    release();\n  }\n}`,
  },
  {
    name: 'reorder two adjacent acquire statements',
    code: againstTwo(
      'export async function one() {',
      '  const releaseA = await a.acquire();',
      '  const releaseB = await b.acquire();',
      '  try { await work(); } finally { releaseB(); releaseA(); }',
      '}',
    ),
    ruleId: 'lock-order', at: 'b.acquire()', fixTitle: 'Take b before a here',
    produces: `  const releaseB = await b.acquire();\n  const releaseA = await a.acquire();\n`,
  },
  {
    name: 'reorder nested runExclusive scopes',
    code: againstTwo(
      'export function one() {',
      '  return a.runExclusive(() => b.runExclusive(work));',
      '}',
    ),
    ruleId: 'lock-order', at: 'b.runExclusive(work)', fixTitle: 'Take b before a here',
    produces: `return b.runExclusive(() => a.runExclusive(work));`,
  },
  {
    name: 'move an acquisition up past statements that touch no lock and cannot throw',
    code: againstTwo(
      'export async function one(items: number[], n: number) {',
      '  const releaseA = await a.acquire();',
      '  const doubled = n * 2;',
      '  items.push(doubled);',
      '  console.log(doubled);',
      '  const releaseB = await b.acquire();',
      '  try { await work(); } finally { releaseB(); releaseA(); }',
      '}',
    ),
    ruleId: 'lock-order', at: 'b.acquire()', fixTitle: "Take b before a here (the other side's order)",
    produces: `  const releaseB = await b.acquire();\n  const releaseA = await a.acquire();\n  const doubled = n * 2;\n  items.push(doubled);\n  console.log(doubled);\n  try {`,
  },
  {
    name: 'move an acquisition by method up, to the order two other functions use',
    code: againstTwo(
      'export async function one(counts: Map<string, number>) {',
      '  await a.acquire();',
      "  let seen = counts.get('a') ?? 0;",
      '  seen += 1;',
      "  counts.set('a', seen);",
      '  await b.acquire();',
      '  try { await work(); } finally { b.release(); a.release(); }',
      '}',
      'export async function three() {',
      '  await b.runExclusive(() => a.runExclusive(work));',
      '}',
    ),
    ruleId: 'lock-order', at: 'await b.acquire()', fixTitle: 'Take b before a here (the order 2 other functions use)',
    produces: `  await b.acquire();\n  await a.acquire();\n  let seen`,
  },
];

const roots: string[] = [];
const workspace = new Workspace();
after(() => {
  workspace.dispose();
  for (const root of roots) fs.rmSync(root, { recursive: true, force: true });
});

/** A project folder whose tsconfig maps async-mutex to the repository's node_modules (the temp dir has none). */
function project(): string {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'lockstep-locks-')));
  roots.push(root);
  fs.writeFileSync(path.join(root, 'tsconfig.json'), JSON.stringify({
    compilerOptions: {
      strict: true, target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler', lib: ['ES2023', 'DOM'], types: [], noEmit: true,
      paths: { 'async-mutex': [path.join(REPO, 'node_modules/async-mutex/lib/index.d.ts')] },
    },
  }));
  return root;
}

describe('lock quick fixes', () => {
  for (const fixCase of CASES) {
    test(fixCase.name, () => {
      const file = path.join(project(), 'case.ts');
      const text = `${PRELUDE}${fixCase.code}`;
      fs.writeFileSync(file, text);
      assert.deepEqual(typeErrors(workspace, file), [], 'the case itself must type-check');

      const findings = workspace.analyzeFile(file).findings;
      const line = (offset: number) => text.slice(text.lastIndexOf('\n', offset) + 1, text.indexOf('\n', offset));
      const finding = findings.find((f) => f.ruleId === fixCase.ruleId && line(f.start).includes(fixCase.at));
      assert.ok(finding, `no ${fixCase.ruleId} finding at ${fixCase.at}; found: ${findings.map((f) => `${f.ruleId}: ${f.message}`).join(' | ')}`);
      const fix = finding.fixes.find((candidate) => candidate.title.startsWith(fixCase.fixTitle));
      assert.ok(fix, `no fix "${fixCase.fixTitle}…"; offered: ${finding.fixes.map((f) => f.title).join(', ')}`);

      const fixed = applyFix(text, fix);
      assert.ok(fixed.includes(fixCase.produces), `the fixed text lacks:\n${fixCase.produces}\nin:\n${fixed}`);
      workspace.openDocument(file, fixed, 2);
      assert.deepEqual(workspace.analyzeFile(file).findings.map((f) => `${f.ruleId}: ${f.message}`), [], `findings remain in:\n${fixed}`);
      assert.deepEqual(typeErrors(workspace, file), [], `the fix introduced type errors:\n${fixed}`);
    });
  }

  test('no try/finally fix when something declared in the locked region is used after the release, but by a return that only reads', () => {
    const leakFixes = (name: string, tail: string) => {
      const file = path.join(project(), `${name}.ts`);
      fs.writeFileSync(file, `${PRELUDE}declare function log(n: number): number;\nexport async function f() {\n  const release = await a.acquire();\n  const n = 1;\n  if (n > 2) return 0;\n  release();\n${tail}}\n`);
      const [leak] = workspace.analyzeFile(file).findings;
      assert.equal(leak?.ruleId, 'lock-leak', name);
      return remedies(leak);
    };
    assert.deepEqual(leakFixes('used-by-a-statement', '  log(n);\n  return n;\n'), []);
    assert.deepEqual(leakFixes('returned-by-a-call', '  return log(n);\n'), [], 'the call would run under the lock');
    assert.deepEqual(leakFixes('returned-after-another-statement', '  await work();\n  return n;\n'), [], 'work() would run under the lock');
    assert.equal(leakFixes('returned', '  return { n, twice: [n, n] };\n').length, 1);
  });

  test('no reorder when the second acquisition is not adjacent to the first', () => {
    const file = path.join(project(), 'apart.ts');
    fs.writeFileSync(file, `${PRELUDE}export async function one() {\n  await a.runExclusive(async () => { await work(); await b.runExclusive(work); });\n}\nexport async function two() {\n  await b.runExclusive(async () => { await a.runExclusive(work); });\n}\n`);
    const findings = workspace.analyzeFile(file).findings.filter((f) => f.ruleId === 'lock-order');
    assert.equal(findings.length, 2);
    assert.deepEqual(remedies(findings[0]!), [], 'one() does work between the two scoped acquisitions');
    assert.equal(remedies(findings[1]!).length, 1, 'two() nests nothing else');
  });

  test('no move of an acquisition past statements that could change what it means', () => {
    /** The lock-order fixes offered at `const releaseB = await …` in one(), which takes a, runs `between`, then b. */
    const moveFixes = (name: string, between: string, takenB = 'b') => {
      const file = path.join(project(), `${name}.ts`);
      fs.writeFileSync(file, [
        PRELUDE, 'const c = new Mutex();', 'declare function compute(): number;',
        'async function takesC() { await c.runExclusive(work); }',
        'export async function one(n: number) {',
        '  const releaseA = await a.acquire();', between,
        `  const releaseB = await ${takenB}.acquire();`,
        '  try { await work(); } finally { releaseB(); releaseA(); }', '}',
        'export async function two() {', '  await b.runExclusive(async () => { await a.runExclusive(work); });', '}', '',
      ].join('\n'));
      const text = fs.readFileSync(file, 'utf8');
      const finding = workspace.analyzeFile(file).findings.find((f) => f.ruleId === 'lock-order' && text.slice(f.start, f.end).startsWith(`${takenB}.acquire`));
      assert.ok(finding, `${name}: no lock-order finding at the second acquisition`);
      return remedies(finding).map((fix) => fix.title);
    };
    assert.equal(moveFixes('control', '  const m = n + 1;\n  console.log(m);').length, 1, 'the control case gets the fix');
    assert.deepEqual(moveFixes('uses-a-binding-from-between', '  const lockB = b;\n  console.log(n);', 'lockB'), []);
    assert.deepEqual(moveFixes('takes-a-third-lock', '  await c.runExclusive(async () => { console.log(n); });'), []);
    assert.deepEqual(moveFixes('calls-a-function-that-takes-a-lock', '  void takesC();'), []);
    assert.deepEqual(moveFixes('returns-in-between', '  if (n > 1) { releaseA(); return; }'), []);
    assert.deepEqual(moveFixes('may-throw-in-between', '  console.log(compute());'), [], 'a throw there already leaks a; moved, b would leak too');
    assert.deepEqual(moveFixes('waits-for-a-lock-in-between', '  await c.waitForUnlock();'), []);
  });
});

describe('lock hover', () => {
  const FIXTURES = path.join(REPO, 'test/fixtures/locks');
  const hoverOn = (name: string, snippet: string, occurrence = 0): string | undefined => {
    const file = path.join(FIXTURES, name);
    const text = fs.readFileSync(file, 'utf8');
    let offset = -1;
    for (let i = 0; i <= occurrence; i++) offset = text.indexOf(snippet, offset + 1);
    assert.ok(offset >= 0, `${snippet} not in ${name}`);
    workspace.setOverrides({});
    return workspace.hoverAt(file, offset + 1);
  };

  test('names the lock, where it is taken, and its order on both sides, across files', () => {
    const hover = hoverOn('cross-file-ledger.ts', 'ledgerLock.runExclusive(async');
    assert.ok(hover);
    assert.match(hover, /^\*\*Lock\*\* `ledgerLock` — declared at line 6, not reentrant\./);
    assert.match(hover, /not reentrant\. From async-mutex \(this process only\)\.\n/);
    assert.match(hover, /Taken in record\(\) \(line 9\), settle\(\) \(line 13\)\./);
    assert.match(hover, /Order: taken after `payments` in pay\(\); before `payments` in settle\(\)\./);
  });

  test('works on the declaration, and says so for a family of locks', () => {
    assert.match(hoverOn('cross-file-payments.ts', 'payments = new Mutex') ?? '', /\*\*Lock\*\* `payments`/);
    assert.match(hoverOn('same-class-nesting.ts', 'to.lock.runExclusive') ?? '', /`Account\.lock` — one name for every instance/);
    assert.match(hoverOn('semaphores.ts', 'pool.runExclusive') ?? '', /a semaphore of capacity 3/);
    assert.match(hoverOn('p-limit.ts', 'wide(() => wide') ?? '', /`wide` — declared at line 10, a semaphore of capacity 4, not reentrant\. From p-limit/);
    assert.match(hoverOn('proper-lockfile.ts', "'export.csv'") ?? '', /`lock file 'export\.csv'` — a named lock \(one per path, on the machine\), not reentrant\. From proper-lockfile \(shared with other processes\)\./);
  });

  test('is silent away from locks', () => {
    assert.equal(hoverOn('cross-file-ledger.ts', 'console.log'), undefined);
  });

  test('shows lock keys, function names and calls as text: no link, image or HTML comes from the code', () => {
    const outer = 'a`b](http://x) ![i](http://x/a.png) <img src=x>';
    for (const at of ['HOSTILE, async', "'``inner``'"]) {
      const html = renderMarkdown(hoverOn('markdown-in-names.ts', at) ?? '');
      assert.doesNotMatch(html, /<a |<img|<em>|<strong>(?!Lock<)/, html);
      const text = html.replace(/<[^>]*>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
      assert.ok(text.includes(`Web Lock '${outer}'`) && text.includes("Web Lock '``inner``'"), text);
      assert.ok(text.includes("Markup.'[x](http://y)__bold__'()"), text);
    }
  });
});

describe('lockstep.locks settings', () => {
  test('good entries are kept with defaults filled in; bad ones are named and skipped', () => {
    const { settings, errors } = parseSettings({
      locks: [
        { type: 'Latch', acquire: 'lock', release: 'unlock' },
        { type: 'Guard', acquire: 'with', style: 'callback', reentrant: true },
        { type: 'Bad', acquire: 'take', style: 'sometimes' },
        'Mutex',
        { type: 'Pool', acquire: 'run', style: 'callback', callback: 0 },
        { type: 'Queue', acquire: 'push', style: 'callback', callback: 'last' },
        { type: 'First', acquire: 'run', style: 'callback', callback: 'first' },
        { type: 'Negative', acquire: 'run', style: 'callback', callback: -1 },
        { type: 'Latch2', acquire: 'lock', callback: 0 },
      ],
    }, RULE_IDS);
    assert.deepEqual(settings.locks, [
      { type: 'Latch', acquire: 'lock', release: 'unlock', style: 'release-function', reentrant: false },
      { type: 'Guard', acquire: 'with', style: 'callback', reentrant: true },
      { type: 'Pool', acquire: 'run', style: 'callback', callback: 0, reentrant: false },
      { type: 'Queue', acquire: 'push', style: 'callback', callback: 'last', reentrant: false },
    ]);
    const badCallback = 'must be the index of the callback argument (0 for the first) or "last"';
    assert.deepEqual(errors, [
      'lockstep.locks[2].style: must be one of callback | release-function',
      'lockstep.locks[3]: must be an object',
      `lockstep.locks[6].callback: ${badCallback}`,
      `lockstep.locks[7].callback: ${badCallback}`,
      'lockstep.locks[8].callback: applies to "style": "callback" only',
    ]);
    assert.deepEqual(parseSettings({ locks: {} }, RULE_IDS).errors, ['lockstep.locks: must be an array of { type, acquire, release?, style?, callback?, reentrant? }']);
  });
});

test('wrappers(): the functions that run a parameter while they hold a lock, with what they hold', () => {
  const file = path.join(REPO, 'test/fixtures/locks/wrappers.ts');
  const program = new Workspace().projectFor(file).program();
  const wrappers = lockAnalysis(program, []).wrappers().filter(({ fn }) => fn.getSourceFile().fileName === file);
  const listed = wrappers.map(({ fn, runs }) => `${functionName(fn)}: ${runs.map(({ index, path, held }) => `#${[index, ...path].join('.')} holding ${held.ref.identity.label}`).join(', ')}`);
  for (const wrapper of [
    'Database.transaction: #0 holding Database.#lock',
    'withLock: #1 holding mutex',
    'acquireLock: #1 holding keyed *',
    "exclusively: #0 holding keyed 'sessions'",
    'mutex: #0 holding lock',
    'Chain.runWithLock: #0 holding Chain.lock',
    "AuthClient.acquireLock: #0 holding Web Lock 'auth-token'",
    'Session.unguarded: #0 holding Session.mutex',
    'SyncStream.obtainLock: #0.callback holding SyncStream.mutex',
    'SyncStream.withLock: #0.callback holding SyncStream.mutex',
    'SyncStream.finish: #0.callback holding SyncStream.mutex',
    "Manifest.lockedRun: #0 holding lock file 'manifest.json'",
  ]) assert.ok(listed.includes(wrapper), `${wrapper} in ${listed.join(' | ')}`);
  // Not the near-misses: they run no parameter of their own, or only call wrappers.
  for (const caller of ['Database.query', 'migrate', 'seed', 'rotate', 'Uploader.upload', 'AuthClient.refresh', 'Session.save', 'SyncStream.sync', 'SyncStream.flush', 'pull', 'Manifest.maybeRun', 'Manifest.migrate']) {
    assert.ok(!listed.some((wrapper) => wrapper.startsWith(`${caller}:`)), `${caller} is no wrapper`);
  }
});

test("lock facts follow an edit to a callee's file, while the caller's file is unchanged", () => {
  const ledger = path.join(REPO, 'test/fixtures/locks/cross-file-ledger.ts');
  const payments = path.join(REPO, 'test/fixtures/locks/cross-file-payments.ts');
  const ledgerText = fs.readFileSync(ledger, 'utf8');
  // A second function in the caller's file that reads nothing of the ledger's: its facts stay cached.
  const paymentsText = `${fs.readFileSync(payments, 'utf8')}\nexport async function audit(): Promise<void> {\n  await payments.runExclusive(() => undefined);\n}\n`;
  const ws = new Workspace();
  ws.openDocument(payments, paymentsText, 1);
  const lockOrderLines = () => ws.analyzeFile(payments).findings.filter((f) => f.ruleId === 'lock-order').map((f) => f.message);
  const before = lockOrderLines();
  assert.equal(before.length, 1, 'pay() closes the cycle');
  ws.openDocument(ledger, ledgerText.replace('await ledgerLock.runExclusive(() => console.log(entry));', 'console.log(entry);'), 1);
  assert.deepEqual(lockOrderLines(), [], 'record() no longer takes the ledger lock');
  ws.openDocument(ledger, ledgerText, 2);
  assert.deepEqual(lockOrderLines(), before, 'and takes it again');
});
