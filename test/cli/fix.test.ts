// `lockstep check --fix` writes each finding's preferred fix, as the editor's Fix all applies them, re-checks, and
// reports what is left; files with nothing to fix are not touched, and a UTF-8 byte-order mark is kept.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { REPO_ROOT, findingHeads, runCli, tempTree } from './run-cli';

const DROPPED = `async function save(name: string): Promise<void> {}
export async function run(names: string[]): Promise<void> {
  save('a');
  save('b');
  names.forEach(async (name) => save(name));
}
export function later(names: string[]): void {
  names.forEach(async (name) => save(name));
}
`;
const CLEAN = `export async function quiet(): Promise<void> {}\n`;

test('--fix writes the preferred fixes, then reports only what has none', () => {
  const root = tempTree({ 'src/dropped.ts': DROPPED, 'src/clean.ts': CLEAN, 'src/bom.ts': `\uFEFF${DROPPED}` });
  try {
    const cleanBefore = fs.statSync(path.join(root, 'src/clean.ts')).mtimeMs;
    const run = runCli(['check', '--fix', 'src'], root);
    assert.equal(run.code, 0, `only warnings are left:\n${run.stdout}${run.stderr}`);
    // forEach(async …) outside an async function has no preferred fix (nothing there could await it): it stays.
    assert.deepEqual(findingHeads(run.stdout), ['src/bom.ts:8:17 warning misused-promise', 'src/dropped.ts:8:17 warning misused-promise']);
    assert.match(run.stderr, /^lockstep: fixed 6 problem\(s\) in 2 file\(s\)\n {2}src\/bom\.ts\n {2}src\/dropped\.ts\n$/m);
    const fixed = fs.readFileSync(path.join(root, 'src/dropped.ts'), 'utf8');
    assert.equal(fixed, DROPPED.replace("  save('a');", "  await save('a');").replace("  save('b');", "  await save('b');")
      .replace("  names.forEach(async (name) => save(name));\n}\nexport", "  await Promise.all(names.map(async (name) => save(name)));\n}\nexport"));
    assert.equal(fs.readFileSync(path.join(root, 'src/bom.ts'), 'utf8'), `\uFEFF${fixed}`, 'the byte-order mark stays');
    assert.equal(fs.statSync(path.join(root, 'src/clean.ts')).mtimeMs, cleanBefore, 'a file with nothing to fix is not written');
    const again = runCli(['check', '--fix', 'src'], root);
    assert.match(again.stderr, /lockstep: fixed 0 problem\(s\) in 0 file\(s\)/);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('without --fix nothing is written', () => {
  const root = tempTree({ 'dropped.ts': DROPPED });
  try {
    const run = runCli(['check', 'dropped.ts'], root);
    assert.equal(run.code, 1);
    assert.equal(fs.readFileSync(path.join(root, 'dropped.ts'), 'utf8'), DROPPED);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

// Both sides of this cycle are offered the reorder (a tie): applying both would swap the cycle around, and moving
// an acquisition holds a lock longer — a person's choice, so the fix is not preferred and --fix leaves it (the
// fixes themselves: test/unit/locks.test.ts).
const CYCLE = `import { Mutex } from 'async-mutex';
const a = new Mutex();
const b = new Mutex();
export async function one(n: number): Promise<void> {
  const releaseA = await a.acquire();
  console.log(n);
  const releaseB = await b.acquire();
  try { await Promise.resolve(); } finally { releaseB(); releaseA(); }
}
export async function two(): Promise<void> {
  await b.runExclusive(() => a.runExclusive(() => undefined));
}
`;

test('--fix does not reorder lock acquisitions', () => {
  const root = tempTree({ 'cycle.ts': CYCLE });
  try {
    fs.mkdirSync(path.join(root, 'node_modules'));
    fs.symlinkSync(path.join(REPO_ROOT, 'node_modules/async-mutex'), path.join(root, 'node_modules/async-mutex'), 'dir');
    const run = runCli(['check', '--fix', '--format', 'json', 'cycle.ts'], root);
    const findings = (JSON.parse(run.stdout) as { findings: { rule: string }[] }).findings;
    assert.deepEqual(findings.map((finding) => finding.rule), ['lock-order', 'lock-order']);
    assert.match(run.stderr, /lockstep: fixed 0 problem\(s\) in 0 file\(s\)/);
    assert.equal(fs.readFileSync(path.join(root, 'cycle.ts'), 'utf8'), CYCLE);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
