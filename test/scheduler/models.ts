// Small builders for concurrency models, so tests and the benchmark say what a model does in a line or two.
import type { ConcurrencyModel, EventDecl, LockDecl, Step, TaskTemplate } from '../../model/schema';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeAction, replay, SchedulerError, simulate, type Deadlock, type SimulationResult, type Timing } from '../../scheduler/index';
export const mutex = (id: string, reentrant = false): LockDecl => ({ id, name: id, kind: 'mutex', reentrant });
export const semaphore = (id: string, capacity: number): LockDecl => ({ id, name: id, kind: 'semaphore', capacity, reentrant: false });
/** A semaphore used as a counter: its permits are released by tasks that never took them. */
export const counting = (id: string, capacity: number): LockDecl => ({ ...semaphore(id, capacity), counting: true });
export const event = (id: string): EventDecl => ({ id, name: id });

export const acquire = (lock: string, mode?: 'shared' | 'exclusive'): Step => (mode ? { kind: 'acquire', lock, mode } : { kind: 'acquire', lock });
export const release = (lock: string): Step => ({ kind: 'release', lock });
export const timer = (ms: number): Step => ({ kind: 'timer', ms });
export const io = (ms?: number): Step => (ms === undefined ? { kind: 'io' } : { kind: 'io', ms });
export const block = (ms: number, call = 'readFileSync'): Step => ({ kind: 'block', ms, call });
export const spawn = (template: string, group?: string): Step => (group ? { kind: 'spawn', template, group } : { kind: 'spawn', template });
export const join = (group?: string): Step => (group ? { kind: 'join', group } : { kind: 'join' });
export const call = (name: string, steps: Step[]): Step => ({ kind: 'call', function: name, steps });
export const wait = (event: string): Step => ({ kind: 'wait', event });
export const signal = (event: string): Step => ({ kind: 'signal', event });
export const branch = (...alternatives: Step[][]): Step => ({ kind: 'branch', alternatives: alternatives.map((steps) => ({ steps })) });

export const task = (name: string, steps: Step[], instances?: number): TaskTemplate => (instances === undefined ? { name, steps } : { name, steps, instances });

/** `time task: what it did`, one line per trace event. */
export function story(result: SimulationResult): string[] {
  return result.trace.map((event) => `${event.time} ${result.tasks[event.task]!.name}: ${describeAction(event.action, result)}`);
}

/** The names of the locks, and of the waiting tasks, in the deadlock's cycle, in cycle order. */
export const cycleLocks = (result: SimulationResult) => result.deadlock?.cycle.map((edge) => edge.lock);
export const cycleTasks = (result: SimulationResult) => result.deadlock?.cycle.map((edge) => result.tasks[edge.task]!.name);

/** Every model `model` has built in this process, so a test file can check something on all of them at its end. */
const builtModels: ConcurrencyModel[] = [];

export function model(locks: LockDecl[], tasks: TaskTemplate[], events?: EventDecl[]): ConcurrencyModel {
  const built: ConcurrencyModel = events === undefined ? { version: 1, uri: 'file:///test.ts', locks, tasks } : { version: 1, uri: 'file:///test.ts', locks, events, tasks };
  builtModels.push(built);
  return built;
}

/** A deadlock as the end state shows it, without the time it was reached at (schedules meeting in a state differ in it). */
const endOf = (deadlock: Deadlock) => JSON.stringify({ cycle: deadlock.cycle, stuck: deadlock.stuck, description: deadlock.description });

/** Explore's verdict and every deadlock it can reach (the search passes over each one to find all). */
function endsOf(m: ConcurrencyModel, reduction: 'none' | 'partial-order', timing: Timing) {
  const deadlocks = new Set<string>();
  try {
    const first = simulate(m, { policy: 'explore', reduction, timing });
    const all = simulate(m, { policy: 'explore', reduction, timing, accept: (deadlock) => {
      deadlocks.add(endOf(deadlock));
      return false;
    } });
    return { outcome: first.outcome, exhaustive: all.exploration!.exhaustive, deadlocks: [...deadlocks].sort(), states: all.exploration!.states, first };
  } catch (error) {
    if (!(error instanceof SchedulerError)) throw error;
    return { error: error.message };
  }
}

/**
 * The reduced search against the full one on a model: the same verdict, the same set of deadlocks (a deadlock the
 * reduced search reports is one the full search reaches, and none is lost), never more states, and the deadlock it
 * reports first replays to itself.
 */
export function assertReductionKeepsEnds(m: ConcurrencyModel, label: string, timing: Timing = 'virtual'): void {
  const full = endsOf(m, 'none', timing);
  const reduced = endsOf(m, 'partial-order', timing);
  if ('error' in full || 'error' in reduced) return assert.deepEqual(reduced, full, label);
  assert.deepEqual([reduced.outcome, reduced.exhaustive, reduced.deadlocks], [full.outcome, full.exhaustive, full.deadlocks], label);
  assert.ok(reduced.states <= full.states, `${label}: ${reduced.states} states reduced, ${full.states} in full`);
  if (reduced.first.outcome !== 'deadlock') return;
  const replayed = replay(m, reduced.first.schedule, { timing });
  assert.deepEqual([replayed.outcome, replayed.deadlock], [reduced.first.outcome, reduced.first.deadlock], `${label}: the reported schedule replays to its deadlock`);
  assert.ok(full.deadlocks.includes(endOf(reduced.first.deadlock!)), `${label}: the full search reaches the reported deadlock`);
}

/** Takes `first` then `second` around an io, after an io of its own (a request arriving). */
const twoLockWorker = (name: string, first: string, second: string): TaskTemplate =>
  task(name, [io(), acquire(first), io(), acquire(second), release(second), release(first)]);

/** The classic: A takes m1 then m2, B takes m2 then m1. */
export const oppositeOrders = (): ConcurrencyModel => model([mutex('m1'), mutex('m2')], [twoLockWorker('A', 'm1', 'm2'), twoLockWorker('B', 'm2', 'm1')]);

/**
 * holder takes x and sleeps 1 ms before it takes y; late sleeps 50 ms before it takes y then x. On the virtual
 * clock holder's timer always fires first and it finishes; if the loop is late (any timing), late's may fire
 * first, and each then waits for the other's lock.
 */
export const lateTimer = (): ConcurrencyModel =>
  model([mutex('x'), mutex('y')], [task('holder', [acquire('x'), timer(1), acquire('y'), release('y'), release('x')]), task('late', [timer(50), acquire('y'), acquire('x'), release('x'), release('y')])]);

/** The fix: both take m1 then m2. */
export const consistentOrder = (): ConcurrencyModel => model([mutex('m1'), mutex('m2')], [twoLockWorker('A', 'm1', 'm2'), twoLockWorker('B', 'm1', 'm2')]);

/** n philosophers, fork i then fork i+1 (mod n), thinking (io) between: deadlocks when all hold their left fork. */
export function diningPhilosophers(n: number): ConcurrencyModel {
  const forks = Array.from({ length: n }, (_, i) => mutex(`fork${i}`));
  const philosophers = forks.map((_, i) => {
    const left = `fork${i}`;
    const right = `fork${(i + 1) % n}`;
    return task(`philosopher${i}`, [io(), acquire(left), io(), acquire(right), timer(1), release(right), release(left)]);
  });
  return model(forks, philosophers);
}

/** The classic fix: the last philosopher takes its right fork first, so no cycle can form. */
export function orderedPhilosophers(n: number): ConcurrencyModel {
  const naive = diningPhilosophers(n);
  const last = naive.tasks[n - 1]!;
  const [think, takeLeft, pause, takeRight, eat, putRight, putLeft] = last.steps;
  const swap = (step: Step): Step => (step.kind === 'acquire' || step.kind === 'release' ? { ...step, lock: step.lock === `fork${n - 1}` ? 'fork0' : `fork${n - 1}` } : step);
  last.steps = [think!, swap(takeLeft!), pause!, swap(takeRight!), eat!, swap(putRight!), swap(putLeft!)];
  return naive;
}

/** `items` rounds of: take a free slot, put an item under the mutex (io inside), announce a full slot. */
const producer = (items: number): TaskTemplate =>
  task('producer', Array.from({ length: items }, () => [acquire('free'), acquire('mutex'), io(), release('mutex'), release('full')]).flat());

/**
 * A bounded buffer of `slots`: counting semaphores `free` (starts at `slots`) and `full` (starts at 0) around a
 * mutex. The consumer waits for a full slot before it takes the mutex; `buggy`: it takes the mutex first, so it
 * can wait for `full` holding the mutex the producer needs to fill a slot.
 */
export function boundedBuffer(slots: number, items: number, buggy = false): ConcurrencyModel {
  const round = buggy ? [acquire('mutex'), acquire('full'), io(), release('mutex'), release('free')] : [acquire('full'), acquire('mutex'), io(), release('mutex'), release('free')];
  const consumer = task('consumer', Array.from({ length: items }, () => round).flat());
  return model([counting('free', slots), counting('full', 0), mutex('mutex')], [consumer, producer(items)]);
}

/** A test file's last test: the reduced search against the full one on every model its tests have built. */
export function reductionKeepsEndsOnEveryModelAbove(): void {
  describe('partial-order reduction', () => {
    it('finds the same verdict and the same deadlocks as the full search on every model above', () => {
      assert.ok(builtModels.length > 20, `${builtModels.length} models`);
      builtModels.forEach((built, i) => assertReductionKeepsEnds(built, `model ${i}: ${built.tasks.map((template) => template.name).join(', ')}`));
    });
    it('under any timing too, and every deadlock of virtual timing is one of any timing', () => {
      builtModels.forEach((built, i) => {
        const label = `model ${i}: ${built.tasks.map((template) => template.name).join(', ')}`;
        assertReductionKeepsEnds(built, label, 'any');
        const [virtual, any] = [endsOf(built, 'none', 'virtual'), endsOf(built, 'none', 'any')];
        if ('error' in virtual || 'error' in any) return;
        assert.deepEqual(virtual.deadlocks.filter((deadlock) => !any.deadlocks.includes(deadlock)), [], label);
      });
    });
  });
}
