// Benchmark (not a test): what lock-order costs now against what it cost at a baseline commit, both measured in
// this run on the same corpora. The baseline is the commit before the lock analysis learnt wrappers, parameters,
// containers and ordered acquisition (the bound on that work: lock-order's cost within 10% of the baseline's on
// the real-code corpora). For each corpus and each build, `lockstep check` with only lock-order on and with
// every rule off (the program and file walk alone), interleaved, best of the repeats: lock-order's own time is
// the difference. Writes bench-results/lock-order-cost.json.
//   npm run bench:lock-order-cost          (builds this checkout and, once, the baseline into .bench-cache/)
//   LOCKSTEP_BENCH_REPEATS=1 LOCKSTEP_BENCH_CORPORA=rxjs npm run bench:lock-order-cost
//   LOCKSTEP_BENCH_BASELINE=<commit>        another baseline
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { RULE_IDS } from '../server/src/analysis/rules/index';
import { ensureBaselineBuild } from './baseline-build';
import { REPO, ensureCorpus, ensureLockCorpus, selectedCorpora, selectedLockCorpora } from './corpora';
import { best, machine, runNodeScript, writeReport, type Measured } from './measure';

const REPEATS = Number(process.env.LOCKSTEP_BENCH_REPEATS ?? 3);
/** main before issue 15's lock work (6bc9ba0, 2026-11-21). */
const BASELINE = process.env.LOCKSTEP_BENCH_BASELINE ?? '6bc9ba05ce15a66e680281c8887745c6c5830aee';

type Build = 'current' | 'baseline';
type Rules = 'lockOrder' | 'noRules';

interface Target {
  group: 'real-code' | 'lock-corpus';
  name: string;
  dir: string;
}

interface CostResult extends Target {
  /** Best wall time of each build with only lock-order on, and with no rule on. */
  ms: Record<Build, Record<Rules, number>>;
  /** Lock-order alone (its run over the no-rules run) and its whole run, now against the baseline. */
  ratios: { ownCostVsBaseline: number; runVsBaseline: number };
}

function checkWith(cli: string, rules: readonly string[], dir: string, scratch: string): Measured {
  const off = RULE_IDS.filter((id) => !rules.includes(id)).flatMap((id) => ['--rule', `${id}=off`]);
  return runNodeScript(cli, ['check', '--project', 'tsconfig.json', '--format', 'json', ...off], dir, { LOCKSTEP_COMPILE_CACHE_DIR: path.join(scratch, 'compile-cache') });
}

function measure(target: Target, clis: Record<Build, string>): CostResult {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), `lockstep-cost-${target.name}-`));
  const runs: Record<Build, Record<Rules, Measured[]>> = { current: { lockOrder: [], noRules: [] }, baseline: { lockOrder: [], noRules: [] } };
  // One unmeasured run per build writes its compile cache; then interleaved, so a slow patch weighs on all alike.
  for (const build of ['current', 'baseline'] as const) checkWith(clis[build], [], target.dir, path.join(scratch, build));
  for (let i = 0; i < REPEATS; i++) {
    for (const build of ['current', 'baseline'] as const) {
      for (const [rules, on] of [['lockOrder', ['lock-order']], ['noRules', []]] as const) {
        const run = checkWith(clis[build], on, target.dir, path.join(scratch, build));
        if (![0, 1].includes(run.status ?? -1)) throw new Error(`${target.name}: the ${build} build exited with ${run.status}:\n${run.stderr.slice(-2000)}`);
        runs[build][rules].push(run);
      }
    }
  }
  fs.rmSync(scratch, { recursive: true, force: true });
  const ms = {
    current: { lockOrder: best(runs.current.lockOrder).ms, noRules: best(runs.current.noRules).ms },
    baseline: { lockOrder: best(runs.baseline.lockOrder).ms, noRules: best(runs.baseline.noRules).ms },
  };
  const own = (build: Build) => Math.max(0, ms[build].lockOrder - ms[build].noRules);
  return { ...target, ms, ratios: { ownCostVsBaseline: own('current') / own('baseline'), runVsBaseline: ms.current.lockOrder / ms.baseline.lockOrder } };
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
    console.log(`${target.group} ${target.name}: lock-order's own time ${seconds(ms.current.lockOrder - ms.current.noRules)} now, ` +
      `${seconds(ms.baseline.lockOrder - ms.baseline.noRules)} at the baseline = ${x(ratios.ownCostVsBaseline)}; ` +
      `its whole run ${seconds(ms.current.lockOrder)} vs ${seconds(ms.baseline.lockOrder)} = ${x(ratios.runVsBaseline)} ` +
      `(no rules: ${seconds(ms.current.noRules)} vs ${seconds(ms.baseline.noRules)})`);
  }
  const realCode = results.filter((result) => result.group === 'real-code');
  const sum = (build: Build, rules: Rules) => realCode.reduce((total, result) => total + result.ms[build][rules], 0);
  if (realCode.length > 0) {
    const ownNow = sum('current', 'lockOrder') - sum('current', 'noRules');
    const ownThen = sum('baseline', 'lockOrder') - sum('baseline', 'noRules');
    console.log(`real-code corpora together: lock-order's own time ${x(ownNow / ownThen)} the baseline's, its whole run ${x(sum('current', 'lockOrder') / sum('baseline', 'lockOrder'))}`);
  }
  const report = writeReport('lock-order-cost.json', { date: new Date().toISOString(), machine: machine(), repeats: REPEATS, baseline: BASELINE, results });
  console.log(`report: ${path.relative(process.cwd(), report)}`);
}

main();
