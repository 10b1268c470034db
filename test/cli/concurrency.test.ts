// `--concurrency` and `--shard` through the built CLI: worker threads change nothing in the output (text, json,
// SARIF, exit code), shard reports merged in any order are the unsharded report byte for byte, and bad values
// are usage errors (exit 2).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { runCli, tempTree } from './run-cli';

// examples/ (loose files, an inferred project) and the fixtures' tsconfig project (cross-file lock cycles).
const INPUTS = ['examples', 'test/fixtures/locks'];

for (const input of INPUTS) {
  for (const format of ['text', 'json', 'sarif']) {
    test(`${input}, ${format}: two worker threads print what one thread prints`, () => {
      const one = runCli(['check', input, '--format', format, '--concurrency', 'off']);
      const two = runCli(['check', input, '--format', format, '--concurrency', '2']);
      assert.equal(one.code, 1, one.stderr);
      assert.ok(one.stdout.length > 200, 'the run reports findings');
      assert.equal(two.code, one.code, two.stderr);
      assert.equal(two.stdout, one.stdout);
    });
  }
}

for (const format of ['json', 'sarif']) {
  test(`test/fixtures/locks, ${format}: three shards merged (in any order) are the unsharded report`, () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lockstep-shards-'));
    try {
      const whole = runCli(['check', 'test/fixtures/locks', '--format', format]);
      const shards = [1, 2, 3].map((i) => {
        const run = runCli(['check', 'test/fixtures/locks', '--format', format, '--shard', `${i}/3`, '--concurrency', i === 2 ? '2' : 'off']);
        assert.notEqual(run.stdout, whole.stdout, `shard ${i} reports only its part`);
        const file = path.join(dir, `shard-${i}.${format}`);
        fs.writeFileSync(file, run.stdout);
        return file;
      });
      const merged = runCli(['merge', shards[2]!, shards[0]!, shards[1]!]);
      assert.equal(merged.stderr, '');
      assert.equal(merged.stdout, whole.stdout);
      assert.equal(merged.code, whole.code);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
}

test('merge refuses what it cannot join: text, mixed formats, a missing file (exit 2)', () => {
  const dir = tempTree({ 'a.ts': 'async function f(): Promise<void> {}\nexport function g(): void {\n  f();\n}\n' });
  try {
    for (const format of ['text', 'json', 'sarif']) fs.writeFileSync(path.join(dir, format), runCli(['check', 'a.ts', '--format', format], dir).stdout);
    const cases: [string[], RegExp][] = [
      [['text'], /^lockstep: text: not a json or SARIF report of lockstep check \(text output cannot be merged\)\n$/],
      [['json', 'sarif'], /^lockstep: sarif: not a json report of lockstep check/],
      [['json', 'missing.json'], /^lockstep: missing\.json: cannot be read \(ENOENT\)\n$/],
      [[], /^lockstep: merge needs the reports to join/],
    ];
    for (const [args, message] of cases) {
      const run = runCli(['merge', ...args], dir);
      assert.equal(run.code, 2, args.join(' '));
      assert.match(run.stderr, message);
      assert.equal(run.stdout, '');
    }
    // A near-miss: one report merged alone is itself.
    assert.equal(runCli(['merge', 'json'], dir).stdout, fs.readFileSync(path.join(dir, 'json'), 'utf8'));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('bad --concurrency and --shard values are usage errors (exit 2), as ESLint and Jest treat them', () => {
  const cases: [string, RegExp][] = [
    ['--concurrency=0', /--concurrency 0: expected auto, off or a positive integer/],
    ['--concurrency=-1', /--concurrency -1: expected auto, off or a positive integer/],
    ['--concurrency=1.5', /--concurrency 1\.5: expected/],
    ['--concurrency=many', /--concurrency many: expected/],
    ['--shard=0/3', /--shard 0\/3: expected <i>\/<n> with 1 ≤ i ≤ n/],
    ['--shard=4/3', /--shard 4\/3: expected/],
    ['--shard=1/0', /--shard 1\/0: expected/],
    ['--shard=2', /--shard 2: expected/],
  ];
  for (const [flag, message] of cases) {
    const run = runCli(['check', 'examples', flag]);
    assert.equal(run.code, 2, flag);
    assert.match(run.stderr, message);
    assert.equal(run.stdout, '');
  }
});

test('--fix with --concurrency runs on one thread, says so, and fixes as without it', () => {
  const source = "async function save(): Promise<void> {}\nexport async function run(): Promise<void> {\n  save();\n}\n";
  const root = tempTree({ 'src/a.ts': source, 'src/b.ts': source });
  try {
    const run = runCli(['check', '--fix', 'src', '--concurrency', '2'], root);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /^lockstep: --fix runs on one thread \(--concurrency is ignored\)\n/);
    assert.match(run.stderr, /fixed 2 problem\(s\) in 2 file\(s\)/);
    assert.equal(fs.readFileSync(path.join(root, 'src/a.ts'), 'utf8'), source.replace('  save();', '  await save();'));
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
