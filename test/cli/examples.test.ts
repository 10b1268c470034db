// The CLI's main job: `lockstep check examples` reports every bug the examples show and nothing in the
// correct code, in text and JSON, and --rule changes severities and the exit code.
import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { JsonReport } from '../../server/src/cli/format-json';
import { findingHeads, runCli, type CliRun } from './run-cli';

const FLOATING = [
  'examples/src/floating-promises.ts:8:3 error floating-promise', // saveNote(…) after an await
  'examples/src/floating-promises.ts:12:3 error floating-promise', // .then(render) without a rejection handler
  'examples/src/floating-promises.ts:16:3 error floating-promise', // ids.map(async …)
  'examples/src/floating-promises.ts:22:3 error floating-promise', // async IIFE
  'examples/src/floating-promises.ts:43:3 error floating-promise', // generator object dropped
  'examples/src/floating-promises.ts:44:3 error floating-promise', // async generator object dropped
  'examples/src/legacy-sync.js:6:5 error floating-promise', // plain JavaScript
];
const BLOCKING = [
  'examples/src/blocking-in-async.ts:14:20 warning blocking-in-async', // readFileSync directly in the handler
  'examples/src/blocking-in-async.ts:24:20 warning blocking-in-async', // through the sync helper readSettings
];
const MISUSED = [
  'examples/src/misused-promises.ts:8:25 warning misused-promise', // emitter.on('edited', async …)
  'examples/src/misused-promises.ts:13:17 warning misused-promise', // notes.forEach(async …)
  'examples/src/misused-promises.ts:19:14 warning misused-promise', // setTimeout(async …)
];

// Every lock finding of the examples: producer-consumer.ts, semaphore-pool.ts and event.ts have none (the lock rules
// do not see a wait for a counter or an event; `simulate` finds those deadlocks), and neither do their fixed twins.
const LOCK_ORDER = [
  'examples/src/bank-transfer-methods.ts:14:13 error lock-order', // to.lock while holding this.lock; bank-transfer-methods-ordered.ts stays silent
  'examples/src/bank-transfer.ts:15:11 error lock-order', // to.lock while holding from.lock; transfer-ordered.ts stays silent
  'examples/src/lock-order.ts:18:11 error lock-order', // transfer(): ledgerMutex while holding accountsMutex
  'examples/src/lock-order.ts:33:11 error lock-order', // audit(): accountsMutex while holding ledgerMutex
  'examples/src/philosophers.ts:15:32 error lock-order', // the right fork while holding the left; philosophers-ordered.ts stays silent
];

/** Lines for the promise and blocking rules; the lock rules are checked on their own lines. */
function ruleHeads(stdout: string): string[] {
  return findingHeads(stdout).filter((head) => / (floating-promise|misused-promise|blocking-in-async)$/.test(head));
}

/** The plain run, shared by the tests that only read it (each run costs a process and a type-check). */
let plainRun: CliRun | undefined;
const checkExamples = (): CliRun => (plainRun ??= runCli(['check', 'examples']));

describe('lockstep check examples', () => {
  test('prints each finding as file:line:col severity rule message, a summary, and exits 1', () => {
    const run = checkExamples();
    assert.equal(run.code, 1, run.stderr);
    assert.deepEqual(ruleHeads(run.stdout), [...BLOCKING, ...FLOATING, ...MISUSED]);
    assert.match(run.stdout, /^examples\/src\/floating-promises\.ts:8:3 error floating-promise The promise from `saveNote\(…\)` is dropped/m);
    assert.match(run.stdout.trimEnd().split('\n').at(-1)!, /^\d+ errors, \d+ warnings \(21 files checked\)$/);
    assert.equal(run.stderr, '');
  });

  test('the correct code, the store and the fixed twins stay silent (no lock-leak on a counting semaphore)', () => {
    const run = checkExamples();
    assert.deepEqual(findingHeads(run.stdout).filter((head) => /\/(correct|store|[\w-]+-fixed)\.ts:/.test(head)), []);
  });

  test('the mutexA/mutexB deadlock is found on both sides, each naming the other side', () => {
    const run = checkExamples();
    assert.deepEqual(findingHeads(run.stdout).filter((head) => / lock-(order|reentry|leak)$/.test(head)), LOCK_ORDER);
    assert.match(run.stdout, /lock-order\.ts:18:11 error lock-order `ledgerMutex` is taken here while `accountsMutex` is held \(in transfer\(\)\), but audit\(\) takes `accountsMutex` while holding `ledgerMutex`/);
    assert.match(run.stdout, /^ {4}examples\/src\/lock-order\.ts:30:9 audit\(\) takes `ledgerMutex` here/m);
  });

  test('--format json: 1-based positions, relative paths, related places, docs links, skipped files', () => {
    const run = runCli(['check', 'examples', 'examples/README.md', '--format', 'json']);
    assert.equal(run.code, 1, run.stderr);
    const report = JSON.parse(run.stdout) as JsonReport;
    assert.equal(report.formatVersion, 1);
    assert.equal(report.tool.name, 'lockstep');
    assert.match(report.tool.version, /^\d+\.\d+\.\d+/);
    assert.deepEqual(report.skipped, [{ file: 'examples/README.md', reason: 'not a TypeScript or JavaScript source file' }]);
    assert.deepEqual(report.ruleErrors, []);
    assert.equal(report.summary.filesChecked, 21);
    assert.equal(report.summary.error, report.findings.filter((f) => f.severity === 'error').length);
    assert.equal(report.summary.warning, report.findings.filter((f) => f.severity === 'warning').length);

    const first = report.findings.find((f) => f.file === 'examples/src/floating-promises.ts');
    assert.deepEqual(
      { ...first, message: undefined },
      {
        file: 'examples/src/floating-promises.ts',
        start: { line: 8, column: 3 },
        end: { line: 8, column: 30 }, // `saveNote({ ...note, text })` is 27 characters; end is exclusive
        rule: 'floating-promise',
        severity: 'error',
        message: undefined,
        related: [],
        docsUrl: 'https://github.com/lockstep-dev/lockstep/blob/main/docs/rules/floating-promise.md',
      },
    );
    for (const finding of report.findings) {
      assert.ok(!finding.file.startsWith('/') && !finding.file.includes('\\'), finding.file);
      assert.ok(finding.start.line >= 1 && finding.start.column >= 1, JSON.stringify(finding));
      assert.ok(Array.isArray(finding.related) && typeof finding.message === 'string');
    }
    assert.deepEqual(
      report.findings.map((f) => `${f.file}:${f.start.line}:${f.start.column} ${f.severity} ${f.rule}`).filter((h) => /(promise|blocking-in-async)$/.test(h)),
      [...BLOCKING, ...FLOATING, ...MISUSED],
    );
    const chain = report.findings.find((f) => f.rule === 'blocking-in-async' && f.start.line === 24);
    assert.match(chain!.message, /\(handleSettingsPage → readSettings → readFileSync\)/);
    assert.deepEqual(chain!.related.map((r) => [r.file, r.start.line, r.start.column, r.message]), [
      ['examples/src/blocking-in-async.ts', 20, 21, '`readSettings` blocks here: `readFileSync`'],
    ]);
  });

  test('--rule floating-promise=off removes its findings; with only warnings left the exit code is 0', () => {
    const run = runCli(['check', 'examples', '--rule', 'floating-promise=off', '--rule', 'lock-order=warning']);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(ruleHeads(run.stdout), [...BLOCKING, ...MISUSED]);
  });

  test('--rule floating-promise=warning reports them as warnings and exits 0', () => {
    const run = runCli(['check', 'examples', '--rule=floating-promise=warning', '--rule=lock-order=warning']);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(ruleHeads(run.stdout), [...BLOCKING, ...FLOATING.map((head) => head.replace(' error ', ' warning ')), ...MISUSED]);
  });

  test('--rule misused-promise=error makes its findings fail the run', () => {
    const run = runCli(['check', 'examples/src/misused-promises.ts', '--rule', 'misused-promise=error']);
    assert.equal(run.code, 1, run.stderr);
    assert.deepEqual(ruleHeads(run.stdout), MISUSED.map((head) => head.replace(' warning ', ' error ')));
  });
});
