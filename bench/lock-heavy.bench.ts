// Benchmark (not a test): the lock rules' cost per file on generated lock-heavy projects (bench/synthetic.ts: N
// files × 4 mutexes × 8 functions nesting two of them, calls across files, a lock-order cycle every 25 files) at
// N = 250 … 4,000, beside tsc --noEmit's on the same project. The lock rules' cost is the time inside the rules
// (`runRules`) of a `lockstep check` with only the lock rules on, read from a V8 CPU profile of the run. The
// analysis is linear when that cost per file stays flat: the largest N's within 1.3x of the smallest N's (fixed
// costs — the checker's first questions, V8 warming up — make small N dearer per file; the time each added file
// adds, printed too, is the slope without them).
// Best of the repeats. Writes bench-results/lock-heavy.json.
//   npm run bench:lock-heavy                (builds first)
//   LOCKSTEP_BENCH_SIZES=250,1000 LOCKSTEP_BENCH_REPEATS=1 npm run bench:lock-heavy
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { JsonReport } from '../server/src/cli/format-json';
import { REPO } from './corpora';
import { best, machine, profiledCheck, runNodeScript, writeReport } from './measure';
import { lockHeavySource, syntheticProject, LOCK_HEAVY_CYCLE_EVERY } from './synthetic';

const SIZES = (process.env.LOCKSTEP_BENCH_SIZES ?? '250,500,1000,2000,4000').split(',').map(Number);
const REPEATS = Number(process.env.LOCKSTEP_BENCH_REPEATS ?? 2);
const LOCK_RULES = ['lock-order', 'lock-reentry', 'lock-leak'];
/** Flat enough: the largest N's cost per file over the smallest N's. */
const BOUND = 1.3;
const CLI = path.join(REPO, 'dist/cli.js');
const TSC = path.join(REPO, 'node_modules/typescript/bin/tsc');

interface SizeResult {
  files: number;
  /** Best of the repeats, ms per file: the time inside the lock rules, the whole check, tsc --noEmit. */
  msPerFile: { lockRules: number; check: number; tsc: number };
  lockOrderFindings: number;
}

function measure(files: number): SizeResult {
  const project = syntheticProject(`lockstep-lock-heavy-${files}-`, files, lockHeavySource);
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), `lockstep-lock-heavy-${files}-scratch-`));
  try {
    profiledCheck(CLI, project.dir, scratch, LOCK_RULES); // writes the compile cache
    const checks = [];
    const tscRuns = [];
    for (let i = 0; i < REPEATS; i++) {
      checks.push(profiledCheck(CLI, project.dir, scratch, LOCK_RULES));
      tscRuns.push(runNodeScript(TSC, ['-p', 'tsconfig.json', '--noEmit'], project.dir));
    }
    if (tscRuns.some((run) => run.status !== 0)) throw new Error(`the ${files}-file project does not type-check:\n${tscRuns[0]!.stdout.slice(0, 2000)}`);
    const lockOrderFindings = expectedFindings(files, JSON.parse(checks[0]!.run.stdout) as JsonReport);
    return {
      files,
      msPerFile: {
        lockRules: Math.min(...checks.map((check) => check.ruleMs)) / files,
        check: best(checks.map((check) => check.run)).ms / files,
        tsc: best(tscRuns).ms / files,
      },
      lockOrderFindings,
    };
  } finally {
    project.remove();
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/** The project is what it says: both sides of each planted cycle, and no other lock finding. */
function expectedFindings(files: number, report: JsonReport): number {
  const rules = report.findings.map((finding) => finding.rule);
  const expected = 2 * Math.floor(files / LOCK_HEAVY_CYCLE_EVERY);
  const lockOrder = rules.filter((rule) => rule === 'lock-order').length;
  if (report.ruleErrors.length > 0 || lockOrder !== expected || rules.length !== lockOrder) {
    throw new Error(`${files} files: expected ${expected} lock-order findings and nothing else, got ${JSON.stringify(rules)} (rule errors: ${report.ruleErrors.length})`);
  }
  return lockOrder;
}

/** The lock rules' time the files from one N to the next added, per added file: what grows when the cost is super-linear. */
function marginalMs(smaller: SizeResult, larger: SizeResult): number {
  const total = (result: SizeResult) => result.msPerFile.lockRules * result.files;
  return (total(larger) - total(smaller)) / (larger.files - smaller.files);
}

const ms = (value: number) => `${value.toFixed(2)} ms`;

function main(): void {
  const results: SizeResult[] = [];
  console.log(`lock-heavy projects; per file, best of ${REPEATS}: the lock rules' own time | tsc --noEmit | the whole lockstep check (lock rules only)`);
  for (const files of SIZES) {
    const result = measure(files);
    const previous = results.at(-1);
    results.push(result);
    const { lockRules, tsc, check } = result.msPerFile;
    const added = previous ? `; each file beyond N = ${previous.files} added ${ms(marginalMs(previous, result))} of lock rules` : '';
    console.log(`  N = ${String(files).padStart(5)}: lock rules ${ms(lockRules)} | tsc ${ms(tsc)} (lock rules ${(lockRules / tsc).toFixed(2)}x tsc) | check ${ms(check)}; ` +
      `${result.lockOrderFindings} lock-order findings${added}`);
  }
  const [smallest, largest] = [results[0]!, results.at(-1)!];
  const growth = largest.msPerFile.lockRules / smallest.msPerFile.lockRules;
  const flat = growth <= BOUND;
  console.log(`lock rules' cost per file, N = ${largest.files} over N = ${smallest.files}: ${growth.toFixed(2)}x (bound ${BOUND}x: ${flat ? 'flat' : 'NOT flat'}); ` +
    `tsc's: ${(largest.msPerFile.tsc / smallest.msPerFile.tsc).toFixed(2)}x`);
  const report = writeReport('lock-heavy.json', { date: new Date().toISOString(), machine: machine(), repeats: REPEATS, bound: BOUND, growth, flat, results });
  console.log(`report: ${path.relative(process.cwd(), report)}`);
}

main();
