// `--format sarif` is SARIF 2.1.0: checked by the structural validator in sarif-structure.ts over the CLI's real
// output, then property by property where a code-scanning service depends on it.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { ruleDocsUrl } from '../../server/src/analysis/docs';
import type { Finding } from '../../server/src/analysis/types';
import { formatJson } from '../../server/src/cli/format-json';
import { toSarifLog } from '../../server/src/cli/format-sarif';
import { formatText } from '../../server/src/cli/format-text';
import { EXIT_ERROR_FINDINGS, EXIT_RULE_FAILED, exitCodeOf, type CheckReport } from '../../server/src/cli/report';
import { REPO_ROOT, runCli } from './run-cli';
import { sarifProblems } from './sarif-structure';

// Only the parts the assertions read; the validator has already checked the whole structure.
interface SarifRegion { startLine: number; startColumn: number; endLine: number; endColumn: number }
interface SarifLocation { id?: number; message?: { text: string }; physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region?: SarifRegion } }
interface SarifLog {
  $schema: string;
  version: string;
  runs: {
    tool: { driver: { name: string; version: string; informationUri: string; rules: { id: string; helpUri: string; shortDescription: { text: string }; defaultConfiguration: { level: string } }[] } };
    originalUriBaseIds: Record<string, { uri: string }>;
    results: { ruleId: string; ruleIndex: number; level: string; message: { text: string }; locations: SarifLocation[]; relatedLocations?: SarifLocation[] }[];
  }[];
}

function checkSarif(args: string[]): { code: number | null; log: SarifLog } {
  const run = runCli(['check', ...args, '--format', 'sarif']);
  return { code: run.code, log: JSON.parse(run.stdout) as SarifLog };
}

describe('lockstep check --format sarif', () => {
  let code: number | null;
  let log: SarifLog;
  before(() => ({ code, log } = checkSarif(['examples'])));

  test('is valid SARIF 2.1.0 and exits as the text format does', () => {
    assert.deepEqual(sarifProblems(log), []);
    assert.equal(log.version, '2.1.0');
    assert.match(log.$schema, /sarif-schema-2\.1\.0\.json$/);
    assert.equal(log.runs.length, 1);
    assert.equal(code, 1);
  });

  test('describes every rule with its docs link and default level', () => {
    const driver = log.runs[0].tool.driver;
    assert.equal(driver.name, 'Lockstep');
    assert.match(driver.version, /^\d+\.\d+\.\d+/);
    const byId = new Map(driver.rules.map((rule) => [rule.id, rule]));
    assert.equal(byId.get('floating-promise')?.helpUri, ruleDocsUrl('floating-promise'));
    assert.equal(byId.get('floating-promise')?.defaultConfiguration.level, 'error');
    assert.equal(byId.get('misused-promise')?.helpUri, ruleDocsUrl('misused-promise'));
    assert.equal(byId.get('misused-promise')?.defaultConfiguration.level, 'warning');
    assert.equal(byId.get('blocking-in-async')?.helpUri, ruleDocsUrl('blocking-in-async'));
    assert.equal(byId.get('blocking-in-async')?.defaultConfiguration.level, 'warning');
    for (const rule of driver.rules) assert.ok(rule.shortDescription.text.length > 0, rule.id);
  });

  test('results carry ruleId, level, relative URIs under %SRCROOT% and 1-based regions', () => {
    const run = log.runs[0];
    assert.equal(run.originalUriBaseIds['%SRCROOT%'].uri, `${pathToFileURL(REPO_ROOT).href}/`);
    const saveNote = run.results.find((r) => r.locations[0].physicalLocation.artifactLocation.uri === 'examples/src/floating-promises.ts');
    assert.ok(saveNote);
    assert.equal(saveNote.ruleId, 'floating-promise');
    assert.equal(saveNote.level, 'error');
    assert.deepEqual(saveNote.locations[0].physicalLocation, {
      artifactLocation: { uri: 'examples/src/floating-promises.ts', uriBaseId: '%SRCROOT%' },
      region: { startLine: 8, startColumn: 3, endLine: 8, endColumn: 30 },
    });
    const misused = run.results.filter((r) => r.ruleId === 'misused-promise');
    assert.equal(misused.length, 3);
    assert.ok(misused.every((r) => r.level === 'warning'));
    for (const result of run.results) {
      const { artifactLocation } = result.locations[0].physicalLocation;
      assert.ok(!artifactLocation.uri.startsWith('/') && !artifactLocation.uri.startsWith('file:'), artifactLocation.uri);
      assert.equal(artifactLocation.uriBaseId, '%SRCROOT%');
    }
  });

  test('a blocking chain carries its links as relatedLocations', () => {
    const results = log.runs[0].results.filter((r) => r.ruleId === 'blocking-in-async');
    assert.deepEqual(results.map((r) => [r.level, r.locations[0].physicalLocation.region?.startLine]), [['warning', 14], ['warning', 24]]);
    const chain = results[1]!;
    assert.match(chain.message.text, /\(handleSettingsPage → readSettings → readFileSync\)/);
    assert.deepEqual(chain.relatedLocations, [{
      id: 0,
      message: { text: '`readSettings` blocks here: `readFileSync`' },
      physicalLocation: {
        artifactLocation: { uri: 'examples/src/blocking-in-async.ts', uriBaseId: '%SRCROOT%' },
        region: { startLine: 20, startColumn: 21, endLine: 20, endColumn: 58 },
      },
    }]);
    assert.equal(results[0]!.relatedLocations, undefined, 'a direct call has no chain');
  });

  test('a lock-order cycle across files carries relatedLocations into the other file, in the order of its side', () => {
    const cycle = checkSarif(['test/fixtures/locks/cross-file-payments.ts']);
    assert.deepEqual(sarifProblems(cycle.log), []);
    const result = cycle.log.runs[0].results.find((r) => r.ruleId === 'lock-order');
    assert.ok(result, 'the call into the cycle is reported');
    assert.equal(result.locations[0].physicalLocation.artifactLocation.uri, 'test/fixtures/locks/cross-file-payments.ts');
    assert.deepEqual(result.relatedLocations?.map((l) => [l.id, l.physicalLocation.artifactLocation.uri, l.physicalLocation.region?.startLine, l.message?.text]), [
      [0, 'test/fixtures/locks/cross-file-ledger.ts', 13, 'settle() takes `ledgerLock` here…'],
      [1, 'test/fixtures/locks/cross-file-ledger.ts', 14, '…and `payments` here (cross-file-ledger.ts:14) while holding `ledgerLock`'],
    ]);
  });

  test('information and hint become note', () => {
    const hinted = checkSarif(['examples/src/misused-promises.ts', '--rule', 'misused-promise=hint']);
    assert.deepEqual(sarifProblems(hinted.log), []);
    assert.deepEqual(new Set(hinted.log.runs[0].results.map((r) => r.level)), new Set(['note']));
    assert.equal(hinted.code, 0);
  });
});

describe('SARIF details no example reaches yet', () => {
  const cwd = path.resolve('/work/project');
  const span = (file: string, line: number, character: number, length: number) => ({
    file, start: 0, end: length,
    startPosition: { line, character },
    endPosition: { line, character: character + length },
  });
  const finding: Finding = {
    ...span(path.join(cwd, 'src/a b#1.ts'), 4, 2, 10),
    ruleId: 'lock-order', severity: 'information', message: 'locks taken in opposite orders',
    related: [
      { ...span(path.join(cwd, 'src/other.ts'), 9, 0, 5), message: 'the other order' },
      { ...span(path.resolve('/elsewhere/lib.ts'), 0, 0, 1), message: 'outside the working directory' },
    ],
    fixes: [],
  };
  const report: CheckReport = {
    cwd, toolVersion: '1.2.3', filesChecked: 1, findings: [finding],
    rules: [{ id: 'lock-order', description: 'Two locks taken in opposite orders.', defaultSeverity: 'error' }],
    skipped: [{ file: path.join(cwd, 'big.ts'), reason: 'too large' }],
    ruleFailures: [{ file: path.join(cwd, 'src/a b#1.ts'), ruleId: 'lock-order', error: 'Error: boom\n    at somewhere' }],
    notes: [],
  };
  const log = toSarifLog(report) as SarifLog;
  const result = log.runs[0].results[0];

  test('related places become relatedLocations with ids and messages; the log stays valid', () => {
    assert.deepEqual(sarifProblems(log), []);
    assert.deepEqual(result.relatedLocations?.map((l) => [l.id, l.message?.text, l.physicalLocation.region?.startLine]), [
      [0, 'the other order', 10],
      [1, 'outside the working directory', 1],
    ]);
    assert.equal(result.level, 'note');
    assert.equal(result.ruleIndex, 0);
  });

  test('URIs are percent-encoded; files outside the working directory get absolute file URIs', () => {
    assert.deepEqual(result.locations[0].physicalLocation.artifactLocation, { uri: 'src/a%20b%231.ts', uriBaseId: '%SRCROOT%' });
    assert.deepEqual(result.relatedLocations?.[1].physicalLocation.artifactLocation, { uri: 'file:///elsewhere/lib.ts' });
    assert.equal(log.runs[0].originalUriBaseIds['%SRCROOT%'].uri, 'file:///work/project/');
  });

  test('a failed rule is in every format and the exit status: the run is not successful, whatever it found', () => {
    const invocation = (log as unknown as { runs: { invocations: { executionSuccessful: boolean; exitCode: number }[] }[] }).runs[0].invocations[0];
    assert.deepEqual([invocation.executionSuccessful, invocation.exitCode], [false, EXIT_RULE_FAILED]);
    assert.equal(exitCodeOf(report), EXIT_RULE_FAILED);
    assert.match(formatText(report).trimEnd().split('\n').at(-1)!, /^ANALYSIS INCOMPLETE: rule lock-order failed on 1 file \(details on stderr; exit status 3\)$/);
    assert.equal((JSON.parse(formatJson(report)) as { summary: { rulesFailed: number } }).summary.rulesFailed, 1);
    const whole = { ...report, ruleFailures: [] };
    const wholeLog = toSarifLog(whole) as unknown as { runs: { invocations: { executionSuccessful: boolean; exitCode: number }[] }[] };
    assert.deepEqual([wholeLog.runs[0].invocations[0].executionSuccessful, wholeLog.runs[0].invocations[0].exitCode, exitCodeOf({ ...whole, findings: [{ ...finding, severity: 'error' }] })], [true, 0, EXIT_ERROR_FINDINGS]);
    assert.doesNotMatch(formatText(whole), /INCOMPLETE/);
  });

  test('the validator is not vacuous: it names what is wrong', () => {
    const broken = structuredClone(log) as unknown as { runs: { tool: { driver: Record<string, unknown> }; results: Record<string, unknown>[] }[] };
    delete broken.runs[0].tool.driver.name;
    broken.runs[0].results[0].level = 'fatal';
    broken.runs[0].results[0].ruleIndex = 3;
    broken.runs[0].results[0].severity = 'error';
    (broken.runs[0].results[0].locations as SarifLocation[])[0].physicalLocation.region!.startColumn = 0;
    assert.deepEqual(sarifProblems(broken), [
      '$.runs[0].tool.driver: missing required property name',
      '$.runs[0].results[0].level: expected one of none, note, warning, error, got "fatal"',
      '$.runs[0].results[0].locations[0].physicalLocation.region.startColumn: expected an integer >= 1',
      '$.runs[0].results[0]: property severity is not defined by SARIF 2.1.0 here',
    ]);
  });
});
