// lockstep.blockingCalls parsing: good patterns kept (node: dropped from module names), each bad one named and
// skipped, never a throw; and package.json contributes a schema that accepts exactly the same shapes.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { RULE_IDS } from '../../server/src/analysis/rules/index';
import { parseSettings } from '../../server/src/analysis/settings';

describe('lockstep.blockingCalls', () => {
  test('keeps module exports and type methods, without node: prefixes', () => {
    const { settings, errors } = parseSettings({
      blockingCalls: {
        add: [{ module: 'better-sqlite3', type: 'Statement', method: 'run' }, { module: 'sync-request', export: 'default' }, { type: 'Db', method: 'execSync' }],
        allow: [{ module: 'node:fs', export: 'existsSync' }],
      },
    }, RULE_IDS);
    assert.deepEqual(errors, []);
    assert.deepEqual(settings.blockingCalls, {
      add: [{ type: 'Statement', method: 'run', module: 'better-sqlite3' }, { module: 'sync-request', export: 'default' }, { type: 'Db', method: 'execSync' }],
      allow: [{ module: 'fs', export: 'existsSync' }],
    });
  });

  test('names every bad value and keeps the good entries', () => {
    const { settings, errors } = parseSettings({
      blockingCalls: {
        add: [{ export: 'x' }, { module: 'm', export: 'ok' }, 'fs.readFileSync', { type: 'T' }, { type: 'T', method: 'm', extra: 1 }, { module: '', export: 'e' }],
        allow: 'fs',
        deny: [],
      },
    }, RULE_IDS);
    assert.deepEqual(settings.blockingCalls, { add: [{ module: 'm', export: 'ok' }], allow: [] });
    assert.deepEqual(errors, [
      'lockstep.blockingCalls.deny: unknown key (known: add, allow)',
      ...[0, 2, 3, 4, 5].map((index) => `lockstep.blockingCalls.add[${index}]: expected { "module", "export" } or { "type", "method", "module"? } with non-empty strings`),
      'lockstep.blockingCalls.allow: must be a list',
    ]);
    assert.deepEqual(parseSettings({ blockingCalls: [] }, RULE_IDS).errors, ['lockstep.blockingCalls: must be an object with "add" and/or "allow" lists']);
  });

  test('package.json contributes the setting and the rule severity', () => {
    const manifest = JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, '../../package.json'), 'utf8'));
    const properties = manifest.contributes.configuration.properties;
    assert.equal(properties['lockstep.rules.blocking-in-async'].default, null, 'unset: the configuration file or the rule default decides');
    const schema = properties['lockstep.blockingCalls'];
    assert.equal(schema.default, null, 'unset: the configuration file or none');
    assert.deepEqual(Object.keys(schema.properties).sort(), ['add', 'allow']);
    assert.equal(schema.additionalProperties, false);
  });
});
