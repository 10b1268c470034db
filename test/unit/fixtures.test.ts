// Every file under test/fixtures is a test: its inline annotations (see fixture-harness.ts) must match the
// findings of all rules exactly — no missing, no unexpected. Adding a fixture needs no code here.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { isAnalysableFile } from '../../server/src/analysis/project';
import { Workspace } from '../../server/src/analysis/workspace';
import { compare, formatComparison, observe, parseFixture, type ObservedFinding } from './fixture-harness';
import type { Finding } from '../../server/src/analysis/types';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures');

function fixtureFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : fixtureFiles(full);
    return isAnalysableFile(full) ? [full] : [];
  }).sort();
}

// One workspace for all fixtures, so the fixture project's program (and its lib files) is built once.
const workspace = new Workspace();
after(() => workspace.dispose());

for (const file of fixtureFiles(FIXTURES)) {
  test(path.relative(FIXTURES, file), () => {
    const text = fs.readFileSync(file, 'utf8');
    const fixture = parseFixture(text);
    const errors = workspace.setOverrides(fixture.settings);
    assert.deepEqual([...fixture.errors, ...errors], [], 'the fixture itself is malformed');
    const analysis = workspace.analyzeFile(file);
    assert.equal(analysis.skipped, undefined, `the fixture was not analysed: ${analysis.skipped}`);
    assert.deepEqual(analysis.ruleErrors, [], 'a rule threw');
    const comparison = compare(fixture.expectations, analysis.findings.map((finding) => observe(finding, text)));
    if (comparison.missing.length > 0 || comparison.unexpected.length > 0) {
      assert.fail(`findings differ from the annotations:\n${formatComparison(file, text, comparison)}`);
    }
  });
}

// The harness must be able to fail: its parser and comparison, checked on a fixture written here.
describe('fixture harness', () => {
  const text = [
    '// lockstep-settings: {"floatingPromise":{"ignoreAsyncIife":true}}',
    '  run(a(), b());',
    '//    ^^^ floating-promise dropped',
    '//         ^^^ floating-promise',
    '  f(async () => {',
    '//  ^^^^^^^^^^^^^ misused-promise',
    '  });',
  ].join('\n');
  const at = (line: number, startColumn: number, endColumn: number, ruleId = 'floating-promise', message = 'x dropped'): ObservedFinding =>
    ({ line, startColumn, endColumn, ruleId, message });
  const all = [at(1, 6, 9), at(1, 11, 14), at(4, 4, 17, 'misused-promise')];

  test('reads columns, stacked annotations, message substrings and settings', () => {
    const parsed = parseFixture(text);
    assert.deepEqual(parsed.errors, []);
    assert.deepEqual(parsed.settings, { floatingPromise: { ignoreAsyncIife: true } });
    assert.deepEqual(parsed.expectations.map((e) => [e.line, e.startColumn, e.endColumn, e.ruleId, e.messageIncludes]), [
      [1, 6, 9, 'floating-promise', 'dropped'],
      [1, 11, 14, 'floating-promise', undefined],
      [4, 4, 17, 'misused-promise', undefined],
    ]);
  });

  test('a finding spanning lines is observed up to the end of its first line', () => {
    const finding = { startPosition: { line: 4, character: 4 }, endPosition: { line: 6, character: 3 }, ruleId: 'misused-promise', message: 'm' } as Finding;
    assert.deepEqual(observe(finding, text), at(4, 4, 17, 'misused-promise', 'm'));
  });

  test('matching findings pass', () => {
    assert.deepEqual(compare(parseFixture(text).expectations, all), { missing: [], unexpected: [] });
  });

  test('a shifted column, a wrong rule, a wrong message, a missing and an extra finding all fail', () => {
    const { expectations } = parseFixture(text);
    const cases: ObservedFinding[][] = [
      [at(1, 7, 9), all[1]!, all[2]!],
      [at(1, 6, 9, 'misused-promise'), all[1]!, all[2]!],
      [at(1, 6, 9, 'floating-promise', 'something else'), all[1]!, all[2]!],
      [all[0]!, all[1]!],
      [...all, at(6, 2, 4)],
    ];
    for (const actual of cases) {
      const comparison = compare(expectations, actual);
      assert.ok(comparison.missing.length + comparison.unexpected.length > 0, JSON.stringify(actual));
    }
    const report = formatComparison('/tmp/example.ts', text, compare(expectations, [all[0]!, all[1]!, at(6, 2, 4)]));
    assert.match(report, /missing +\S*example\.ts:5:5 misused-promise/);
    assert.match(report, /unexpected \S*example\.ts:7:3 floating-promise/);
  });

  test('malformed fixtures are reported', () => {
    assert.equal(parseFixture('// ^^^ floating-promise').errors.length, 1);
    assert.equal(parseFixture('// lockstep-settings: {nope').errors.length, 1);
  });
});
