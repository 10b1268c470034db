// The ESLint plugin (server/src/eslint) hosts Lockstep's rules inside ESLint, with typescript-eslint's program.
// Fixture files are linted through ESLint and checked against their inline annotations with the same harness as
// test/unit/fixtures.test.ts, so the two hosts cannot drift; RuleTester checks the ESLint side: fixes,
// suggestions, disable comments, settings, and files without type information.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it, test } from 'node:test';
import { Linter, RuleTester, type ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import plugin from '../../server/src/eslint/plugin';
import { createRequire } from 'node:module';
import ts from 'typescript';
import { NO_TYPE_INFORMATION, foreignTypeScript } from '../../server/src/eslint/rule';
import { compare, formatComparison, observe, parseFixture } from '../unit/fixture-harness';

const REPO = path.resolve(import.meta.dirname, '..', '..');
const FIXTURES = path.join(REPO, 'test/fixtures');
/** projectService finds each file's tsconfig: test/fixtures/tsconfig.json, or locks/tsconfig.json for the lock fixtures. */
// A file of the fixture project that nothing imports: the cases below lint their own code under its name.
const CASE_FILE = path.join(FIXTURES, 'promises/floating-near-misses.ts');
const typed: Linter.Config = {
  files: ['**/*.ts', '**/*.tsx'],
  languageOptions: { parser: tseslint.parser, parserOptions: { projectService: true, tsconfigRootDir: FIXTURES } },
};

RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

describe('fixtures linted through ESLint match their annotations', () => {
  const linter = new Linter({ cwd: REPO });
  const files = [
    'promises/floating-basic.ts',
    'promises/floating-near-misses.ts',
    'promises/misused-callbacks.ts',
    'blocking/chains.ts',
    'locks/reentry.ts',
    'locks/leaks.ts',
    // The lock-order cycle closes across these two files: the rule sees the whole program.
    'locks/cross-file-payments.ts',
    'locks/cross-file-ledger.ts',
  ];
  for (const name of files) {
    test(name, () => {
      const file = path.join(FIXTURES, name);
      const text = fs.readFileSync(file, 'utf8');
      const fixture = parseFixture(text);
      assert.deepEqual(fixture.errors, []);
      assert.equal(fixture.settings, undefined, 'a fixture with lockstep-settings needs them passed as settings.lockstep');
      const messages = linter.verify(text, [typed, plugin.configs['recommended']!], file);
      const observed = messages.map((message) => {
        assert.ok(message.ruleId?.startsWith('lockstep/'), `not a Lockstep finding: ${message.message}`);
        return observe({
          ruleId: message.ruleId!.slice('lockstep/'.length),
          message: message.message,
          startPosition: { line: message.line - 1, character: message.column - 1 },
          endPosition: { line: message.endLine! - 1, character: message.endColumn! - 1 },
        }, text);
      });
      assert.ok(fixture.expectations.length > 0 || name.includes('near-misses'), 'the fixture expects findings');
      const comparison = compare(fixture.expectations, observed);
      if (comparison.missing.length > 0 || comparison.unexpected.length > 0) {
        assert.fail(`ESLint's findings differ from the annotations:\n${formatComparison(file, text, comparison)}`);
      }
    });
  }

  test("ESLint's own disable comment silences a lockstep rule", () => {
    const code = (comment: string) => `import { save } from './helpers';\n\nexport function go(): void {\n${comment}  save('draft');\n}\n`;
    const lint = (text: string) => linter.verify(text, [typed, plugin.configs['recommended']!], CASE_FILE).map((message) => message.ruleId);
    assert.deepEqual(lint(code('')), ['lockstep/floating-promise']);
    assert.deepEqual(lint(code('  // eslint-disable-next-line lockstep/floating-promise\n')), []);
  });

  test('without type information, one clear error for the file from all the rules together', () => {
    const file = path.join(FIXTURES, 'promises/floating-basic.ts');
    const untyped: Linter.Config = { files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } };
    const messages = linter.verify(fs.readFileSync(file, 'utf8'), [untyped, plugin.configs['recommended']!], file);
    assert.deepEqual(messages.map((message) => [message.line, message.column, message.message]), [[1, 1, NO_TYPE_INFORMATION]]);
  });
});

describe('the TypeScript the analysis runs on', () => {
  test("is typescript-eslint's own copy here", () => {
    const estree = createRequire(import.meta.filename).resolve('@typescript-eslint/typescript-estree');
    assert.equal(createRequire(estree).resolve('typescript'), createRequire(import.meta.filename).resolve('typescript'));
    assert.equal(foreignTypeScript(ts.createSourceFile('a.ts', '', ts.ScriptTarget.Latest)), undefined);
  });

  test('a program from another copy of TypeScript is refused, not misread', () => {
    const require = createRequire(import.meta.filename);
    const file = require.resolve('typescript');
    const shared = require.cache[file];
    delete require.cache[file];
    const other = require('typescript') as typeof ts;
    require.cache[file] = shared;
    assert.notEqual(other, ts, 'a second copy was loaded');
    assert.match(foreignTypeScript(other.createSourceFile('a.ts', '', other.ScriptTarget.Latest)) ?? '', /another copy of TypeScript/);
  });

  test('the bundle requires the project\'s TypeScript instead of carrying its own', () => {
    const bundlePath = path.join(REPO, 'dist/eslint-plugin.js');
    const bundle = fs.readFileSync(bundlePath, 'utf8');
    assert.match(bundle, /require\("typescript"\)/);
    assert.doesNotMatch(bundle, /versionMajorMinor = "/, 'TypeScript itself is bundled');
    // require() gives the plugin object itself (not `{ default }`), as ESLint configs expect.
    const bundled = createRequire(import.meta.filename)(bundlePath) as typeof plugin;
    assert.deepEqual(Object.keys(bundled.rules), Object.keys(plugin.rules));
    assert.deepEqual(bundled.configs['recommended']!.rules, plugin.configs['recommended']!.rules);
  });
});

describe('the package', () => {
  test("exports the plugin as lockstep/eslint-plugin, keeping the documented dist path and the extension's main", () => {
    // A package resolves its own name through its exports (Node's self-reference), as a project that installed it would.
    const require = createRequire(import.meta.filename);
    const bundle = path.join(REPO, 'dist/eslint-plugin.js');
    assert.equal(require.resolve('lockstep/eslint-plugin'), bundle);
    assert.equal(require.resolve('lockstep/dist/eslint-plugin.js'), bundle);
    assert.equal(require.resolve('lockstep'), path.join(REPO, 'dist/client.js'));
  });
});

describe('the recommended config', () => {
  test('turns on every rule the plugin has, at Lockstep\'s default severities', () => {
    assert.deepEqual(plugin.configs['recommended']!.rules, {
      'lockstep/floating-promise': 'error',
      'lockstep/misused-promise': 'warn',
      'lockstep/blocking-in-async': 'warn',
      'lockstep/lock-order': 'error',
      'lockstep/lock-reentry': 'error',
      'lockstep/lock-leak': 'warn',
    });
    assert.equal(plugin.configs['recommended']!.plugins?.['lockstep'], plugin);
  });

  test('links each rule to its documentation', () => {
    assert.equal(plugin.rules['lock-order']!.meta?.docs?.url, 'https://github.com/lockstep-dev/lockstep/blob/main/docs/rules/lock-order.md');
  });
});

const tester = new RuleTester({ languageOptions: typed.languageOptions });
const DROPPED = "The promise from `save(…)` is dropped: nothing awaits it or handles its rejection, so a failure becomes an unhandled rejection and the code after it runs before it settles. Await it, return it, add .catch(…), or mark it intentional with void.";
/**
 * ESLint reports a disable comment naming a rule it does not know, so the twins' plugin is loaded (its rules stay
 * off). Spread into a case: RuleTester takes any config key there, its types name only some.
 */
const TWINS = { plugins: { '@typescript-eslint': tseslint.plugin as ESLint.Plugin } };
const inAsync = (body: string) => `import { save } from './helpers';\n\nexport async function go(): Promise<void> {\n${body}\n}\n`;

tester.run('lockstep/floating-promise', plugin.rules['floating-promise']!, {
  valid: [
    { filename: CASE_FILE, code: inAsync("  await save('draft');") },
    { filename: CASE_FILE, code: inAsync("  void save('draft');") },
    // The twin's disable comment, which the analysis honours (settings.lockstep.eslintComments, on by default).
    { filename: CASE_FILE, code: inAsync("  // eslint-disable-next-line @typescript-eslint/no-floating-promises\n  save('draft');"), ...TWINS },
    {
      filename: CASE_FILE,
      code: inAsync("  (async () => { await save('draft'); })();"),
      settings: { lockstep: { floatingPromise: { ignoreAsyncIife: true } } },
    },
  ],
  invalid: [
    {
      filename: CASE_FILE,
      code: inAsync("  save('draft');"),
      output: inAsync("  await save('draft');"),
      errors: [{
        message: DROPPED, line: 4, column: 3, endLine: 4, endColumn: 16,
        suggestions: [
          { desc: 'Add void (the promise is intentionally not awaited)', output: inAsync("  void save('draft');") },
          { desc: 'Append .catch(…) to handle the rejection', output: inAsync("  save('draft').catch((error: unknown) => { console.error(error); });") },
        ],
      }],
    },
    {
      // Without eslintComments the twin's comment no longer silences the rule.
      filename: CASE_FILE,
      code: inAsync("  // eslint-disable-next-line @typescript-eslint/no-floating-promises\n  save('draft');"),
      settings: { lockstep: { eslintComments: false } },
      ...TWINS,
      output: inAsync("  // eslint-disable-next-line @typescript-eslint/no-floating-promises\n  await save('draft');"),
      errors: [{ message: DROPPED, line: 5, suggestions: 2 }],
    },
    {
      filename: CASE_FILE,
      code: inAsync("  void 0;"),
      settings: { lockstep: { floatingPromise: { nope: true } } },
      errors: [{ message: 'Lockstep settings: settings.lockstep.floatingPromise.nope: unknown setting (known: ignoreAsyncIife)', line: 1, column: 1 }],
    },
    {
      // A setting ESLint's own configuration replaces is named, not silently dropped.
      filename: CASE_FILE,
      code: inAsync("  void 0;"),
      settings: { lockstep: { rules: { 'floating-promise': 'off' } } },
      errors: [{ message: 'Lockstep settings: settings.lockstep.rules: not used inside ESLint: its own `rules` and `ignores` decide which files and rules run' }],
    },
    {
      filename: CASE_FILE,
      code: inAsync("  save('draft');"),
      languageOptions: { parser: tseslint.parser, parserOptions: { projectService: false } },
      errors: [{ message: NO_TYPE_INFORMATION, line: 1, column: 1 }],
    },
  ],
});

// ESLint's default parser (espree) has no parser services at all.
new RuleTester().run('lockstep/floating-promise without typescript-eslint', plugin.rules['floating-promise']!, {
  valid: [],
  invalid: [{ code: "save('draft');\n", errors: [{ message: NO_TYPE_INFORMATION, line: 1, column: 1 }] }],
});

// ---- the lock rules, on the lock fixtures (the analysis's graph is the locks/ project's) ----

const LOCK_FIXTURES = path.join(FIXTURES, 'locks');
const lockTester = new RuleTester({ languageOptions: { parser: tseslint.parser, parserOptions: { projectService: true, tsconfigRootDir: LOCK_FIXTURES } } });
const fixtureText = (name: string) => fs.readFileSync(path.join(LOCK_FIXTURES, name), 'utf8');
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
type Suggestions = { desc: string; output: string }[];

/** The fixture's annotated findings of one rule as RuleTester errors, each with the suggestions given for its line (none unless named). */
function fixtureErrors(name: string, ruleId: string, suggestionsAt: Record<number, Suggestions> = {}) {
  return parseFixture(fixtureText(name)).expectations.filter((expected) => expected.ruleId === ruleId).map((expected) => ({
    message: new RegExp(escapeRegExp(expected.messageIncludes ?? '')),
    line: expected.line + 1,
    column: expected.startColumn + 1,
    suggestions: suggestionsAt[expected.line + 1] ?? [],
  }));
}

/** The fixture's text with one line moved to just before another (what the reorder fix does). */
function withLineMovedBefore(text: string, moved: string, anchor: string): string {
  assert.equal(text.split(moved).length, 2, `${moved} is not one line of the fixture`);
  return text.replace(`${moved}\n`, '').replace(anchor, `${moved}\n${anchor}`);
}

const APART = 'order-apart.ts';
const apart = fixtureText(APART);
/** The swap of the nested scopes in a near-miss pair's other side, `xB.runExclusive(() => xA.runExclusive(…))`. */
const otherSideSwap = (prefix: string): Suggestions => [{
  desc: `Take ${prefix}A before ${prefix}B here (the other side's order)`,
  output: apart.replace(`${prefix}B.runExclusive(() => ${prefix}A.runExclusive`, `${prefix}A.runExclusive(() => ${prefix}B.runExclusive`),
}];

lockTester.run('lockstep/lock-order', plugin.rules['lock-order']!, {
  valid: [
    { filename: path.join(LOCK_FIXTURES, 'near-misses.ts'), code: fixtureText('near-misses.ts') },
    { filename: path.join(LOCK_FIXTURES, 'ordered-acquisition.ts'), code: fixtureText('ordered-acquisition.ts').split('// Near-miss')[0]! },
  ],
  invalid: [
    {
      // Not adjacent: restock()'s `stock` acquisition moves up (the known order, two functions against one); count()
      // and audit() are that order, so they get no fix; each near-miss gets none, its pair's other side the swap.
      filename: path.join(LOCK_FIXTURES, APART),
      code: apart,
      errors: fixtureErrors(APART, 'lock-order', {
        17: [{
          desc: 'Take stock before shelf here (the order 2 other functions use)',
          output: withLineMovedBefore(apart, '  const releaseStock = await stock.acquire();', '  const releaseShelf = await shelf.acquire();'),
        }],
        42: otherSideSwap('front'),
        57: otherSideSwap('back'),
        74: otherSideSwap('side'),
        88: otherSideSwap('top'),
      }),
    },
    {
      // Across files: the cycle closes through pay() in cross-file-payments.ts, read from disk with the program.
      filename: path.join(LOCK_FIXTURES, 'cross-file-ledger.ts'),
      code: fixtureText('cross-file-ledger.ts'),
      errors: fixtureErrors('cross-file-ledger.ts', 'lock-order', {
        14: [{
          desc: "Take payments before ledgerLock here (the other side's order)",
          output: fixtureText('cross-file-ledger.ts').replace('ledgerLock.runExclusive(async () => {\n    await payments', 'payments.runExclusive(async () => {\n    await ledgerLock'),
        }],
      }),
    },
  ],
});

/** A fixture's imports and locks: everything before its first export. */
function fixturePreamble(name: string): string {
  const text = fixtureText(name);
  return text.slice(0, text.indexOf('\nexport ') + 1);
}

/** One function of a fixture, after the fixture's preamble, as a file of its own, without annotations. */
function fixtureFunction(name: string, functionName: string): string {
  const text = fixtureText(name);
  const start = text.indexOf(`export async function ${functionName}(`);
  assert.ok(start > 0, `${functionName} is not in ${name}`);
  const end = text.indexOf('\n}\n', start) + 3;
  return `${fixturePreamble(name)}${text.slice(start, end)}`.replace(/^\s*\/\/\s*\^+.*\n/gm, '');
}

lockTester.run('lockstep/lock-reentry', plugin.rules['lock-reentry']!, {
  valid: [
    // Taken twice, one after the other: no re-entry.
    { filename: path.join(LOCK_FIXTURES, 'near-misses.ts'), code: `${fixturePreamble('reentry.ts')}export async function twice(): Promise<void> {\n  await cache.runExclusive(async () => {});\n  await cache.runExclusive(async () => {});\n}\n` },
  ],
  invalid: [
    // No fix: whether to drop the inner acquisition or make the lock reentrant is a design decision.
    { filename: path.join(LOCK_FIXTURES, 'reentry.ts'), code: fixtureText('reentry.ts'), errors: fixtureErrors('reentry.ts', 'lock-reentry') },
  ],
});

const LEAKS = path.join(LOCK_FIXTURES, 'leaks.ts');
lockTester.run('lockstep/lock-leak', plugin.rules['lock-leak']!, {
  valid: [{ filename: LEAKS, code: fixtureFunction('leaks.ts', 'releasedInFinally') }],
  invalid: [{
    // The try/finally fix is preferred: ESLint applies it as the autofix.
    filename: LEAKS,
    code: fixtureFunction('leaks.ts', 'earlyReturn'),
    output: fixtureFunction('leaks.ts', 'earlyReturn').replace(
      "  if (text === '') return;\n  await write(text);\n  release();\n",
      "  try {\n    if (text === '') return;\n    await write(text);\n  } finally {\n    release();\n  }\n",
    ),
    errors: [{ message: /`files` is acquired here but not released on the return at line 10/, line: 9, column: 25, suggestions: [] }],
  }],
});
