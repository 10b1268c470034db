// Hostile input through `lockstep check`: a 10 MB file, 10,000-deep nesting, binary bytes, and files that end
// inside unterminated constructs, beside a normal file. No crash: the refused files are named on stderr with the
// reason, the broken ones are analysed, and the normal file's finding decides the exit code (1), not a failure (2).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { DEEP_WITHOUT_BRACKETS, NORMAL, UNTERMINATED, binaryBytes, deeplyNested, tenMegabytes } from '../hostile-inputs';
import { findingHeads, runCli, tempTree } from './run-cli';

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
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
