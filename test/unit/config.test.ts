// The configuration file and the settings layers: where the file is found, how its keys are read (by the same
// parser as the editor's settings), how the layers override each other, the ignore globs, and the messages.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { Configurations, ignoringGlob } from '../../server/src/analysis/config';
import { RULE_IDS } from '../../server/src/analysis/rules/index';
import { braceExpansions, DEFAULT_SETTINGS, parseSettings, settingKeys } from '../../server/src/analysis/settings';

function tree(files: Record<string, unknown>): string {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'lockstep-config-')));
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), typeof content === 'string' ? content : JSON.stringify(content));
  }
  return root;
}

function configurations(onFileRead?: (file: string, errors: readonly string[]) => void): Configurations {
  return new Configurations({ ruleIds: RULE_IDS, onFileRead });
}

describe('finding the configuration file', () => {
  test('walks up to the first folder with lockstep.config.json or a package.json with a "lockstep" key', () => {
    const root = tree({
      'lockstep.config.json': { rules: { 'floating-promise': 'warning' } },
      'packages/app/package.json': { name: 'app' }, // no "lockstep" key: the walk goes on
      'packages/lib/package.json': { name: 'lib', lockstep: { rules: { 'floating-promise': 'hint' } } },
      'packages/lib/sub/lockstep.config.json': '{ /* comments and trailing commas are fine */ "rules": { "floating-promise": "off", }, }',
    });
    const configs = configurations();
    const at = (file: string) => configs.forFile(path.join(root, file));
    assert.equal(at('packages/app/src/a.ts').file, path.join(root, 'lockstep.config.json'));
    assert.equal(at('packages/app/src/a.ts').settings.rules['floating-promise'], 'warning');
    assert.equal(at('packages/lib/a.ts').file, path.join(root, 'packages/lib/package.json'));
    assert.equal(at('packages/lib/a.ts').settings.rules['floating-promise'], 'hint');
    assert.equal(at('packages/lib/sub/deep/a.ts').settings.rules['floating-promise'], 'off');
    assert.equal(at('packages/lib/sub/deep/a.ts').root, path.join(root, 'packages/lib/sub'));
  });

  test('lockstep.config.json wins over a package.json "lockstep" key in the same folder', () => {
    const root = tree({ 'lockstep.config.json': { maxFileSizeKB: 10 }, 'package.json': { lockstep: { maxFileSizeKB: 20 } } });
    assert.equal(configurations().forFile(path.join(root, 'a.ts')).settings.maxFileSizeKB, 10);
  });

  test('without one, the defaults apply and ignore globs are relative to the nearest package.json', () => {
    const root = tree({ 'package.json': { name: 'plain' } });
    const configuration = configurations().forFile(path.join(root, 'src/a.ts'));
    assert.equal(configuration.file, undefined);
    assert.equal(configuration.root, root);
    assert.deepEqual(configuration.settings, DEFAULT_SETTINGS);
  });

  test('is read again after invalidate(), and reported only when its content changed', () => {
    const root = tree({ 'lockstep.config.json': { rules: { 'misused-promise': 'error' } } });
    const reads: string[] = [];
    const configs = configurations((file) => reads.push(file));
    const file = path.join(root, 'a.ts');
    assert.equal(configs.forFile(file).settings.rules['misused-promise'], 'error');
    configs.invalidate();
    configs.forFile(file);
    assert.equal(reads.length, 1, 'unchanged content is not reported again');
    fs.writeFileSync(path.join(root, 'lockstep.config.json'), JSON.stringify({ rules: { 'misused-promise': 'hint' } }));
    assert.equal(configs.forFile(file).settings.rules['misused-promise'], 'error', 'cached until invalidated');
    configs.invalidate();
    assert.equal(configs.forFile(file).settings.rules['misused-promise'], 'hint');
    assert.equal(reads.length, 2);
  });
});

describe('layers', () => {
  test('overrides replace only what they set; null means unset (as VS Code reports a setting without a value)', () => {
    const root = tree({ 'lockstep.config.json': { rules: { 'floating-promise': 'warning', 'misused-promise': 'hint' }, ignore: ['gen/**'] } });
    const configs = configurations();
    const errors = configs.setOverrides({ rules: { 'floating-promise': 'error', 'misused-promise': null }, ignore: null, maxFileSizeKB: null, floatingPromise: { ignoreAsyncIife: null } });
    assert.deepEqual(errors, []);
    const { settings } = configs.forFile(path.join(root, 'a.ts'));
    assert.deepEqual(settings.rules, { 'floating-promise': 'error', 'misused-promise': 'hint' });
    assert.deepEqual(settings.ignore, ['gen/**']);
    assert.equal(settings.maxFileSizeKB, DEFAULT_SETTINGS.maxFileSizeKB);
  });

  test('a bad key in the file is named with the file; the good keys still apply', () => {
    const root = tree({ 'lockstep.config.json': { rules: { 'floating-promise': 'loud', 'misused-promise': 'error', 'no-such-rule': 'off' }, ignor: [] } });
    const configuration = configurations().forFile(path.join(root, 'a.ts'));
    const file = path.join(root, 'lockstep.config.json');
    assert.deepEqual(configuration.errors, [
      `${file}: rules.floating-promise: "loud" is not one of off | hint | information | warning | error`,
      `${file}: rules.no-such-rule: unknown rule (known: ${RULE_IDS.join(', ')})`,
      `${file}: ignor: unknown setting (known: rules, floatingPromise, blockingCalls, locks, maxFileSizeKB, ignore, eslintComments)`,
    ]);
    assert.equal(configuration.settings.rules['misused-promise'], 'error');
    assert.equal(configuration.settings.rules['floating-promise'], undefined);
  });

  test('package.json keys read as lockstep.…, and invalid JSON is named', () => {
    const root = tree({ 'package.json': { lockstep: { maxFileSizeKB: 'big' } }, 'broken/lockstep.config.json': '{ "rules": ' });
    assert.deepEqual(configurations().forFile(path.join(root, 'a.ts')).errors, [`${path.join(root, 'package.json')}: lockstep.maxFileSizeKB: must be a positive number`]);
    const [broken] = configurations().forFile(path.join(root, 'broken/a.ts')).errors;
    assert.match(broken!, /broken\/lockstep\.config\.json: not valid JSON: /);
  });
});

describe('ignore globs', () => {
  const root = tree({ 'lockstep.config.json': { ignore: ['src/generated', '**/*.spec.ts', './vendor/'] } });
  const configuration = configurations().forFile(path.join(root, 'src/a.ts'));
  const cases: [string, string | undefined][] = [
    ['src/generated/api.ts', 'src/generated'],
    ['src/generated/deep/api.ts', 'src/generated'],
    ['src/generated.ts', undefined],
    ['src/a.spec.ts', '**/*.spec.ts'],
    ['vendor/lib.js', './vendor/'],
    ['src/a.ts', undefined],
  ];
  for (const [file, glob] of cases) {
    test(`${file} → ${glob ?? 'analysed'}`, () => assert.equal(ignoringGlob(path.join(root, file), configuration), glob));
  }
  test('files outside the root are never matched', () => assert.equal(ignoringGlob(path.join(path.dirname(root), 'src/generated/x.ts'), configuration), undefined));
});

describe('the settings parser', () => {
  test('names unknown keys at every level, and non-object settings', () => {
    assert.deepEqual(parseSettings({ floatingPromise: { ignoreAsync: true }, extra: 1 }, RULE_IDS).errors, [
      'lockstep.floatingPromise.ignoreAsync: unknown setting (known: ignoreAsyncIife)',
      'lockstep.extra: unknown setting (known: rules, floatingPromise, blockingCalls, locks, maxFileSizeKB, ignore, eslintComments)',
    ]);
    assert.deepEqual(parseSettings(42, RULE_IDS).errors, ['lockstep: must be an object']);
    assert.deepEqual(parseSettings([], RULE_IDS, { keyPrefix: '' }).errors, ['settings: must be an object']);
    assert.deepEqual(parseSettings({ ignore: ['ok', '', 3] }, RULE_IDS).errors, ['lockstep.ignore[1]: must be a non-empty glob string', 'lockstep.ignore[2]: must be a non-empty glob string']);
    assert.deepEqual(parseSettings({ eslintComments: 'no' }, RULE_IDS).errors, ['lockstep.eslintComments: must be true or false']);
  });

  test('an ignore glob whose braces expand past 256 patterns is refused with a reason; the others stand', () => {
    const explosive = '{a,b}'.repeat(17);
    const { settings, errors } = parseSettings({ ignore: ['generated/**', explosive, 'src/{x,y}/{1..9}.ts'] }, RULE_IDS);
    assert.deepEqual(settings.ignore, ['generated/**', 'src/{x,y}/{1..9}.ts']);
    assert.deepEqual(errors, ['lockstep.ignore[1]: its braces expand to more than 256 patterns, each matched against every file: split it']);
    const counts = ['a', '{a,b}{c,d}', 'src/{x,{y,z}}/*.ts', '{1..50}', '{a..z}', '{1..10..2}', '{x}', '\\{a,b}', '**/{a,b,c}/{d,e}/*.{ts,js}', explosive].map(braceExpansions);
    assert.deepEqual(counts, [1, 4, 3, 50, 26, 5, 1, 1, 12, 2 ** 17]);
  });

  test("keys named like Object.prototype's members are unknown keys like any other, at every level", () => {
    for (const key of ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf']) {
      const raw = JSON.parse(`{ "${key}": 1, "rules": { "${key}": "error" }, "blockingCalls": { "${key}": [] }, "floatingPromise": { "${key}": true } }`) as unknown;
      const { settings, errors } = parseSettings(raw, RULE_IDS);
      assert.deepEqual(errors.map((error) => error.split(':')[0]), [`lockstep.${key}`, `lockstep.rules.${key}`, `lockstep.blockingCalls.${key}`, `lockstep.floatingPromise.${key}`], key);
      assert.deepEqual(settings, DEFAULT_SETTINGS, key);
    }
  });

  test('lists the keys it understands, one per rule severity', () => {
    assert.deepEqual(settingKeys(['a', 'b']), ['rules.a', 'rules.b', 'floatingPromise.ignoreAsyncIife', 'blockingCalls', 'locks', 'maxFileSizeKB', 'ignore', 'eslintComments']);
  });
});
