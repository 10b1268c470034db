// Benchmark (not a test) of `lockstep check --cache` on the real-code corpora (bench/corpora.ts): a cold run (no
// cache file), a warm run with nothing changed, and runs after a one-line edit of one file — the corpus's large
// file (a hub many files import, in mongodb and viem) and a file few import — beside `lockstep check` without the
// cache and `tsc --noEmit`, all measured in this run and reported as ratios to tsc. Each corpus is checked in a
// scratch copy of its sources (node_modules linked), so the edits never touch the shared corpus.
// Writes bench-results/cache.json.
//   npm run bench:cache                 (builds first; installs the corpora into .bench-cache/ once)
//   LOCKSTEP_BENCH_REPEATS=1 LOCKSTEP_BENCH_CORPORA=rxjs npm run bench:cache
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO, ensureCorpus, selectedCorpora, sourceFileCount, type Corpus } from './corpora';
import { best, machine, runNodeScript, writeReport, type Measured } from './measure';

const REPEATS = Number(process.env.LOCKSTEP_BENCH_REPEATS ?? 3);
const CLI = path.join(REPO, 'dist/cli.js');
const TSC = path.join(REPO, 'node_modules/typescript/bin/tsc');
const RUNS = ['tsc', 'uncached', 'cold', 'warm', 'edited', 'editedFewImporters'] as const;
type RunName = (typeof RUNS)[number];
/**
 * Per corpus, a source file few others import (two at most), for the second edit: largeFile is a hub in mongodb
 * and viem. None in mongodb, whose every file is imported by more. (Kept here: the corpus definition is the
 * install stamp of the shared .bench-cache.)
 */
const FEW_IMPORTERS: Record<string, string> = { rxjs: 'internal/testing/TestScheduler.ts', viem: 'op-stack/decorators/publicL1.ts' };

interface CorpusResult {
  corpus: string;
  files: number;
  /** Runs not made (no file few import) are left out. */
  best: Partial<Record<RunName, { ms: number; peakRssMB: number }>>;
  ratiosToTsc: Partial<Record<Exclude<RunName, 'tsc'>, number>>;
  /** The cache's own summary line of the last run of each kind: files reused whole and in part, programs built. */
  cacheUse: Partial<Record<RunName, string>>;
}

/** A copy of the corpus's tsconfig and sources whose node_modules is the corpus's own. */
function scratchCopy(corpus: Corpus): string {
  const dir = ensureCorpus(corpus);
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), `lockstep-bench-cache-${corpus.name}-`));
  fs.cpSync(path.join(dir, 'src'), path.join(scratch, 'src'), { recursive: true });
  fs.copyFileSync(path.join(dir, 'tsconfig.json'), path.join(scratch, 'tsconfig.json'));
  fs.symlinkSync(path.join(dir, 'node_modules'), path.join(scratch, 'node_modules'));
  return scratch;
}

function benchCorpus(corpus: Corpus): CorpusResult {
  const dir = scratchCopy(corpus);
  const cacheFile = path.join(dir, '.lockstepcache');
  const edits = [['edited', corpus.largeFile], ['editedFewImporters', FEW_IMPORTERS[corpus.name]]] as const;
  const env = { LOCKSTEP_COMPILE_CACHE_DIR: path.join(dir, '.compile-cache') };
  const lockstep = (...args: string[]) => checked(corpus, runNodeScript(CLI, ['check', '--project', 'tsconfig.json', '--format', 'json', ...args], dir, env));
  const runs = new Map<RunName, Measured[]>(RUNS.map((name) => [name, []]));
  lockstep(); // writes V8's compile cache: every measured run starts from it alike
  try {
    for (let i = 0; i < REPEATS; i++) {
      runs.get('tsc')!.push(runNodeScript(TSC, ['-p', 'tsconfig.json', '--noEmit'], dir));
      runs.get('uncached')!.push(lockstep());
      fs.rmSync(cacheFile, { force: true });
      runs.get('cold')!.push(lockstep('--cache'));
      runs.get('warm')!.push(lockstep('--cache'));
      if (runs.get('warm')!.at(-1)!.stdout !== runs.get('cold')!.at(-1)!.stdout) throw new Error(`${corpus.name}: the warm run's output differs from the cold run's`);
      for (const [run, file] of edits) {
        if (file === undefined) continue;
        const edited = path.join(dir, 'src', file);
        const original = fs.readFileSync(edited, 'utf8');
        fs.writeFileSync(edited, `${original}\n// an edit (${i})\n`);
        runs.get(run)!.push(lockstep('--cache'));
        fs.writeFileSync(edited, original);
        lockstep('--cache'); // warm again: the next edit's run redoes only what that edit reaches
      }
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const made = RUNS.filter((name) => runs.get(name)!.length > 0);
  const bestOf = Object.fromEntries(made.map((name) => [name, best(runs.get(name)!)])) as CorpusResult['best'];
  const tscMs = bestOf.tsc!.ms;
  const cached = made.filter((name) => name !== 'tsc' && name !== 'uncached');
  return {
    corpus: corpus.name,
    files: sourceFileCount(corpus),
    best: bestOf,
    ratiosToTsc: Object.fromEntries(made.filter((name) => name !== 'tsc').map((name) => [name, bestOf[name]!.ms / tscMs])),
    cacheUse: Object.fromEntries(cached.map((name) => [name, /lockstep: cache: (.*)$/m.exec(runs.get(name)!.at(-1)!.stderr)?.[1] ?? 'no summary'])),
  };
}

function checked(corpus: Corpus, run: Measured): Measured {
  if (run.status !== 0 && run.status !== 1) throw new Error(`${corpus.name}: lockstep exited with ${run.status}:\n${run.stderr.slice(-2000)}`);
  return run;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const x = (ratio: number) => `${ratio.toFixed(2)}x`;

function main(): void {
  const results = selectedCorpora().map((corpus) => {
    const result = benchCorpus(corpus);
    const { best: b, ratiosToTsc: r } = result;
    const shown = (name: Exclude<RunName, 'tsc'>) => (b[name] ? `${x(r[name]!)} (${seconds(b[name].ms)})` : 'not measured');
    console.log(`${corpus.name} (${result.files} files), best of ${REPEATS}, as ratios to tsc --noEmit (${seconds(b.tsc!.ms)}):`);
    console.log(`  without --cache ${shown('uncached')}; --cache cold ${shown('cold')}, warm ${shown('warm')}, ` +
      `one file edited: ${corpus.largeFile} ${shown('edited')}, ${FEW_IMPORTERS[corpus.name] ?? 'a file few import'} ${shown('editedFewImporters')}`);
    for (const [name, use] of Object.entries(result.cacheUse)) console.log(`  ${name}: ${use}`);
    return result;
  });
  const report = writeReport('cache.json', { date: new Date().toISOString(), machine: machine(), repeats: REPEATS, results });
  console.log(`report: ${path.relative(process.cwd(), report)}`);
}

main();
