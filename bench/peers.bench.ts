// Benchmark (not a test): `lockstep check` against the peers users compare it with, on the real-code corpora
// (bench/corpora.ts), all measured in this run as the median of interleaved rounds: `tsc --noEmit` of this
// repository's TypeScript 6, TypeScript 7's native `tsgo --noEmit`, ESLint with typescript-eslint's two promise
// rules (single-threaded, and with `--concurrency auto`), oxlint --type-aware with the same two rules, and the
// TypeScript 7 experiment (bench/ts7-floating-promise: floating-promise on `typescript/unstable/sync`). Then the
// agreement of findings: Lockstep against oxlint, and Lockstep's floating-promise against the experiment.
// Wall time only: tsgo and oxlint are native programs behind a Node launcher, whose peak memory bench/peak-rss.cjs
// would not see. Writes bench-results/peers.json.
//   npm run bench:peers                                  (builds first; installs corpora and peers once)
//   LOCKSTEP_BENCH_REPEATS=1 LOCKSTEP_BENCH_CORPORA=rxjs npm run bench:peers
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { JsonReport } from '../server/src/cli/format-json';
import { compareFindings, describeAgreement, type PairAgreement, type TheirFinding } from './agreement';
import { ensureCorpus, filesUnder, selectedCorpora, sourceFileCount, type Corpus } from './corpora';
import { machine, runNodeScript, writeReport } from './measure';
import { buildTs7Experiment, ensurePeers, OXLINT_RULES, oxlintFindings, writeOxlintConfig } from './peers';
import { eslintTool, interleavedRuns, LOCKSTEP, medianMsOf, TSC6, type Tool } from './reference-tools';

const REPEATS = Number(process.env.LOCKSTEP_BENCH_REPEATS ?? 5);
const TS7_RULE = 'ts7/floating-promise';

const peers = ensurePeers();
const experiment = buildTs7Experiment(peers.dir);

const TOOLS = [
  LOCKSTEP,
  TSC6,
  { name: 'tsgo', run: (dir) => runNodeScript(peers.tsgo, ['-p', 'tsconfig.json', '--noEmit'], dir), completed: [0, 1, 2] } satisfies Tool<'tsgo'>,
  eslintTool('eslint'),
  eslintTool('eslint-concurrency', ['--concurrency', 'auto']),
  {
    name: 'oxlint',
    // The files are named one by one: oxlint skips git-ignored folders (.bench-cache/) even when given them.
    run: (dir) => runNodeScript(peers.oxlint, ['--type-aware', '-c', writeOxlintConfig(dir), '--format', 'json', ...corpusFiles(dir)], dir, { OXLINT_TSGOLINT_PATH: peers.tsgolint }),
    completed: [0, 1],
  } satisfies Tool<'oxlint'>,
  { name: 'ts7-experiment', run: (dir) => runNodeScript(experiment, [dir], dir), completed: [0] } satisfies Tool<'ts7-experiment'>,
] as const;
type ToolName = (typeof TOOLS)[number]['name'];

function corpusFiles(dir: string): string[] {
  return [...filesUnder(path.join(dir, 'src'))].filter((file) => file.endsWith('.ts')).map((file) => path.relative(dir, file));
}

/** What bench/ts7-floating-promise/check.ts prints (it is typechecked apart, against typescript@7). */
interface Ts7Report {
  findings: { file: string; line: number; kind: string }[];
  stats: Record<string, number>;
}

function ts7Findings(report: Ts7Report): TheirFinding[] {
  return report.findings.map((finding) => ({ rule: TS7_RULE, at: `${finding.file}:${finding.line}`, kind: finding.kind, message: finding.kind }));
}

interface CorpusResult {
  corpus: string;
  files: number;
  medianMs: Record<ToolName, number>;
  ratios: Record<string, number>;
  experiment: Ts7Report['stats'];
  agreement: PairAgreement[];
}

function benchCorpus(corpus: Corpus): CorpusResult {
  const dir = ensureCorpus(corpus);
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), `lockstep-peers-${corpus.name}-`));
  const runs = interleavedRuns<ToolName>(corpus.name, TOOLS, REPEATS, dir, scratch);
  fs.rmSync(scratch, { recursive: true, force: true });
  const lastOutput = (name: ToolName) => runs.get(name)!.at(-1)!.stdout;
  const lockstepReport = JSON.parse(lastOutput('lockstep')) as JsonReport;
  const ts7Report = JSON.parse(lastOutput('ts7-experiment')) as Ts7Report;

  const medianMs = medianMsOf<ToolName>(TOOLS, runs);
  const lockstepVs = (name: ToolName) => medianMs.lockstep / medianMs[name];
  return {
    corpus: corpus.name,
    files: sourceFileCount(corpus),
    medianMs,
    ratios: {
      lockstepVsTsc6: lockstepVs('tsc'), lockstepVsTsgo: lockstepVs('tsgo'), lockstepVsEslint: lockstepVs('eslint'),
      lockstepVsEslintConcurrency: lockstepVs('eslint-concurrency'), lockstepVsOxlint: lockstepVs('oxlint'),
      experimentVsTsgo: medianMs['ts7-experiment'] / medianMs.tsgo, experimentVsLockstep: medianMs['ts7-experiment'] / medianMs.lockstep,
    },
    experiment: ts7Report.stats,
    agreement: [
      ...compareFindings(lockstepReport, oxlintFindings(lastOutput('oxlint')), [
        { ours: 'floating-promise', theirs: OXLINT_RULES.floating }, { ours: 'misused-promise', theirs: OXLINT_RULES.misused },
      ]),
      ...compareFindings(lockstepReport, ts7Findings(ts7Report), [{ ours: 'floating-promise', theirs: TS7_RULE }]),
    ],
  };
}

const x = (ratio: number) => `${ratio.toFixed(2)}x`;
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

function main(): void {
  const host = machine();
  console.log(`machine: ${host.cpu}, ${host.nproc} cores, ${host.memoryGB} GB, Node ${host.node}; median of ${REPEATS} interleaved rounds`);
  const results: CorpusResult[] = [];
  for (const corpus of selectedCorpora()) {
    const result = benchCorpus(corpus);
    results.push(result);
    const { ratios: r, medianMs: m } = result;
    console.log(
      `${corpus.name} (${result.files} files): lockstep check vs tsc 6 = ${x(r.lockstepVsTsc6!)}, vs tsgo = ${x(r.lockstepVsTsgo!)}, ` +
        `vs ESLint = ${x(r.lockstepVsEslint!)}, vs ESLint --concurrency auto = ${x(r.lockstepVsEslintConcurrency!)}, vs oxlint --type-aware = ${x(r.lockstepVsOxlint!)}; ` +
        `TS7 experiment vs tsgo = ${x(r.experimentVsTsgo!)}, vs lockstep = ${x(r.experimentVsLockstep!)}`,
    );
    console.log(`  medians: ${TOOLS.map((tool) => `${tool.name} ${s(m[tool.name])}`).join(', ')}`);
    console.log(`  experiment: ${JSON.stringify(result.experiment)}`);
    for (const line of describeAgreement(corpus.name, result.agreement)) console.log(`  ${line}`);
  }
  const report = writeReport('peers.json', { date: new Date().toISOString(), machine: host, repeats: REPEATS, peers: peers.dir, results });
  console.log(`report: ${path.relative(process.cwd(), report)}`);
}

main();
