// Benchmark (not a test) on real TypeScript: for each corpus (bench/corpora.ts), whole-project `lockstep check`
// against `tsc --noEmit` on the same tsconfig and against ESLint running only typescript-eslint's two promise
// rules, all measured in this run: wall time and peak memory as ratios. Then the agreement between our promise
// rules and theirs on the same files. Writes bench-results/real-code.json. Lockstep starts from V8's code cache
// (server/src/launch/compile-cache.ts) in a directory of this run's own: its first run finds none and writes it,
// and is reported apart; tsc and ESLint on Node 20 have no such cache.
//   npm run bench:real-code                 (builds first; installs the corpora into .bench-cache/ once)
//   LOCKSTEP_BENCH_REPEATS=1 LOCKSTEP_BENCH_CORPORA=rxjs npm run bench:real-code
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { JsonReport } from '../server/src/cli/format-json';
import { compare, countBy, describeAgreement, type PairAgreement } from './agreement';
import { CORPORA, corpusDir, ensureCorpus, selectedCorpora, sourceFileCount, type Corpus } from './corpora';
import { readEslintResults } from './eslint-reference';
import { best, machine, writeReport } from './measure';
import { eslintTool, interleavedRuns, LOCKSTEP, TSC6 } from './reference-tools';

const REPEATS = Number(process.env.LOCKSTEP_BENCH_REPEATS ?? 3);
const TOOLS = [LOCKSTEP, TSC6, eslintTool('eslint')] as const;
type ToolName = (typeof TOOLS)[number]['name'];

interface CorpusResult {
  corpus: string;
  style: string;
  files: number;
  best: Record<ToolName, { ms: number; peakRssMB: number }>;
  /** Lockstep's first run, which found no compile cache. */
  lockstepColdMs: number;
  ratios: { checkVsTsc: number; checkVsEslint: number; peakMemoryVsTsc: number; peakMemoryVsEslint: number };
  lockstepFindings: Record<string, number>;
  tscTypeErrors: number;
  knownTypeErrors?: string;
  agreement: PairAgreement[];
}

function benchCorpus(corpus: Corpus): CorpusResult {
  const dir = ensureCorpus(corpus);
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), `lockstep-bench-${corpus.name}-`));
  const runs = interleavedRuns<ToolName>(corpus.name, TOOLS, REPEATS, dir, scratch);
  const lockstepReport = JSON.parse(runs.get('lockstep')!.at(-1)!.stdout) as JsonReport;
  const eslintResults = readEslintResults(path.join(scratch, 'eslint.json'));
  fs.rmSync(scratch, { recursive: true, force: true });
  if (lockstepReport.ruleErrors.length > 0) throw new Error(`${corpus.name}: a rule failed: ${JSON.stringify(lockstepReport.ruleErrors[0])}`);

  const bestOf = Object.fromEntries(TOOLS.map((tool) => [tool.name, best(runs.get(tool.name)!)])) as CorpusResult['best'];
  return {
    corpus: corpus.name,
    style: corpus.style,
    files: sourceFileCount(corpus),
    best: bestOf,
    lockstepColdMs: runs.get('lockstep')![0]!.ms,
    ratios: {
      checkVsTsc: bestOf.lockstep.ms / bestOf.tsc.ms,
      checkVsEslint: bestOf.lockstep.ms / bestOf.eslint.ms,
      peakMemoryVsTsc: bestOf.lockstep.peakRssMB / bestOf.tsc.peakRssMB,
      peakMemoryVsEslint: bestOf.lockstep.peakRssMB / bestOf.eslint.peakRssMB,
    },
    lockstepFindings: countBy(lockstepReport.findings.map((finding) => finding.rule)),
    tscTypeErrors: (runs.get('tsc')!.at(-1)!.stdout.match(/error TS\d+/g) ?? []).length,
    knownTypeErrors: corpus.knownTypeErrors,
    agreement: compare(lockstepReport, eslintResults, dir),
  };
}

const x = (ratio: number) => `${ratio.toFixed(2)}x`;

function main(): void {
  const corpora = selectedCorpora();
  const results: CorpusResult[] = [];
  for (const corpus of corpora) {
    const result = benchCorpus(corpus);
    results.push(result);
    const { best: b, ratios } = result;
    console.log(`${corpus.name}: lockstep check vs tsc --noEmit = ${x(ratios.checkVsTsc)}, vs typescript-eslint = ${x(ratios.checkVsEslint)}, peak memory vs tsc = ${x(ratios.peakMemoryVsTsc)}`);
    console.log(
      `  ${result.files} files; best of ${REPEATS}: lockstep ${(b.lockstep.ms / 1000).toFixed(2)} s ${b.lockstep.peakRssMB.toFixed(0)} MB ` +
        `(first run, compile cache cold: ${(result.lockstepColdMs / 1000).toFixed(2)} s), ` +
        `tsc ${(b.tsc.ms / 1000).toFixed(2)} s ${b.tsc.peakRssMB.toFixed(0)} MB (${result.tscTypeErrors} type errors), ` +
        `eslint ${(b.eslint.ms / 1000).toFixed(2)} s ${b.eslint.peakRssMB.toFixed(0)} MB; lockstep findings ${JSON.stringify(result.lockstepFindings)}`,
    );
    for (const line of describeAgreement(corpus.name, result.agreement)) console.log(`  ${line}`);
  }
  const report = writeReport('real-code.json', { date: new Date().toISOString(), machine: machine(), repeats: REPEATS, corpora: CORPORA.map((corpus) => ({ ...corpus, dir: corpusDir(corpus) })), results });
  console.log(`report: ${path.relative(process.cwd(), report)}`);
}

main();
