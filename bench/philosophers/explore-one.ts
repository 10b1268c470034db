// One search for the philosophers bench, in a process of its own so its peak memory is its own:
// `explore-one.ts <n> <fixed|deadlocking> <none|partial-order> <maxStates> [virtual|any] [compiled]` prints the
// search's figures as JSON. `compiled`: first the same search WARM_UPS times, untimed and stopped at WARM_UP_STATES,
// so V8 has compiled the engine before the timed one — as SPIN's verifier is compiled by gcc before its search.
import { compile } from '../../scheduler/engine';
import { search } from '../../scheduler/simulate';
import type { SimulateOptions, Timing } from '../../scheduler/types';
import { diningPhilosophers, orderedPhilosophers } from '../../test/scheduler/models';

const [n, variant, reduction, maxStates, timing = 'virtual', compiled] = process.argv.slice(2);
const table = variant === 'fixed' ? orderedPhilosophers : diningPhilosophers;
const WARM_UPS = 3;
const WARM_UP_STATES = 20_000;
const explore = (bound: number) => search(compile(table(Number(n)), 1_000, timing as Timing), {}, bound, 10_000, { reduction: reduction as SimulateOptions['reduction'] });
if (compiled === 'compiled') for (let run = 0; run < WARM_UPS; run++) explore(WARM_UP_STATES);
const heapBefore = process.memoryUsage().heapUsed;
const started = performance.now();
const { exploration, deadlockSchedule } = explore(Number(maxStates));
const ms = performance.now() - started;
const heapMB = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;
console.log(JSON.stringify({ states: exploration.states, transitions: exploration.transitions, exhaustive: exploration.exhaustive, deadlock: deadlockSchedule !== undefined, ms, heapMB }));
