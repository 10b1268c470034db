// One search for the philosophers bench, in a process of its own so its peak memory is its own:
// `explore-one.ts <n> <fixed|deadlocking> <none|partial-order> <maxStates> [virtual|any]` prints the search's figures as JSON.
import { compile } from '../../scheduler/engine';
import { search } from '../../scheduler/simulate';
import type { SimulateOptions, Timing } from '../../scheduler/types';
import { diningPhilosophers, orderedPhilosophers } from '../../test/scheduler/models';

const [n, variant, reduction, maxStates, timing = 'virtual'] = process.argv.slice(2);
const model = (variant === 'fixed' ? orderedPhilosophers : diningPhilosophers)(Number(n));
const heapBefore = process.memoryUsage().heapUsed;
const started = performance.now();
const { exploration, deadlockSchedule } = search(compile(model, 1_000, timing as Timing), {}, Number(maxStates), 10_000, { reduction: reduction as SimulateOptions['reduction'] });
const ms = performance.now() - started;
const heapMB = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;
console.log(JSON.stringify({ states: exploration.states, transitions: exploration.transitions, exhaustive: exploration.exhaustive, deadlock: deadlockSchedule !== undefined, ms, heapMB }));
