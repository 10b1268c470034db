// The peers benchmark's agreement check (bench/peers.bench.ts): oxlint's JSON read as findings and matched with
// Lockstep's by rule pair, file and line. Near-misses: the same line under another rule, and the same rule on
// another line, must not count as agreement.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { JsonReport } from '../../server/src/cli/format-json';
import { compareFindings } from '../../bench/agreement';
import { OXLINT_RULES, oxlintFindings } from '../../bench/peers';

const oxlintJson = JSON.stringify({
  diagnostics: [
    { code: 'typescript(no-floating-promises)', message: 'Promises must be awaited', filename: 'src/a.ts', labels: [{ span: { line: 3 } }] },
    { code: 'typescript(no-floating-promises)', message: 'Promises must be awaited', filename: 'src/a.ts', labels: [{ span: { line: 12 } }] },
    { code: 'typescript(no-misused-promises)', message: 'Expected non-Promise value in a boolean conditional', filename: 'src/b.ts', labels: [{ span: { line: 5 } }] },
  ],
});

const finding = (rule: string, file: string, line: number) => ({ rule, file, start: { line, column: 1 }, end: { line, column: 2 }, message: rule });
const ours = {
  findings: [finding('floating-promise', 'src/a.ts', 3), finding('floating-promise', 'src/a.ts', 11), finding('blocking-in-async', 'src/b.ts', 5)],
} as unknown as JsonReport;

test('oxlint diagnostics become rule/file:line findings', () => {
  assert.deepEqual(oxlintFindings(oxlintJson).map((f) => `${f.rule} ${f.at}`), [
    'typescript/no-floating-promises src/a.ts:3',
    'typescript/no-floating-promises src/a.ts:12',
    'typescript/no-misused-promises src/b.ts:5',
  ]);
});

test('findings agree by rule pair, file and line only', () => {
  const [floating, misused] = compareFindings(ours, oxlintFindings(oxlintJson), [
    { ours: 'floating-promise', theirs: OXLINT_RULES.floating },
    { ours: 'misused-promise', theirs: OXLINT_RULES.misused },
  ]);
  assert.deepEqual([floating!.both, floating!.onlyOursList.map((d) => d.at), floating!.onlyTheirsList.map((d) => d.at)], [1, ['src/a.ts:11'], ['src/a.ts:12']]);
  assert.deepEqual([misused!.both, misused!.onlyOurs, misused!.onlyTheirsList.map((d) => d.kind)], [0, 0, ['Expected non-Promise value in a boolean conditional']]);
});
