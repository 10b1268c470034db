// Every rule has a docs page, the one its diagnostics link to (codeDescription, SARIF helpUri), with the sections
// a reader needs: what it finds, why it matters, how to fix, and incorrect and correct examples.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { REPOSITORY_URL, ruleDocsUrl } from '../../server/src/analysis/docs';
import { ALL_RULES } from '../../server/src/analysis/rules/index';

const root = path.resolve(import.meta.dirname, '../..');
const REQUIRED_SECTIONS = ['## What it finds', '## Why it matters', '## How to fix', '### Incorrect', '### Correct'];

describe('rule docs', () => {
  for (const rule of ALL_RULES) {
    const { id, defaultSeverity } = rule.meta;
    it(`${id}: docs/rules/${id}.md is what its diagnostics link to, with every section and an example in each`, () => {
      assert.equal(ruleDocsUrl(id), `${REPOSITORY_URL}/blob/main/docs/rules/${id}.md`);
      const page = path.join(root, 'docs', 'rules', `${id}.md`);
      assert.ok(fs.existsSync(page), `${page} is missing`);
      const text = fs.readFileSync(page, 'utf8');
      assert.match(text, new RegExp(`^# ${id}\\n`), 'titled with the rule id');
      assert.match(text, new RegExp(`Default severity: \\*\\*${defaultSeverity}\\*\\*`), 'states the default severity');
      for (const section of REQUIRED_SECTIONS) assert.ok(text.includes(`\n${section}\n`), `missing "${section}"`);
      for (const example of ['### Incorrect', '### Correct']) {
        const after = text.slice(text.indexOf(`\n${example}\n`));
        assert.match(after, /^\n### \w+\n+```[a-z]+\n[^`]+```/, `${example} holds a code example`);
      }
    });
  }

  it('docs/configuration.md names every rule', () => {
    const text = fs.readFileSync(path.join(root, 'docs', 'configuration.md'), 'utf8');
    for (const rule of ALL_RULES) assert.ok(text.includes(`\`${rule.meta.id}\``), rule.meta.id);
  });
});
