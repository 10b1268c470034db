// Hostile input through `lockstep check`: a 10 MB file, 10,000-deep nesting, binary bytes, and files that end
// inside unterminated constructs, beside a normal file. No crash: the refused files are named on stderr with the
// reason, the broken ones are analysed, and the normal file's finding decides the exit code (1), not a failure (2).
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { DEEP_WITHOUT_BRACKETS, NORMAL, UNTERMINATED, binaryBytes, deeplyNested, tenMegabytes } from '../hostile-inputs';
import { CLI, findingHeads, REPO_ROOT, runCli, tempTree } from './run-cli';

test('lockstep check refuses what it cannot analyse, says why, and analyses the rest', () => {
  const root = tempTree({ 'normal.ts': NORMAL, 'big.ts': tenMegabytes(), 'deep.ts': deeplyNested(), ...DEEP_WITHOUT_BRACKETS, ...UNTERMINATED });
  fs.writeFileSync(path.join(root, 'blob.ts'), binaryBytes());
  try {
    const run = runCli(['check', '.'], root);
    assert.equal(run.code, 1, run.stderr);
    assert.doesNotMatch(run.stderr, /internal error/);
    assert.match(run.stderr, /^lockstep: skipped big\.ts: file is 10\.0 MB, over lockstep\.maxFileSizeKB \(2048 KB\)$/m);
    assert.match(run.stderr, /^lockstep: skipped deep\.ts: its syntax nests too deep for the compiler's parser \(over the 600 levels the analysis accepts\)$/m);
    for (const name of Object.keys(DEEP_WITHOUT_BRACKETS)) assert.match(run.stderr, new RegExp(`^lockstep: skipped ${name.replace('.', '\\.')}: its syntax nests`, 'm'));
    assert.doesNotMatch(run.stderr + run.stdout, /failed on|ANALYSIS INCOMPLETE/);
    assert.match(run.stderr, /^lockstep: skipped blob\.ts: file looks binary \(it contains NUL bytes\)$/m);
    const analysed = ['normal.ts', ...Object.keys(UNTERMINATED)].sort();
    assert.deepEqual(findingHeads(run.stdout), analysed.map((name) => `${name}:2:1 error floating-promise`));
    // The broken files' findings come with a note each that their syntax is broken; the normal file's come alone.
    const syntaxNotes = [...run.stderr.matchAll(/^lockstep: note: ([^:]+):\d+:\d+: syntax error: .+: the file is analysed as the parser read it, so findings near the error may be wrong or missing$/gm)].map((match) => match[1]);
    assert.deepEqual(syntaxNotes.sort(), Object.keys(UNTERMINATED).sort());
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('devices and FIFOs named by tsconfig `files` or `/// <reference path>` are never read; their neighbours are analysed', () => {
  const root = tempTree({
    'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true, noEmit: true }, files: ['src/zero.ts', 'src/fifo.ts', 'src/normal.ts', 'src/refers.ts'] }),
    'src/normal.ts': NORMAL,
    'src/refers.ts': `/// <reference path="./zero-too.ts" />\n${NORMAL}`,
  });
  fs.symlinkSync('/dev/zero', path.join(root, 'src/zero.ts'));
  fs.symlinkSync('/dev/zero', path.join(root, 'src/zero-too.ts'));
  spawnSync('mkfifo', [path.join(root, 'src/fifo.ts')]);
  try {
    const run = runCli(['check', '--project', 'tsconfig.json'], root);
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stderr, /^lockstep: skipped src\/zero\.ts: not a regular file \(a device, FIFO, socket or folder\): it is never read$/m);
    assert.match(run.stderr, /^lockstep: skipped src\/fifo\.ts: not a regular file/m);
    assert.deepEqual(findingHeads(run.stdout), ['src/normal.ts:2:1 error floating-promise', 'src/refers.ts:3:1 error floating-promise']);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('output that cannot be written: a reader gone (| head -1) keeps the verdict quietly; a full disk is one line and exit 2', async () => {
  const full = fs.openSync('/dev/full', 'w');
  try {
    const run = spawnSync(process.execPath, [CLI, 'check', 'examples'], { cwd: REPO_ROOT, stdio: ['ignore', full, 'pipe'], encoding: 'utf8' });
    assert.equal(run.status, 2);
    assert.equal(run.stderr, 'lockstep: cannot write the output: ENOSPC: no space left on device, write\n');
  } finally {
    fs.closeSync(full);
  }
  const child = spawn(process.execPath, [CLI, 'check', 'examples'], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.destroy();
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const [code] = (await once(child, 'exit')) as [number];
  assert.deepEqual([code, stderr], [1, ''], 'the examples have errors: exit 1, and no stack trace');
});

test('a file whose name is not UTF-8 is listed as skipped; the run goes on', () => {
  const root = tempTree({ 'normal.ts': NORMAL });
  fs.writeFileSync(Buffer.concat([Buffer.from(`${root}/bad`), Buffer.from([0xff]), Buffer.from('.ts')]), NORMAL);
  try {
    const run = runCli(['check', '.'], root);
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stderr, /^lockstep: skipped bad\uFFFD\.ts: its name is not valid UTF-8, so it cannot be opened by name$/m);
    assert.deepEqual(findingHeads(run.stdout), ['normal.ts:2:1 error floating-promise']);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('a --project tsconfig that extends a FIFO is a configuration error, not a hang', () => {
  const root = tempTree({ 'tsconfig.json': JSON.stringify({ extends: './base.json' }), 'normal.ts': NORMAL });
  spawnSync('mkfifo', [path.join(root, 'base.json')]);
  try {
    const run = runCli(['check', '--project', 'tsconfig.json'], root);
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, /^lockstep: --project tsconfig\.json: .*base\.json/m);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
