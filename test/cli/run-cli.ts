// Runs the bundled CLI (dist/cli.js, built by `npm test`) as a child process, as CI would.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: readonly string[], cwd: string = REPO_ROOT, env: NodeJS.ProcessEnv = process.env): CliRun {
  const child = spawnSync(process.execPath, [CLI, ...args], { cwd, env, encoding: 'utf8', timeout: 120_000 });
  if (child.error) throw child.error;
  return { code: child.status, stdout: child.stdout, stderr: child.stderr };
}

/** `file:line:col severity rule` of each finding line of text output, without the message. */
export function findingHeads(stdout: string): string[] {
  return stdout
    .split('\n')
    .map((line) => /^(\S+:\d+:\d+ \S+ \S+) /.exec(line)?.[1])
    .filter((head): head is string => head !== undefined);
}

/** A fresh folder under the system temp dir (no tsconfig.json or package.json above it) with these files. */
export function tempTree(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'lockstep-cli-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), text);
  }
  return root;
}
