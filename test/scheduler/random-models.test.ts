// The reduction (persistent and sleep sets) against the full search on random small models: three or four tasks
// taking and giving back two or three locks around io and timers, some waiting for or setting an event, some
// branching — the shapes no hand-written model thought of. Seeded: model i below is seed i + 1. Found so far:
// a fired task running on through a granted lock before another could fire (scheduler.test.ts has it by name).
import type { ConcurrencyModel, Step } from '../../model/schema';
import { mulberry32, pickIndex } from '../../scheduler/prng';
import { acquire, branch, event, io, model, mutex, reductionKeepsEndsOnEveryModelAbove, release, semaphore, signal, task, timer, wait } from './models';

const SEEDS = 2000;

function randomModel(seed: number): ConcurrencyModel {
  const random = mulberry32(seed);
  const pick = <T>(items: readonly T[]): T => items[pickIndex(random, items.length)]!;
  const locks = ['a', 'b', 'c'].slice(0, 2 + pickIndex(random, 2));
  const tasks = Array.from({ length: 3 + pickIndex(random, 2) }, (_, at) => task(`t${at}`, randomSteps(pick, locks, 4 + pickIndex(random, 6), random() < 0.15)));
  return model(
    locks.map((id, at) => (at === 2 ? semaphore(id, 2) : mutex(id))),
    tasks,
    [event('e')],
  );
}

function randomSteps(pick: <T>(items: readonly T[]) => T, locks: readonly string[], length: number, mayBranch: boolean): Step[] {
  const held: string[] = [];
  const steps: Step[] = [];
  for (let at = 0; at < length; at++) {
    const kind = pick(['acquire', 'acquire', 'release', 'io', 'timer', 'event', ...(mayBranch ? ['branch'] : [])]);
    if (kind === 'acquire') {
      const lock = pick(locks);
      held.push(lock);
      steps.push(acquire(lock));
    } else if (kind === 'release' && held.length > 0) steps.push(release(held.pop()!));
    else if (kind === 'io') steps.push(io(pick([1, 2, 5])));
    else if (kind === 'timer') steps.push(timer(pick([1, 3])));
    else if (kind === 'event') steps.push(pick([wait('e'), signal('e')]));
    else if (kind === 'branch') steps.push(branch([io(1)], [timer(1), signal('e')]));
  }
  while (held.length > 0) steps.push(release(held.pop()!));
  return steps;
}

for (let seed = 1; seed <= SEEDS; seed++) randomModel(seed);
reductionKeepsEndsOnEveryModelAbove();
