// Runs a Node script as a child process and measures it: wall time (spawn to exit, Node's start-up included, the
// same for every tool) and peak resident memory (bench/peak-rss.cjs, preloaded into the child).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { RULE_IDS } from '../server/src/analysis/rules/index';

const PEAK_RSS_PRELOAD = path.join(__dirname, 'peak-rss.cjs');

export interface Measured {
  ms: number;
  peakRssMB: number;
  status: number | null;
  stdout: string;
  stderr: string;
}

/** `nodeArgs` go to Node itself, before the script (`--cpu-prof`, which NODE_OPTIONS does not take). */
export function runNodeScript(script: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}, nodeArgs: readonly string[] = []): Measured {
  const rssFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lockstep-rss-')), 'peak');
  const started = performance.now();
  const child = spawnSync(process.execPath, [...nodeArgs, '--require', PEAK_RSS_PRELOAD, script, ...args], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    env: { ...process.env, ...env, LOCKSTEP_PEAK_RSS_FILE: rssFile },
  });
  const ms = performance.now() - started;
  if (child.error) throw child.error;
  const peakKB = fs.existsSync(rssFile) ? Number(fs.readFileSync(rssFile, 'utf8')) : NaN;
  fs.rmSync(path.dirname(rssFile), { recursive: true, force: true });
  return { ms, peakRssMB: peakKB / 1024, status: child.status, stdout: child.stdout, stderr: child.stderr };
}

/** Of several runs, the fastest (the least disturbed by the machine); memory is its own minimum for the same reason. */
export function best(runs: readonly Measured[]): { ms: number; peakRssMB: number } {
  return { ms: Math.min(...runs.map((run) => run.ms)), peakRssMB: Math.min(...runs.map((run) => run.peakRssMB)) };
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** The machine the figures came from, for the report and the README. */
export function machine(): { nproc: number; cpu: string; memoryGB: number; node: string; platform: string } {
  const cpuinfo = fs.existsSync('/proc/cpuinfo') ? fs.readFileSync('/proc/cpuinfo', 'utf8') : '';
  const cpu = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1] ?? os.cpus()[0]?.model ?? 'unknown';
  return { nproc: os.availableParallelism(), cpu, memoryGB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10, node: process.version, platform: `${os.platform()} ${os.release()}` };
}

export function writeReport(name: string, report: unknown): string {
  const dir = path.resolve(__dirname, '..', 'bench-results');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  fs.writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  return file;
}

/**
 * `lockstep check --project tsconfig.json` in `dir` with only `rules` on, under a CPU profile: its wall time, and
 * the time inside the rules (`runRules`, where the lock analysis runs, lazily, with the checker questions it asks).
 * V8's compile cache lives in `scratch` (the first run there writes it).
 */
export function profiledCheck(cli: string, dir: string, scratch: string, rules: readonly string[]): { run: Measured; ruleMs: number } {
  const off = RULE_IDS.filter((id) => !rules.includes(id)).flatMap((id) => ['--rule', `${id}=off`]);
  fs.mkdirSync(scratch, { recursive: true });
  const profiles = fs.mkdtempSync(path.join(scratch, 'profile-'));
  const run = runNodeScript(cli, ['check', '--project', 'tsconfig.json', '--format', 'json', ...off], dir,
    { LOCKSTEP_COMPILE_CACHE_DIR: path.join(scratch, 'compile-cache') }, ['--cpu-prof', `--cpu-prof-dir=${profiles}`]);
  const [profile] = fs.readdirSync(profiles);
  const ruleMs = profile ? profiledMsUnder(path.join(profiles, profile), 'runRules') : NaN;
  fs.rmSync(profiles, { recursive: true, force: true });
  return { run, ruleMs };
}

/**
 * From a V8 CPU profile (`--cpu-prof`), the time spent inside calls of a function of this name (its samples with
 * such a frame on the stack): one part of a run, measured in the run, not as the difference of two noisy runs.
 */
export function profiledMsUnder(profileFile: string, functionName: string): number {
  const profile = JSON.parse(fs.readFileSync(profileFile, 'utf8')) as {
    nodes: { id: number; callFrame: { functionName: string }; children?: number[] }[];
    samples: number[];
    timeDeltas: number[];
  };
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const named = new Map(profile.nodes.map((node) => [node.id, node.callFrame.functionName === functionName]));
  const inside = new Map<number, boolean>();
  const isInside = (id: number): boolean => {
    let known = inside.get(id);
    if (known === undefined) {
      const up = parent.get(id);
      inside.set(id, (known = named.get(id)! || (up !== undefined && isInside(up))));
    }
    return known;
  };
  let micros = 0;
  profile.samples.forEach((id, i) => {
    if (isInside(id)) micros += profile.timeDeltas[i] ?? 0;
  });
  return micros / 1000;
}
