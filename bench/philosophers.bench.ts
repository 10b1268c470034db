// Dining philosophers, deadlocking and fixed, n = 3…10: explore (with and without its partial-order reduction,
// under virtual and under any timing) side by side with SPIN on the same model in Promela
// (bench/philosophers/philosophers.pml), with and without SPIN's partial-order reduction
// (`npm run bench:philosophers`; not part of npm test). SPIN has no clock: its model is the one of `any` timing,
// where any pending timer or io may complete next; virtual timing's states also hold the clock's due times.
// The fixed table is a proof: every state searched. The deadlocking one stops at the first deadlock, as both tools
// do. Each search runs once in a process of its own: states, states/s, search time, wall time, and memory: the
// peak resident memory of the Node process (its start-up included), pan's own count of what it allocated. A
// configuration stops growing n when the next search would take over CAP_MS at the growth seen from the n
// before, or a search hit the state bound. Lockstep's search time includes V8 compiling the engine as it runs
// (most of n = 7's); SPIN's excludes its verifier's generation and gcc, so the row compared with SPIN's is also
// measured with the engine compiled first (the same search three times, stopped at 20,000 states). SPIN needs
// `spin` and `gcc` (Debian packages); without them its columns are skipped, never failed.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { machine, runNodeScript, writeReport } from './measure';
import type { Timing } from '../scheduler/types';

const SIZES = [3, 4, 5, 6, 7, 8, 9, 10];
const CAP_MS = 60_000;
const MAX_STATES = 20_000_000;
const VARIANTS = ['fixed', 'deadlocking'] as const;
const PROMELA = path.join(__dirname, 'philosophers', 'philosophers.pml');

interface Row {
  tool: string;
  variant: (typeof VARIANTS)[number];
  n: number;
  states: number;
  deadlock: boolean;
  complete: boolean;
  searchMs: number;
  /** Lockstep's partial-order search under any timing (SPIN's model) again, with V8 having compiled the engine first. */
  compiledSearchMs?: number;
  wallMs: number;
  /** SPIN only: generating and compiling the verifier (spin -a, gcc), which comes before its search. */
  compileMs?: number;
  statesPerSecond: number;
  peakRssMB: number;
}

function exploreOne(variant: Row['variant'], n: number, reduction: 'none' | 'partial-order', timing: Timing, compiled = false) {
  const run = runNodeScript(path.join(__dirname, 'philosophers', 'explore-one.ts'), [String(n), variant, reduction, String(MAX_STATES), timing, ...(compiled ? ['compiled'] : [])], path.join(__dirname, '..'), {}, ['--import', 'tsx']);
  if (run.status !== 0) throw new Error(`explore n=${n} ${variant}: ${run.stderr}`);
  return { run, result: JSON.parse(run.stdout) as { states: number; exhaustive: boolean; deadlock: boolean; ms: number } };
}

function exploreRow(variant: Row['variant'], n: number, reduction: 'none' | 'partial-order', timing: Timing): Row {
  const { run, result } = exploreOne(variant, n, reduction, timing);
  const complete = result.exhaustive || result.deadlock;
  const row: Row = { tool: `lockstep ${reduction} ${timing}`, variant, n, states: result.states, deadlock: result.deadlock, complete, searchMs: result.ms, wallMs: run.ms, statesPerSecond: result.states / (result.ms / 1000), peakRssMB: run.peakRssMB };
  // The row SPIN's is compared with: its search also after its verifier is compiled.
  if (reduction === 'partial-order' && timing === 'any') row.compiledSearchMs = exploreOne(variant, n, reduction, timing, true).result.ms;
  return row;
}

const hasSpin = ['spin', 'gcc'].every((tool) => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0);

function spinRow(variant: Row['variant'], n: number, reduce: boolean): Row {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lockstep-spin-'));
  try {
    const sh = (command: string) => {
      const run = spawnSync('sh', ['-c', command], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 26 });
      if (run.status !== 0 && !command.startsWith('./pan')) throw new Error(`${command}: ${run.stderr}${run.stdout}`);
      return run.stdout;
    };
    const compiling = performance.now();
    sh(`spin -DN=${n} -DORDERED=${variant === 'fixed' ? 1 : 0} -a ${PROMELA} && gcc -O2 -DSAFETY ${reduce ? '' : '-DNOREDUCE'} -o pan pan.c`);
    const compileMs = performance.now() - compiling;
    const started = performance.now();
    const out = sh('./pan -m100000 2>&1');
    const wallMs = performance.now() - started;
    const number = (pattern: RegExp) => Number(pattern.exec(out)?.[1] ?? NaN);
    const states = number(/([\d.e+]+) states, stored/);
    const searchMs = number(/elapsed time ([\d.e+]+) seconds/) * 1000;
    const deadlock = /errors: [1-9]/.test(out);
    return { tool: `spin ${reduce ? 'partial-order' : 'none'}`, variant, n, states, deadlock, complete: true, searchMs, wallMs, compileMs, statesPerSecond: states / (Math.max(searchMs, 1) / 1000), peakRssMB: number(/([\d.]+)\s+total actual memory usage/) };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const configurations: { name: string; run: (variant: Row['variant'], n: number) => Row }[] = [
  ...(['any', 'virtual'] as const).flatMap((timing) =>
    (['partial-order', 'none'] as const).map((reduction) => ({ name: `lockstep ${reduction} ${timing}`, run: (variant: Row['variant'], n: number) => exploreRow(variant, n, reduction, timing) }))),
  ...(hasSpin
    ? [
        { name: 'spin partial-order', run: (variant: Row['variant'], n: number) => spinRow(variant, n, true) },
        { name: 'spin none', run: (variant: Row['variant'], n: number) => spinRow(variant, n, false) },
      ]
    : []),
];
if (!hasSpin) console.log('SPIN skipped: `spin` or `gcc` is not installed (Debian: apt-get install spin gcc)');

/** The next n's search time, at the growth from the previous n to this one (×10 after a first run). */
function predictedMs(rows: readonly Row[], row: Row): number {
  const previous = rows.find((other) => other.tool === row.tool && other.variant === row.variant && other.n === row.n - 1);
  const ms = Math.max(row.searchMs, 1);
  return ms * (previous ? Math.max(1, ms / Math.max(previous.searchMs, 1)) : 10);
}

const rows: Row[] = [];
for (const variant of VARIANTS) {
  for (const configuration of configurations) {
    for (const n of SIZES) {
      const row = configuration.run(variant, n);
      rows.push(row);
      console.log(
        `${variant.padEnd(11)} n=${String(n).padEnd(2)} ${configuration.name.padEnd(30)} ${String(row.states).padStart(9)} states${row.complete ? '' : ' (bound)'}${row.deadlock ? ', deadlock' : ''}  ` +
          `${row.searchMs.toFixed(0).padStart(6)} ms search${row.compiledSearchMs === undefined ? '' : ` (${row.compiledSearchMs.toFixed(0)} ms compiled)`}, ${row.wallMs.toFixed(0).padStart(6)} ms wall${row.compileMs === undefined ? '' : ` (+${row.compileMs.toFixed(0)} ms spin -a, gcc)`}  ${Math.round(row.statesPerSecond).toString().padStart(8)} states/s  ${row.peakRssMB.toFixed(0).padStart(5)} MB peak`,
      );
      if (!row.complete || predictedMs(rows, row) > CAP_MS) break;
    }
  }
}

const report = writeReport('philosophers.json', { machine: machine(), date: new Date().toISOString(), capMs: CAP_MS, maxStates: MAX_STATES, spin: hasSpin, rows });
console.log(`report: ${path.relative(process.cwd(), report)}`);
