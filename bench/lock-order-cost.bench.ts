// Benchmark (not a test): what lock-order costs now against what it cost at a baseline commit, both measured in
// this run on the same corpora. The baseline is the commit before the lock analysis learnt wrappers, parameters,
// containers and ordered acquisition (the bound on that work: lock-order's cost within 10% of the baseline's on
// the real-code corpora). For each corpus and each build, `lockstep check` with only lock-order on, interleaved:
// its whole run (wall time), and lock-order's own time — the time inside the rules (`runRules`, where the lock
// analysis runs, lazily, with the checker questions it asks) read from a V8 CPU profile of the same run. On code
// with few locks the rule is a small part of a run, so the difference of two wall times would be noise.
// Best of the repeats. Writes bench-results/lock-order-cost.json.
//   npm run bench:lock-order-cost          (builds this checkout and, once, the baseline into .bench-cache/)
//   LOCKSTEP_BENCH_REPEATS=1 LOCKSTEP_BENCH_CORPORA=rxjs npm run bench:lock-order-cost
//   LOCKSTEP_BENCH_BASELINE=<commit>        another baseline
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ensureBaselineBuild } from './baseline-build';
import { REPO, ensureCorpus, ensureLockCorpus, selectedCorpora, selectedLockCorpora } from './corpora';
import { best, machine, profiledCheck, writeReport, type Measured } from './measure';

const REPEATS = Number(process.env.LOCKSTEP_BENCH_REPEATS ?? 3);
/** main before issue 15's lock work (6bc9ba0, 2026-11-21). */
const BASELINE = process.env.LOCKSTEP_BENCH_BASELINE ?? '6bc9ba05ce15a66e680281c8887745c6c5830aee';

type Build = 'current' | 'baseline';
const BUILDS: readonly Build[] = ['current', 'baseline'];

interface Target {
  group: 'real-code' | 'lock-corpus';
  name: string;
  dir: string;
}

interface CostResult extends Target {
  /** Best of each build, only lock-order on: the whole run, and the time inside the rules. */
  ms: Record<Build, { run: number; rule: number }>;
  ratios: { ownCostVsBaseline: number; runVsBaseline: number };
}

function measure(target: Target, clis: Record<Build, string>): CostResult {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), `lockstep-cost-${target.name}-`));
  const runs: Record<Build, { run: Measured; ruleMs: number }[]> = { current: [], baseline: [] };
  // One unmeasured run per build writes its compile cache; then interleaved, so a slow patch weighs on both alike.
  for (const build of BUILDS) profiledCheck(clis[build], target.dir, path.join(scratch, build), ['lock-order']);
  for (let i = 0; i < REPEATS; i++) {
    for (const build of BUILDS) {
      const measured = profiledCheck(clis[build], target.dir, path.join(scratch, build), ['lock-order']);
      if (![0, 1].includes(measured.run.status ?? -1)) throw new Error(`${target.name}: the ${build} build exited with ${measured.run.status}:\n${measured.run.stderr.slice(-2000)}`);
      runs[build].push(measured);
    }
  }
  fs.rmSync(scratch, { recursive: true, force: true });
  const bestOf = (build: Build) => ({ run: best(runs[build].map((measured) => measured.run)).ms, rule: Math.min(...runs[build].map((measured) => measured.ruleMs)) });
  const ms = { current: bestOf('current'), baseline: bestOf('baseline') };
  return { ...target, ms, ratios: { ownCostVsBaseline: ms.current.rule / ms.baseline.rule, runVsBaseline: ms.current.run / ms.baseline.run } };
}

function targets(): Target[] {
  return [
    ...selectedCorpora().map((corpus) => ({ group: 'real-code' as const, name: corpus.name, dir: ensureCorpus(corpus) })),
    ...selectedLockCorpora().map((corpus) => ({ group: 'lock-corpus' as const, name: corpus.name, dir: ensureLockCorpus(corpus) })),
  ];
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const x = (ratio: number) => (Number.isFinite(ratio) ? `${ratio.toFixed(2)}x` : 'n/a');

function main(): void {
  const clis: Record<Build, string> = { current: path.join(REPO, 'dist/cli.js'), baseline: path.join(ensureBaselineBuild(BASELINE), 'dist/cli.js') };
  const results: CostResult[] = [];
  for (const target of targets()) {
    const result = measure(target, clis);
    results.push(result);
    const { ms, ratios } = result;
    console.log(`${target.group} ${target.name}: lock-order's own time ${seconds(ms.current.rule)} now, ${seconds(ms.baseline.rule)} at the baseline = ` +
      `${x(ratios.ownCostVsBaseline)}; its whole run ${seconds(ms.current.run)} vs ${seconds(ms.baseline.run)} = ${x(ratios.runVsBaseline)}`);
  }
  const realCode = results.filter((result) => result.group === 'real-code');
  const sum = (build: Build, part: 'run' | 'rule') => realCode.reduce((total, result) => total + result.ms[build][part], 0);
  if (realCode.length > 0) {
    console.log(`real-code corpora together: lock-order's own time ${x(sum('current', 'rule') / sum('baseline', 'rule'))} the baseline's, ` +
      `its whole run ${x(sum('current', 'run') / sum('baseline', 'run'))}`);
  }
  const report = writeReport('lock-order-cost.json', { date: new Date().toISOString(), machine: machine(), repeats: REPEATS, baseline: BASELINE, results });
  console.log(`report: ${path.relative(process.cwd(), report)}`);
}

main();
