// The lock rules' docs show an incorrect and a correct example: the first must be reported by its rule, the
// second must stay silent — so a page cannot advise what the rule itself flags. Each example is a whole
// module, analysed in a project under the repository (where async-mutex resolves).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { Workspace } from '../../server/src/analysis/workspace';

const root = path.resolve(import.meta.dirname, '../..');
const LOCK_RULES = ['lock-order', 'lock-reentry', 'lock-leak'];

function example(rule: string, heading: '### Incorrect' | '### Correct'): string {
  const page = fs.readFileSync(path.join(root, 'docs', 'rules', `${rule}.md`), 'utf8');
  const block = /```ts\n([^`]+)```/.exec(page.slice(page.indexOf(`\n${heading}\n`)));
  assert.ok(block, `${rule}: ${heading} has a ts example`);
  return block[1]!;
}

const workspace = new Workspace();
fs.mkdirSync(path.join(root, '.test-output'), { recursive: true });
const projects = fs.mkdtempSync(path.join(root, '.test-output', 'docs-examples-'));
after(() => {
  workspace.dispose();
  fs.rmSync(projects, { recursive: true, force: true });
});

/** The rules that fire on the example, analysed alone in a project of its own. */
function rulesFiringOn(name: string, code: string): string[] {
  const folder = path.join(projects, name);
  fs.mkdirSync(folder);
  fs.writeFileSync(path.join(folder, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler', strict: true, noEmit: true, types: [] },
  }));
  const file = path.join(folder, 'example.ts');
  fs.writeFileSync(file, code);
  const analysis = workspace.analyzeFile(file);
  assert.equal(analysis.skipped, undefined);
  return analysis.findings.map((finding) => finding.ruleId);
}

describe('the lock rules\' docs examples', () => {
  for (const rule of LOCK_RULES) {
    it(`${rule}: the incorrect example is reported, the correct one is silent`, () => {
      assert.ok(rulesFiringOn(`${rule}-incorrect`, example(rule, '### Incorrect')).includes(rule));
      assert.deepEqual(rulesFiringOn(`${rule}-correct`, example(rule, '### Correct')), []);
    });
  }
});
