// Explore on n dining philosophers, n = 3…6 (`npm run bench`; not part of npm test).
// - Exhaustive search of the deadlock-free variant (the last philosopher takes its forks in the other order):
//   distinct states, schedules covered, wall time, states per second.
// - Time to the first deadlock in the classic variant (everyone takes the left fork first).
// Speed is reported as ratios against references measured in the same run, never as absolute thresholds:
// states/s relative to n = 3, and the time to the first deadlock relative to one plain fifo run of the same model.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { compile } from '../scheduler/engine';
import { search, simulate } from '../scheduler/simulate';
import { diningPhilosophers, orderedPhilosophers } from '../test/scheduler/models';

const MAX_STATES = 2_000_000;
const REPEATS = 3;

/** The best of a few runs (the least disturbed by the machine), in ms. */
function bestOf<T>(run: () => T): { ms: number; value: T } {
  let best = { ms: Infinity, value: undefined as T };
  for (let i = 0; i < REPEATS; i++) {
    const start = performance.now();
    const value = run();
    const ms = performance.now() - start;
    if (ms < best.ms) best = { ms, value };
  }
  return best;
}

interface Row {
  n: number;
  exhaustive: { states: number; schedules: number; transitions: number; ms: number; statesPerSecond: number; ratioToN3: number };
  firstDeadlock: { ms: number; statesVisited: number; scheduleLength: number; fifoRunMs: number; ratioToFifoRun: number };
}

// Warm the JIT first, or the small cases measure the compiler rather than the search.
search(compile(orderedPhilosophers(5), 1_000), {}, MAX_STATES, 10_000);

const rows: Row[] = [];
for (let n = 3; n <= 6; n++) {
  const ordered = compile(orderedPhilosophers(n), 1_000);
  const full = bestOf(() => search(ordered, {}, MAX_STATES, 10_000));
  if (!full.value.exploration.exhaustive || full.value.deadlockSchedule) throw new Error(`n=${n}: the ordered philosophers must be explored fully without a deadlock`);
  const statesPerSecond = full.value.exploration.states / (full.ms / 1000);

  const naive = diningPhilosophers(n);
  const first = bestOf(() => simulate(naive, { policy: 'explore' }));
  const fifo = bestOf(() => simulate(naive, { policy: 'fifo' }));
  if (first.value.outcome !== 'deadlock') throw new Error(`n=${n}: the classic philosophers must deadlock`);

  rows.push({
    n,
    exhaustive: { states: full.value.exploration.states, schedules: full.value.exploration.schedules, transitions: full.value.exploration.transitions, ms: full.ms, statesPerSecond, ratioToN3: statesPerSecond / (rows[0]?.exhaustive.statesPerSecond ?? statesPerSecond) },
    firstDeadlock: { ms: first.ms, statesVisited: first.value.exploration!.states, scheduleLength: first.value.schedule.length, fifoRunMs: fifo.ms, ratioToFifoRun: first.ms / fifo.ms },
  });
  const row = rows.at(-1)!;
  console.log(
    `n=${n}  exhaustive: ${row.exhaustive.states} states, ${row.exhaustive.schedules.toExponential(2)} schedules in ${row.exhaustive.ms.toFixed(0)} ms ` +
      `(${Math.round(statesPerSecond)} states/s, ×${row.exhaustive.ratioToN3.toFixed(2)} of n=3)  ` +
      `first deadlock: ${row.firstDeadlock.ms.toFixed(2)} ms after ${row.firstDeadlock.statesVisited} states, ${row.firstDeadlock.scheduleLength} choices (×${row.firstDeadlock.ratioToFifoRun.toFixed(2)} of a fifo run)`,
  );
}

const outputDir = path.resolve(import.meta.dirname, '..', 'bench-results');
fs.mkdirSync(outputDir, { recursive: true });
const report = path.join(outputDir, 'scheduler.json');
fs.writeFileSync(report, `${JSON.stringify({ node: process.version, date: new Date().toISOString(), maxStates: MAX_STATES, repeats: REPEATS, rows }, null, 2)}\n`);
console.log(`report: ${path.relative(process.cwd(), report)}`);
