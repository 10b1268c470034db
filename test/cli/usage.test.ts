// Usage and configuration errors exit 2 with one line on stderr naming the problem; --help and --version
// exit 0; the bundle is an executable `lockstep` bin.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { CLI, REPO_ROOT, runCli, tempTree } from './run-cli';

function assertUsageError(args: string[], reason: RegExp, cwd?: string): void {
  const run = runCli(args, cwd);
  assert.equal(run.code, 2, `${args.join(' ')}: ${run.stdout}${run.stderr}`);
  assert.equal(run.stdout, '');
  const lines = run.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 1, run.stderr);
  assert.match(lines[0], /^lockstep: /);
  assert.match(lines[0], reason);
}

describe('usage errors exit 2 with a one-line reason', () => {
  const cases: [string, string[], RegExp][] = [
    ['unknown flag', ['check', 'examples', '--bogus'], /unknown option --bogus/],
    ['unknown format', ['check', 'examples', '--format', 'xml'], /unknown format "xml".*text, json, sarif/],
    ['flag without its value', ['check', 'examples', '--format'], /--format needs a value/],
    ['unknown rule id', ['check', 'examples', '--rule', 'no-such-rule=error'], /unknown rule "no-such-rule" \(known: floating-promise, misused-promise/],
    ['bad severity', ['check', 'examples', '--rule', 'floating-promise=fatal'], /unknown severity "fatal".*off, hint, information, warning, error/],
    ['--rule without a severity', ['check', 'examples', '--rule', 'floating-promise'], /expected <rule-id>=<severity>/],
    ['missing path', ['check', 'examples', 'no/such/dir'], /no\/such\/dir: no such file or directory/],
    ['missing --project', ['check', '--project', 'no-such-tsconfig.json'], /--project no-such-tsconfig.json: .* does not exist/],
    ['no command', [], /missing command/],
    ['unknown command', ['lint'], /unknown command "lint"/],
  ];
  for (const [name, args, reason] of cases) test(name, () => assertUsageError(args, reason));

  test('an unreadable --project (invalid tsconfig) is a configuration error', () => {
    const root = tempTree({ 'tsconfig.json': '{ "compilerOptions": { "strict": tru', 'a.ts': 'export {};\n' });
    assertUsageError(['check', '--project', 'tsconfig.json'], /--project .*tsconfig\.json: /, root);
  });
});

describe('help, version and the bin', () => {
  test('--help prints usage and exits 0', () => {
    for (const args of [['--help'], ['check', '--help']]) {
      const run = runCli(args);
      assert.equal(run.code, 0);
      assert.match(run.stdout, /^Usage: lockstep check \[paths\.\.\.\]/);
      assert.match(run.stdout, /--format <text\|json\|sarif>/);
    }
  });

  test('--version prints the package version', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string; bin: Record<string, string> };
    const run = runCli(['--version']);
    assert.equal(run.code, 0);
    assert.equal(run.stdout, `${manifest.version}\n`);
    assert.equal(path.resolve(REPO_ROOT, manifest.bin.lockstep), CLI);
  });

  test('dist/cli.js leaves a compile cache for the next start, which then finds the same', () => {
    const cacheDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'lockstep-cli-cache-'));
    const root = tempTree({ 'a.ts': 'export async function save(): Promise<void> {}\nexport function run(): void {\n  save();\n}\n' });
    const withCache = { ...process.env, LOCKSTEP_COMPILE_CACHE_DIR: cacheDirectory };
    const first = runCli(['check', '.'], root, withCache);
    assert.match(fs.readdirSync(cacheDirectory).join(), /^cli-main-[0-9a-f]+\.bin$/);
    const second = runCli(['check', '.'], root, withCache);
    const without = runCli(['check', '.'], root, { ...process.env, NODE_DISABLE_COMPILE_CACHE: '1' });
    assert.equal(first.code, 1, first.stderr);
    assert.match(first.stdout, /a\.ts:3:3 error floating-promise/);
    for (const run of [second, without]) assert.deepEqual(run, first);
  });

  test('dist/cli.js runs as an executable through its shebang', () => {
    assert.ok(fs.readFileSync(CLI, 'utf8').startsWith('#!/usr/bin/env node\n'));
    const run = spawnSync(CLI, ['--version'], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /^\d+\.\d+\.\d+\n$/);
  });
});
