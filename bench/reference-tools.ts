// The tools the real-code benchmarks run on a corpus, each as one child process measured by bench/measure.ts:
// `lockstep check`, `tsc --noEmit` (this repository's TypeScript 6) and ESLint with typescript-eslint's two
// promise rules. bench/peers.bench.ts adds the newer peers (bench/peers.ts) to the same list.
import * as path from 'node:path';
import { REPO } from './corpora';
import { ESLINT_BIN, eslintArgs } from './eslint-reference';
import { percentile, runNodeScript, type Measured } from './measure';

export const CLI = path.join(REPO, 'dist/cli.js');
const TSC = path.join(REPO, 'node_modules/typescript/bin/tsc');

export interface Tool<Name extends string = string> {
  name: Name;
  run(dir: string, scratch: string): Measured;
  /** Exit codes that mean "ran to the end" (findings or type errors are not failures here). */
  completed: readonly number[];
}

/** `lockstep check` with its JSON report on stdout. `extraArgs`: `--concurrency 2`. */
export function lockstepTool<Name extends string>(name: Name, extraArgs: readonly string[] = []): Tool<Name> {
  return {
    name,
    run: (dir, scratch) => runNodeScript(CLI, ['check', '--project', 'tsconfig.json', '--format', 'json', ...extraArgs], dir, { LOCKSTEP_COMPILE_CACHE_DIR: path.join(scratch, 'compile-cache') }),
    completed: [0, 1],
  };
}

export const LOCKSTEP = lockstepTool('lockstep');

export const TSC6: Tool<'tsc'> = { name: 'tsc', run: (dir) => runNodeScript(TSC, ['-p', 'tsconfig.json', '--noEmit'], dir), completed: [0, 1, 2] };

/** ESLint's report goes to `<scratch>/<name>.json`. `extraArgs`: `--concurrency auto`. */
export function eslintTool<Name extends string>(name: Name, extraArgs: readonly string[] = []): Tool<Name> {
  return { name, run: (dir, scratch) => runNodeScript(ESLINT_BIN, [...eslintArgs(dir, path.join(scratch, `${name}.json`)), ...extraArgs], dir), completed: [0, 1] };
}

/**
 * Every tool once per round, `rounds` times, interleaved so that a slow patch of the (shared) machine weighs on
 * every tool alike. A tool that did not run to the end stops the benchmark with its output.
 */
export function interleavedRuns<Name extends string>(label: string, tools: readonly Tool<Name>[], rounds: number, dir: string, scratch: string): Map<Name, Measured[]> {
  const runs = new Map<Name, Measured[]>(tools.map((tool) => [tool.name, []]));
  for (let i = 0; i < rounds; i++) {
    for (const tool of tools) {
      const run = tool.run(dir, scratch);
      if (!tool.completed.includes(run.status ?? -1)) throw new Error(`${label}: ${tool.name} exited with ${run.status}:\n${run.stderr.slice(-2000)}`);
      runs.get(tool.name)!.push(run);
    }
  }
  return runs;
}

/** Each tool's median wall time over its runs. */
export function medianMsOf<Name extends string>(tools: readonly Tool<Name>[], runs: Map<Name, Measured[]>): Record<Name, number> {
  return Object.fromEntries(tools.map((tool) => [tool.name, percentile(runs.get(tool.name)!.map((run) => run.ms), 50)])) as Record<Name, number>;
}
