// The `$lockstep` problem matcher package.json contributes (the VS Code task runs `lockstep check` through it) reads
// the CLI's real text output: every finding line, with its file, position, severity, rule and message — and no
// other line (the related places, indented; the summary).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { REPO_ROOT, findingHeads, runCli } from './run-cli';

const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
const [matcher] = manifest.contributes.problemMatchers;
const pattern = new RegExp(matcher.pattern.regexp);

test('the problem matcher reads every finding of lockstep check on the examples, and nothing else', () => {
  const run = runCli(['check', 'examples']);
  const lines = run.stdout.trimEnd().split('\n');
  const matched = lines.flatMap((line) => {
    const groups = pattern.exec(line);
    if (!groups) return [];
    const at = (name: string) => groups[matcher.pattern[name]]!;
    return [{ head: `${at('file')}:${at('line')}:${at('column')} ${at('severity')} ${at('code')}`, message: at('message') }];
  });
  const heads = findingHeads(run.stdout);
  assert.ok(heads.length >= 10 && lines.some((line) => line.startsWith('    ')), 'the examples have findings with related lines');
  assert.deepEqual(matched.map((finding) => finding.head), heads);
  for (const { head, message } of matched) assert.ok(lines.includes(`${head} ${message}`), head);
  assert.deepEqual(matcher.fileLocation, ['relative', '${workspaceFolder}'], 'the task runs in the workspace folder, and the CLI prints paths relative to it');
});
