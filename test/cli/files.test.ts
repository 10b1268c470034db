// Which files `lockstep check` analyses: loose .js/.ts files with no tsconfig anywhere above them, directory
// walks that skip dependencies, build output and dot-folders, explicit files, and --project.
import * as assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { findingHeads, runCli, tempTree } from './run-cli';

const ASYNC_SAVE = 'export async function save(): Promise<void> {}\n';
const DROPS_SAVE = "import { save } from './save';\nsave();\n";

describe('file selection', () => {
  test('a .js and a .ts file in a temp folder with no tsconfig.json above are both analysed', () => {
    const root = tempTree({
      'loose.js': 'async function load() { return 1; }\nexport function start() {\n  load();\n}\n',
      'loose.ts': 'const pending = (): Promise<string> => Promise.resolve("x");\npending();\n',
    });
    const run = runCli(['check', '.'], root);
    assert.equal(run.code, 1, run.stderr);
    assert.deepEqual(findingHeads(run.stdout), ['loose.js:3:3 error floating-promise', 'loose.ts:2:1 error floating-promise']);
    assert.match(run.stdout, /\(2 files checked\)\n$/);
  });

  test('directories skip node_modules, dist, dot-folders and .d.ts; files named explicitly are analysed anyway', () => {
    const root = tempTree({
      'src/save.ts': ASYNC_SAVE,
      'src/main.ts': DROPS_SAVE,
      'src/broken.ts': 'function (\n', // a syntax error neither crashes the run nor hides other findings
      'src/types.d.ts': 'export declare function later(): Promise<void>;\n',
      'node_modules/dep/index.ts': DROPS_SAVE.replace('./save', '../../src/save'),
      'dist/out.js': 'async function f() {}\nf();\n',
      '.cache/gen.ts': 'async function f() {}\nf();\n',
    });
    const walked = runCli(['check'], root);
    assert.equal(walked.code, 1, walked.stderr);
    assert.deepEqual(findingHeads(walked.stdout), ['src/main.ts:2:1 error floating-promise']);
    assert.match(walked.stdout, /\(3 files checked, 1 note on stderr\)\n$/);
    assert.match(walked.stderr, /^lockstep: note: src\/broken\.ts:1:10: syntax error: /m);

    const explicit = runCli(['check', 'dist/out.js', '.cache/gen.ts'], root);
    assert.deepEqual(findingHeads(explicit.stdout), ['.cache/gen.ts:2:1 error floating-promise', 'dist/out.js:2:1 error floating-promise']);
  });

  test('an explicit file that is not a script is reported as skipped on stderr; the run goes on', () => {
    const root = tempTree({ 'notes.md': '# notes\n', 'ok.ts': 'export const x = 1;\n' });
    const run = runCli(['check', 'notes.md', 'ok.ts'], root);
    assert.equal(run.code, 0);
    assert.equal(run.stderr, 'lockstep: skipped notes.md: not a TypeScript or JavaScript source file\n');
    assert.equal(run.stdout, 'No findings (1 file checked)\n');
  });
});

describe('--project', () => {
  // `@lib/save` resolves only through tsconfig.alias.json's paths: the finding proves which config was used.
  const project = () =>
    tempTree({
      'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true }, include: ['src'] }),
      'tsconfig.alias.json': JSON.stringify({
        compilerOptions: { strict: true, module: 'ESNext', moduleResolution: 'Bundler', paths: { '@lib/*': ['./lib/*'] } },
        include: ['app', 'lib'],
      }),
      'src/save.ts': ASYNC_SAVE,
      'src/main.ts': DROPS_SAVE,
      'lib/save.ts': ASYNC_SAVE,
      'app/main.ts': "import { save } from '@lib/save';\nsave();\n",
      'app/extra/more.ts': "import { save } from '@lib/save';\nexport function go() {\n  save();\n}\n",
    });

  test('analyses the files of that tsconfig, with its settings', () => {
    const root = project();
    const run = runCli(['check', '--project', 'tsconfig.alias.json'], root);
    assert.equal(run.code, 1, run.stderr);
    assert.deepEqual(findingHeads(run.stdout), ['app/extra/more.ts:3:3 error floating-promise', 'app/main.ts:2:1 error floating-promise']);
    assert.match(run.stdout, /\(3 files checked\)\n$/); // app/main.ts, app/extra/more.ts, lib/save.ts
  });

  test('paths filter the project files; an explicit file outside the project is skipped', () => {
    const root = project();
    const run = runCli(['check', '--project', 'tsconfig.alias.json', 'app/extra', 'src/main.ts'], root);
    assert.deepEqual(findingHeads(run.stdout), ['app/extra/more.ts:3:3 error floating-promise']);
    assert.match(run.stderr, /^lockstep: skipped src\/main\.ts: not part of .*tsconfig\.alias\.json\n$/);
  });

  test('without --project each file uses the nearest tsconfig that includes it', () => {
    const root = project();
    const run = runCli(['check', 'src', 'app/main.ts'], root);
    // app/main.ts falls outside tsconfig.json, so '@lib/save' does not resolve and nothing is known to float.
    assert.deepEqual(findingHeads(run.stdout), ['src/main.ts:2:1 error floating-promise']);
  });
});
