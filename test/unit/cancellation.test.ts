// An analysis stopped part-way (cancellation.ts) leaves nothing half-made behind: wherever it stops, the next
// analysis of the same program finds exactly what an untouched workspace finds. Past its deadline a file is
// skipped as too slow, and that answer stands until the file changes.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { AnalysisCancelled, type AnalysisBudget } from '../../server/src/analysis/cancellation';
import type { FileAnalysis } from '../../server/src/analysis/types';
import { Workspace } from '../../server/src/analysis/workspace';

const FIXTURE = path.resolve(__dirname, '../fixtures/locks/cross-file-ledger.ts');

/** A budget that asks to stop at its n-th check. */
function stopAtCheck(n: number): AnalysisBudget & { checks: number } {
  const budget = { checks: 0, limitSeconds: 600, stopRequested: () => ++budget.checks >= n };
  return budget;
}

const summary = (analysis: FileAnalysis) => analysis.findings.map((finding) => `${finding.ruleId} ${finding.startPosition.line}:${finding.startPosition.character} ${finding.message}`);

test('a stop at any point leaves no half-made cache: the next analysis equals a fresh one', () => {
  const expected = summary(new Workspace().analyzeFile(FIXTURE));
  assert.ok(expected.some((line) => line.startsWith('lock-order')), 'the fixture has a lock-order finding');
  for (const n of [1, 3, 10, 30, 100, 300, 700, 1500, 2200, 3000]) {
    const workspace = new Workspace();
    const budget = stopAtCheck(n);
    let stopped = false;
    try {
      workspace.analyzeFile(FIXTURE, budget);
    } catch (error) {
      assert.ok(error instanceof AnalysisCancelled && error.overTimeLimitSeconds === undefined, String(error));
      stopped = true;
    }
    // Stopping late enough finishes the analysis: the loop covers the early, middle and late stops.
    if (!stopped) assert.ok(budget.checks < n, `finished after ${budget.checks} checks`);
    assert.deepEqual(summary(workspace.analyzeFile(FIXTURE)), expected, `after a stop at check ${n}`);
  }
});

test('past its deadline a file is skipped as too slow, until it changes', () => {
  const workspace = new Workspace();
  let started = 0;
  const overTime = workspace.analyzeFile(FIXTURE, { limitSeconds: 0.001, stopRequested: () => false, onStart: () => started++ });
  assert.equal(started, 1, 'the host is told when the limit starts counting');
  assert.deepEqual(overTime.findings, []);
  assert.match(overTime.skipped ?? '', /^its analysis took longer than the time limit of 0\.001 s \(lockstep\.analysisTimeLimitSeconds\)/);
  assert.equal(workspace.analyzeFile(FIXTURE).skipped, overTime.skipped, 'the same inputs: the same answer, not another slow run');
  workspace.openDocument(FIXTURE, `${fs.readFileSync(FIXTURE, 'utf8')}\n`, 2);
  const again = workspace.analyzeFile(FIXTURE);
  assert.equal(again.skipped, undefined);
  assert.ok(again.findings.length > 0);
});
