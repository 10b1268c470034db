// A project that imports async-mutex with no node_modules: the lock rules cannot see its locks, and the CLI says so —
// a note on stderr, in the json `notes` and as a SARIF tool notification — without changing the exit status. The
// same project with the package installed (the repository's copy, symlinked) gets no note and its lock finding.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { REPO_ROOT, findingHeads, runCli, tempTree } from './run-cli';
import { sarifProblems } from './sarif-structure';
import { LEAKY_MUTEX_MODULE as LEAKY } from '../lock-sources';

const MESSAGE = 'async-mutex is imported but its types do not resolve (is it installed?): the lock rules cannot see its locks in this file';

interface SarifNotification {
  level: string;
  message: { text: string };
  locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region: object } }[];
}

describe('a lock library whose types do not resolve', () => {
  const roots: string[] = [];
  const project = (installed: boolean): string => {
    const root = tempTree({ 'package.json': '{}', 'src/leaky.ts': LEAKY });
    roots.push(root);
    if (installed) {
      fs.mkdirSync(path.join(root, 'node_modules'));
      fs.symlinkSync(path.join(REPO_ROOT, 'node_modules/async-mutex'), path.join(root, 'node_modules/async-mutex'), 'dir');
    }
    return root;
  };
  after(() => roots.forEach((root) => fs.rmSync(root, { recursive: true, force: true })));

  test('text: a note on stderr, counted in the summary; exit 0', () => {
    const run = runCli(['check'], project(false));
    assert.equal(run.stderr, `lockstep: note: src/leaky.ts:1:23: ${MESSAGE}\n`);
    assert.equal(run.stdout, 'No findings (1 file checked, 1 note on stderr)\n');
    assert.equal(run.code, 0);
  });

  test('json: the note in `notes`, with its file and range; exit 0', () => {
    const run = runCli(['check', '--format', 'json'], project(false));
    const report = JSON.parse(run.stdout) as { findings: unknown[]; notes: unknown[] };
    assert.deepEqual(report.findings, []);
    assert.deepEqual(report.notes, [{ file: 'src/leaky.ts', start: { line: 1, column: 23 }, end: { line: 1, column: 36 }, message: MESSAGE }]);
    assert.match(run.stderr, /^lockstep: note: src\/leaky\.ts:1:23: /);
    assert.equal(run.code, 0);
  });

  test('sarif: a warning in toolExecutionNotifications at the import; the log stays valid; exit 0', () => {
    const run = runCli(['check', '--format', 'sarif'], project(false));
    const log = JSON.parse(run.stdout) as { runs: { results: unknown[]; invocations: { executionSuccessful: boolean; toolExecutionNotifications: SarifNotification[] }[] }[] };
    assert.deepEqual(sarifProblems(log), []);
    assert.deepEqual(log.runs[0].results, []);
    assert.equal(log.runs[0].invocations[0].executionSuccessful, true);
    assert.deepEqual(log.runs[0].invocations[0].toolExecutionNotifications, [{
      level: 'warning',
      message: { text: MESSAGE },
      locations: [{
        physicalLocation: {
          artifactLocation: { uri: 'src/leaky.ts', uriBaseId: '%SRCROOT%' },
          region: { startLine: 1, startColumn: 23, endLine: 1, endColumn: 36 },
        },
      }],
    }]);
    assert.equal(run.code, 0);
  });

  test('installed, the package resolves: no note anywhere, and the lock rules see the leak', () => {
    const root = project(true);
    const text = runCli(['check'], root);
    assert.equal(text.stderr, '');
    assert.deepEqual(findingHeads(text.stdout), ['src/leaky.ts:4:25 warning lock-leak']);
    assert.match(text.stdout, /\(1 file checked\)\n$/);
    assert.equal(text.code, 0);
    const json = JSON.parse(runCli(['check', '--format', 'json'], root).stdout) as { notes: unknown[] };
    assert.deepEqual(json.notes, []);
    const sarif = JSON.parse(runCli(['check', '--format', 'sarif'], root).stdout) as { runs: { invocations: { toolExecutionNotifications: unknown[] }[] }[] };
    assert.deepEqual(sarif.runs[0].invocations[0].toolExecutionNotifications, []);
  });
});
