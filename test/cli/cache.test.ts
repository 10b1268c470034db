// `lockstep check --cache`: the output with the cache is byte for byte the output without it — cold, warm and after
// an edit — and a warm run builds no program. The project's lock-order cycle closes across two files that do not
// import each other: editing one side must change the finding in the other, which a cache keyed by each file's own
// content would keep. An edit re-runs the file-scope rules only where it can change them (the summary's "in part":
// files whose file-scope findings were reused while lock-order ran again).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, test } from 'node:test';
import { findingHeads, runCli, tempTree, type CliRun } from './run-cli';

const TSCONFIG = JSON.stringify({
  compilerOptions: { strict: true, target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler', lib: ['ES2022', 'DOM'], noEmit: true },
  include: ['src'],
});
const takesInOrder = (fn: string, first: string, second: string) => `export async function ${fn}(): Promise<void> {
  await navigator.locks.request('${first}', async () => {
    await navigator.locks.request('${second}', async () => {});
  });
}
`;
const PROJECT = {
  'tsconfig.json': TSCONFIG,
  'src/accounts.ts': takesInOrder('debit', 'accounts', 'ledger'),
  'src/ledger.ts': takesInOrder('audit', 'ledger', 'accounts'),
  'src/send.ts': 'export async function send(): Promise<void> {}\n',
  'src/report.ts': "import { send } from './send';\nexport async function report(): Promise<void> {\n  send();\n}\n",
};

let roots: string[] = [];
afterEach(() => {
  for (const root of roots) fs.rmSync(root, { recursive: true, force: true });
  roots = [];
});

function project(files: Record<string, string> = PROJECT): string {
  const root = tempTree(files);
  roots.push(root);
  return root;
}

const check = (root: string, ...args: string[]) => runCli(['check', ...args], root);
const cached = (root: string, ...args: string[]) => check(root, '--cache', ...args);

/** The cache's summary line: files reused of those looked up, files reused in part, programs built. */
function cacheUse(run: CliRun): string {
  return /^lockstep: cache: (\d+ of \d+) file\(s\) reused from .*, (\d+) in part, (\d+) program\(s\) built$/m.exec(run.stderr)?.slice(1).join(', ') ?? `no summary in: ${run.stderr}`;
}

function assertSameOutput(withCache: CliRun, without: CliRun): void {
  assert.equal(withCache.stdout, without.stdout);
  assert.equal(withCache.code, without.code);
}

describe('lockstep check --cache', () => {
  for (const format of ['text', 'json', 'sarif']) {
    test(`cold, warm and one-edit runs print what a run without the cache prints (${format})`, () => {
      const root = project();
      const cold = cached(root, '--format', format);
      assertSameOutput(cold, check(root, '--format', format));
      assert.equal(cacheUse(cold), '0 of 4, 0, 1');
      assert.ok(fs.existsSync(path.join(root, '.lockstepcache')), 'the default location is .lockstepcache in the working directory');

      const warm = cached(root, '--format', format);
      assertSameOutput(warm, check(root, '--format', format));
      assert.equal(cacheUse(warm), '4 of 4, 0, 0', 'every file from the cache, no program built');

      // ledger.ts now takes its locks in accounts.ts's order: the cycle is gone, in the unedited accounts.ts too.
      fs.writeFileSync(path.join(root, 'src/ledger.ts'), takesInOrder('audit', 'accounts', 'ledger'));
      const edited = cached(root, '--format', format);
      const reference = check(root, '--format', format);
      assertSameOutput(edited, reference);
      assert.equal(cacheUse(edited), '0 of 4, 3, 1', 'lock-order is project-wide: it runs again on every file; the file-scope findings of the other three are reused');
    });
  }

  test('the edit removes the finding in the file it did not touch', () => {
    const root = project();
    assert.deepEqual(findingHeads(cached(root).stdout).filter((head) => head.includes('lock-order')), ['src/accounts.ts:3:11 error lock-order', 'src/ledger.ts:3:11 error lock-order']);
    fs.writeFileSync(path.join(root, 'src/ledger.ts'), takesInOrder('audit', 'accounts', 'ledger'));
    assert.deepEqual(findingHeads(cached(root).stdout), ['src/report.ts:3:3 error floating-promise']);
  });

  test('an edit outside the cycle re-runs lock-order on every file and the file-scope rules on the edited file only', () => {
    const root = project();
    cached(root);
    fs.writeFileSync(path.join(root, 'src/report.ts'), `${PROJECT['src/report.ts']}export function again(): void {\n  send();\n}\n`);
    const edited = cached(root);
    assertSameOutput(edited, check(root));
    assert.equal(cacheUse(edited), '0 of 4, 3, 1', 'accounts.ts, ledger.ts and send.ts keep their file-scope findings: none of them imports report.ts');
    assert.deepEqual(findingHeads(edited.stdout), [
      'src/accounts.ts:3:11 error lock-order',
      'src/ledger.ts:3:11 error lock-order',
      'src/report.ts:3:3 error floating-promise',
      'src/report.ts:6:3 error floating-promise',
    ]);
  });

  test('suppression comments are judged against every finding of the file: the reused ones and the ones checked again', () => {
    const accounts = `export async function debit(): Promise<void> {
  await navigator.locks.request('accounts', async () => {
    // lockstep-ignore-next-line lock-order
    await navigator.locks.request('ledger', async () => {});
  });
}
export async function later(): Promise<void> {}
export function schedule(): void {
  // lockstep-ignore-next-line floating-promise
  later();
}
`;
    const root = project({ ...PROJECT, 'src/accounts.ts': accounts });
    const unusedOn = ['--rule', 'unused-suppression=warning'];
    const heads = (run: CliRun) => findingHeads(run.stdout);
    assert.deepEqual(heads(cached(root, ...unusedOn)), ['src/ledger.ts:3:11 error lock-order', 'src/report.ts:3:3 error floating-promise']);

    // The cycle is gone: accounts.ts's lock-order comment suppresses nothing now; its floating-promise one (whose
    // finding comes from the cache) still does.
    fs.writeFileSync(path.join(root, 'src/ledger.ts'), takesInOrder('audit', 'accounts', 'ledger'));
    const edited = cached(root, ...unusedOn);
    assertSameOutput(edited, check(root, ...unusedOn));
    assert.equal(cacheUse(edited), '0 of 4, 3, 1');
    assert.deepEqual(heads(edited), ['src/accounts.ts:3:5 warning unused-suppression', 'src/report.ts:3:3 error floating-promise']);

    fs.writeFileSync(path.join(root, 'src/ledger.ts'), PROJECT['src/ledger.ts']);
    const restored = cached(root, ...unusedOn);
    assertSameOutput(restored, check(root, ...unusedOn));
    assert.deepEqual(heads(restored), ['src/ledger.ts:3:11 error lock-order', 'src/report.ts:3:3 error floating-promise']);
  });

  test('with only file-scope rules an edit redoes the edited file and its importers, no other', () => {
    const root = project();
    const lockOrderOff = ['--rule', 'lock-order=off'];
    cached(root, ...lockOrderOff);
    fs.writeFileSync(path.join(root, 'src/send.ts'), 'export function send(): void {}\n');
    const edited = cached(root, ...lockOrderOff);
    assertSameOutput(edited, check(root, ...lockOrderOff));
    assert.equal(cacheUse(edited), '2 of 4, 0, 1', 'accounts.ts and ledger.ts reused; send.ts and report.ts (which imports it) redone');
    assert.deepEqual(findingHeads(edited.stdout), [], 'report.ts no longer drops a promise');
  });

  test('settings are part of the key', () => {
    const root = project();
    cached(root);
    const off = cached(root, '--rule', 'floating-promise=off');
    assertSameOutput(off, check(root, '--rule', 'floating-promise=off'));
    assert.equal(cacheUse(off), '0 of 4, 0, 1');
    fs.writeFileSync(path.join(root, 'lockstep.config.json'), JSON.stringify({ rules: { 'lock-order': 'warning' } }));
    const configured = cached(root);
    assertSameOutput(configured, check(root));
    assert.equal(cacheUse(configured), '0 of 4, 0, 1');
  });

  test('an install (package.json or a lockfile rewritten) builds the program again', () => {
    const root = project();
    cached(root);
    fs.writeFileSync(path.join(root, 'package-lock.json'), '{}');
    // The program is built again (an import may resolve now); no file it reads changed, so every file is reused.
    assert.equal(cacheUse(cached(root)), '4 of 4, 0, 1');
    assert.equal(cacheUse(cached(root)), '4 of 4, 0, 0');
  });

  test('the cache is content-addressed: restored into another checkout path, it still hits', () => {
    const root = project();
    cached(root);
    const moved = project({});
    fs.cpSync(root, moved, { recursive: true });
    const warm = cached(moved, '--format', 'sarif');
    assertSameOutput(warm, check(moved, '--format', 'sarif'));
    assert.equal(cacheUse(warm), '4 of 4, 0, 0');
  });

  test('--cache-location takes a file or a folder', () => {
    const root = project();
    cached(root, '--cache-location', 'build/lint-cache.json');
    assert.ok(fs.existsSync(path.join(root, 'build/lint-cache.json')));
    fs.mkdirSync(path.join(root, 'caches'));
    cached(root, '--cache-location', 'caches');
    assert.ok(fs.existsSync(path.join(root, 'caches/.lockstepcache')));
    assert.equal(cacheUse(cached(root, '--cache-location', 'caches')), '4 of 4, 0, 0');
    assert.ok(!fs.existsSync(path.join(root, '.lockstepcache')));
  });

  for (const [what, text, note] of [
    ['corrupt', '{"format": "lockstep-cache/2", "tool": ', 'is not valid JSON'],
    ['foreign', JSON.stringify({ version: 4, files: {} }), 'is not a Lockstep cache of this format'],
    ['stale', JSON.stringify({ format: 'lockstep-cache/2', tool: 'an older build', projects: {}, files: {} }), 'was written by another version of Lockstep'],
  ]) {
    test(`a cache file that is ${what}: one note and a cold run, then replaced`, () => {
      const root = project();
      fs.writeFileSync(path.join(root, '.lockstepcache'), text!);
      const run = cached(root);
      assertSameOutput(run, check(root));
      assert.match(run.stderr, new RegExp(`^lockstep: note: the cache \\.lockstepcache ${note}: checking every file$`, 'm'));
      assert.equal(cacheUse(run), '0 of 4, 0, 1');
      assert.equal(cacheUse(cached(root)), '4 of 4, 0, 0');
    });
  }

  test('a record of the wrong shape is checked again, not trusted', () => {
    const root = project();
    cached(root);
    const file = path.join(root, '.lockstepcache');
    const data = JSON.parse(fs.readFileSync(file, 'utf8')) as { files: Record<string, { analysis: unknown }> };
    data.files['src/report.ts']!.analysis = { findings: 'none' };
    fs.writeFileSync(file, JSON.stringify(data));
    const run = cached(root);
    assertSameOutput(run, check(root));
    assert.equal(cacheUse(run), '3 of 4, 0, 1');
  });

  test('--fix with --cache: the fixed files are checked again, and the next run reuses the fixed state', () => {
    const root = project();
    const fixed = cached(root, '--fix');
    assert.match(fixed.stderr, /lockstep: fixed 1 problem\(s\) in 1 file\(s\)\n {2}src\/report\.ts/);
    assert.match(fs.readFileSync(path.join(root, 'src/report.ts'), 'utf8'), /await send\(\);/);
    const warm = cached(root);
    assertSameOutput(warm, check(root));
    assert.equal(cacheUse(warm), '4 of 4, 0, 0');
    assert.deepEqual(findingHeads(warm.stdout).filter((head) => head.includes('report.ts')), []);
  });
});
