// package.json's promises, each checked against the code that keeps it: the languages it activates on, the
// commands it declares (registered by the extension), the settings it contributes (understood by the server's
// settings parser, and the other way round), the snippets it registers, and the capabilities it declares.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { commandIds } from '../../client/src/commands';
import { SHOW_DEADLOCK_COMMAND, SHOW_RULE_DOCUMENTATION_COMMAND } from '../../server/src/protocol';
import { minimatch } from 'minimatch';
import { analysedLanguages, watchedFileGlobs } from '../../client/src/documents';
import { CONFIG_FILE_NAME } from '../../server/src/analysis/config';
import { RULE_IDS } from '../../server/src/analysis/rules/index';
import { DEFAULT_SETTINGS, parseSettings, settingKeys } from '../../server/src/analysis/settings';
import { CLIENT_ONLY_SETTINGS, SERVER_SETTINGS, SETTINGS_SECTION, timeLimitOf } from '../../server/src/lsp/settings';

const root = path.resolve(import.meta.dirname, '../..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const contributed: Record<string, { type: string | string[]; enum?: unknown[]; default?: unknown; minimum?: number; examples?: unknown[] }> = manifest.contributes.configuration.properties;

const sorted = (values: Iterable<string>) => [...values].sort();
const withoutSection = (key: string) => key.slice(`${SETTINGS_SECTION}.`.length);
const isClientOnly = (key: string) => CLIENT_ONLY_SETTINGS.includes(withoutSection(key).split('.')[0]!);
const isServerOwn = (key: string) => SERVER_SETTINGS.includes(withoutSection(key));
const isAnalysisSetting = (key: string) => !isClientOnly(key) && !isServerOwn(key);

/** A valid value other than the default, from the setting's schema. */
function sampleValue(schema: (typeof contributed)[string]): unknown {
  const types = [schema.type].flat();
  // Structured settings carry a valid sample in their schema's `examples`.
  if (schema.examples) return schema.examples[0];
  if (schema.enum) return schema.enum.find((value) => value !== null);
  if (types.includes('boolean')) return true;
  if (types.includes('number')) return (schema.minimum ?? 0) + 1;
  if (types.includes('array')) return ['generated/**'];
  return 'value';
}

/** `{ a: { b: value } }` for the path `a.b`: how VS Code hands a dotted setting to the server. */
function nested(key: string, value: unknown): Record<string, unknown> {
  const [first, ...rest] = key.split('.');
  // Rule ids hold no dots, so `rules.<id>` nests once.
  return { [first!]: rest.length === 0 ? value : first === 'rules' ? { [rest.join('.')]: value } : nested(rest.join('.'), value) };
}

describe('package.json contributions', () => {
  it('activates on exactly the languages the client sends to the server', () => {
    const activationLanguages = manifest.activationEvents
      .filter((event: string) => event.startsWith('onLanguage:'))
      .map((event: string) => event.slice('onLanguage:'.length));
    assert.deepEqual(sorted(activationLanguages), sorted(analysedLanguages));
  });

  it('declares exactly the commands the extension registers, each with a title in the Lockstep category', () => {
    // client-smoke.test.ts runs the built extension and sees each of them registered with a handler.
    const declared = manifest.contributes.commands;
    assert.deepEqual(sorted(declared.map((command: { command: string }) => command.command)), sorted(Object.values(commandIds)));
    for (const command of declared) {
      assert.equal(command.category, 'Lockstep');
      assert.ok(command.title, `${command.command} has a title`);
    }
    // The commands the server names in code actions and hover links are the ones the client registers.
    assert.deepEqual([SHOW_DEADLOCK_COMMAND, SHOW_RULE_DOCUMENTATION_COMMAND], [commandIds.showDeadlock, commandIds.showRuleDocumentation]);
  });

  it('contributes exactly the settings the server parses (plus the client’s own), one per rule severity', () => {
    const analysisKeys = Object.keys(contributed).filter(isAnalysisSetting).map(withoutSection);
    assert.deepEqual(sorted(analysisKeys), sorted(settingKeys(RULE_IDS)));
    assert.deepEqual(Object.keys(contributed).filter(isClientOnly), ['lockstep.codeLens.enabled', 'lockstep.trace.server'], 'read by the client (the lenses) and by vscode-languageclient as <client id>.trace.server');
    assert.deepEqual(Object.keys(contributed).filter(isServerOwn).map(withoutSection), [...SERVER_SETTINGS], 'every setting of the server itself is contributed');
  });

  it('has the settings of the server itself understood by it: a valid value takes effect, an invalid one is named', () => {
    const schema = contributed['lockstep.analysisTimeLimitSeconds']!;
    assert.deepEqual(timeLimitOf({ analysisTimeLimitSeconds: schema.default }), { seconds: 10 }, 'unset: the default');
    assert.deepEqual(timeLimitOf({ analysisTimeLimitSeconds: 2.5 }), { seconds: 2.5 });
    for (const wrong of [0, -1, 3601, '5', true]) assert.match(timeLimitOf({ analysisTimeLimitSeconds: wrong }).error ?? '', /^analysisTimeLimitSeconds: expected/, String(wrong));
  });

  it('gives every analysis setting a null default, so only values the user set override lockstep.config.json', () => {
    for (const [key, schema] of Object.entries(contributed)) {
      if (isClientOnly(key)) continue;
      assert.equal(schema.default, null, `${key}: VS Code would report a non-null default as if the user had set it`);
      assert.ok([schema.type].flat().includes('null'), `${key}: its type must admit null`);
    }
  });

  it('has every analysis setting understood by the parser: a valid value parses without error and takes effect', () => {
    for (const [key, schema] of Object.entries(contributed)) {
      if (!isAnalysisSetting(key)) continue;
      const { settings, errors } = parseSettings(nested(withoutSection(key), sampleValue(schema)), RULE_IDS);
      assert.deepEqual(errors, [], key);
      assert.notDeepEqual(settings, DEFAULT_SETTINGS, `${key} changed nothing`);
    }
  });

  it('has the client watch the configuration files, so the server re-applies them on change', () => {
    for (const file of [CONFIG_FILE_NAME, `packages/app/${CONFIG_FILE_NAME}`, 'package.json', 'packages/app/package.json']) {
      assert.ok(watchedFileGlobs.some((glob) => minimatch(file, glob)), file);
    }
  });

  it('has the client watch what installing or removing packages touches, above what VS Code excludes by default (inside a package)', () => {
    const installed = ['package-lock.json', 'packages/app/yarn.lock', 'pnpm-lock.yaml', 'node_modules', 'node_modules/async-mutex', 'node_modules/.package-lock.json'];
    for (const file of installed) assert.ok(watchedFileGlobs.some((glob) => minimatch(file, glob, { dot: true })), file);
  });

  it('registers TypeScript snippets for TypeScript and JavaScript snippets for JavaScript, from files that exist', () => {
    const registrations: { language: string; path: string }[] = manifest.contributes.snippets;
    assert.deepEqual(sorted(registrations.map((snippet) => snippet.language)), sorted(analysedLanguages));
    for (const { language, path: file } of registrations) {
      assert.ok(fs.existsSync(path.join(root, file)), file);
      assert.equal(path.basename(file), language.startsWith('typescript') ? 'typescript.json' : 'javascript.json', language);
    }
  });

  it('declares its trust and virtual-workspace capabilities', () => {
    assert.equal(manifest.capabilities.untrustedWorkspaces.supported, true, 'the analysis runs no user code');
    assert.equal(manifest.capabilities.virtualWorkspaces.supported, false);
    assert.match(manifest.capabilities.virtualWorkspaces.description, /file: URIs/);
  });

  it('points at an icon that exists', () => {
    assert.ok(fs.existsSync(path.join(root, manifest.icon)), manifest.icon);
  });
});
