// Every file under test/fixtures is a test: its inline annotations (see fixture-harness.ts) must match the
// findings of all rules exactly — no missing, no unexpected. Adding a fixture needs no code here.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { isAnalysableFile } from '../../server/src/analysis/project';
import { RULE_IDS } from '../../server/src/analysis/rules/index';
import { parseSettings } from '../../server/src/analysis/settings';
import { Workspace } from '../../server/src/analysis/workspace';
import { compare, formatComparison, observe, parseFixture } from './fixture-harness';

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
    const { settings, errors } = parseSettings(fixture.settings, RULE_IDS);
    assert.deepEqual([...fixture.errors, ...errors], [], 'the fixture itself is malformed');
    workspace.setSettings(settings);
    const analysis = workspace.analyzeFile(file);
    assert.equal(analysis.skipped, undefined, `the fixture was not analysed: ${analysis.skipped}`);
    assert.deepEqual(analysis.ruleErrors, [], 'a rule threw');
    const comparison = compare(fixture.expectations, analysis.findings.map((finding) => observe(finding, text)));
    if (comparison.missing.length > 0 || comparison.unexpected.length > 0) {
      assert.fail(`findings differ from the annotations:\n${formatComparison(file, text, comparison)}`);
    }
  });
}
