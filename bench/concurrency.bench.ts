// Benchmark (not a test): `lockstep check` on one thread against two worker threads (`--concurrency 2`) and
// `--concurrency auto`, beside ESLint with typescript-eslint's two promise rules on one thread and with its own
// `--concurrency auto`, and `tsc --noEmit` as the reference, on the real-code corpora (bench/corpora.ts); median
// of interleaved rounds, all in this run. Each threaded report must equal the one-thread report byte for byte.
// Writes bench-results/concurrency.json.
//   npm run bench:concurrency                             (builds first; installs the corpora once)
//   LOCKSTEP_BENCH_REPEATS=1 LOCKSTEP_BENCH_CORPORA=rxjs npm run bench:concurrency
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ensureCorpus, selectedCorpora, sourceFileCount, type Corpus } from './corpora';
import { machine, writeReport } from './measure';
import { eslintTool, interleavedRuns, lockstepTool, medianMsOf, TSC6 } from './reference-tools';

const REPEATS = Number(process.env.LOCKSTEP_BENCH_REPEATS ?? 5);
const THREADED = ['lockstep-2-workers', 'lockstep-auto'] as const;

const TOOLS = [
  lockstepTool('lockstep-1-thread', ['--concurrency', 'off']),
  lockstepTool(THREADED[0], ['--concurrency', '2']),
  lockstepTool(THREADED[1], ['--concurrency', 'auto']),
  eslintTool('eslint'),
  eslintTool('eslint-concurrency-auto', ['--concurrency', 'auto']),
  TSC6,
] as const;
type ToolName = (typeof TOOLS)[number]['name'];

interface CorpusResult {
  corpus: string;
  files: number;
  medianMs: Record<ToolName, number>;
  /** Each against tsc --noEmit of the same run; the speed-ups are one thread's time over the threaded one's. */
  ratios: Record<string, number>;
}

function benchCorpus(corpus: Corpus): CorpusResult {
  const dir = ensureCorpus(corpus);
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), `lockstep-concurrency-${corpus.name}-`));
  const runs = interleavedRuns<ToolName>(corpus.name, TOOLS, REPEATS, dir, scratch);
  fs.rmSync(scratch, { recursive: true, force: true });
  const oneThread = runs.get('lockstep-1-thread')!;
  for (const name of THREADED) {
    const differing = runs.get(name)!.findIndex((run, i) => run.stdout !== oneThread[i]!.stdout);
    if (differing !== -1) throw new Error(`${corpus.name}: ${name}'s report differs from the one-thread report (round ${differing + 1})`);
  }
  const medianMs = medianMsOf<ToolName>(TOOLS, runs);
  const vsTsc = (name: ToolName) => medianMs[name] / medianMs.tsc;
  return {
    corpus: corpus.name,
    files: sourceFileCount(corpus),
    medianMs,
    ratios: {
      oneThreadVsTsc: vsTsc('lockstep-1-thread'), twoWorkersVsTsc: vsTsc('lockstep-2-workers'), autoVsTsc: vsTsc('lockstep-auto'),
      eslintVsTsc: vsTsc('eslint'), eslintAutoVsTsc: vsTsc('eslint-concurrency-auto'),
      lockstepTwoWorkersSpeedup: medianMs['lockstep-1-thread'] / medianMs['lockstep-2-workers'],
      lockstepAutoSpeedup: medianMs['lockstep-1-thread'] / medianMs['lockstep-auto'],
      eslintAutoSpeedup: medianMs.eslint / medianMs['eslint-concurrency-auto'],
    },
  };
}

const x = (ratio: number) => `${ratio.toFixed(2)}x`;

function main(): void {
  const host = machine();
  console.log(`machine: ${host.cpu}, ${host.nproc} cores, ${host.memoryGB} GB, Node ${host.node}; median of ${REPEATS} interleaved rounds`);
  const results = selectedCorpora().map((corpus) => {
    const result = benchCorpus(corpus);
    const { ratios: r, medianMs: m } = result;
    console.log(
      `${corpus.name} (${result.files} files), against tsc --noEmit: lockstep 1 thread ${x(r.oneThreadVsTsc!)}, 2 workers ${x(r.twoWorkersVsTsc!)}, auto ${x(r.autoVsTsc!)}; ` +
        `ESLint ${x(r.eslintVsTsc!)}, ESLint --concurrency auto ${x(r.eslintAutoVsTsc!)}. Speed-up from threads: lockstep 2 workers ${x(r.lockstepTwoWorkersSpeedup!)}, ` +
        `auto ${x(r.lockstepAutoSpeedup!)}; ESLint auto ${x(r.eslintAutoSpeedup!)}. Threaded reports byte-identical to one thread's.`,
    );
    console.log(`  medians: ${TOOLS.map((tool) => `${tool.name} ${(m[tool.name] / 1000).toFixed(2)} s`).join(', ')}`);
    return result;
  });
  const report = writeReport('concurrency.json', { date: new Date().toISOString(), machine: host, repeats: REPEATS, results });
  console.log(`report: ${path.relative(process.cwd(), report)}`);
}

main();
