// The scheduler's semantics on small models: Node's order under fifo, seeded random runs, explore's search, and
// each lock kind. Expectations are exact (traces, times, counts): the scheduler is deterministic.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyChoice, choicesOf, compile, initialState, stateKey } from '../../scheduler/engine';
import { reducerFor, Resources } from '../../scheduler/reduction';
import { SleptIn, stillAsleep, type Move } from '../../scheduler/sleep-sets';
import { StateKeys } from '../../scheduler/state-table';
import { counted, PROGRESS_EVERY, replay, simulate, validateModel, type Choice, type SearchProgress } from '../../scheduler/index';
import { acquire, block, branch, consistentOrder, lateTimer, cycleLocks, cycleTasks, diningPhilosophers, event, io, join, model, mutex, oppositeOrders, orderedPhilosophers, reductionKeepsEndsOnEveryModelAbove, release, semaphore, signal, spawn, story, task, timer, wait } from './models';

describe('two locks taken in opposite orders', () => {
  it('deadlocks under fifo exactly as Node would run it', () => {
    const result = simulate(oppositeOrders(), { policy: 'fifo' });
    assert.equal(result.outcome, 'deadlock');
    assert.deepEqual(story(result), [
      '0 A: awaits io',
      '0 B: awaits io',
      '1 A: resumes: its io completed',
      '1 A: acquires m1',
      '1 A: awaits io',
      '1 B: resumes: its io completed',
      '1 B: acquires m2',
      '1 B: awaits io',
      '2 A: resumes: its io completed',
      '2 A: waits for m2',
      '2 B: resumes: its io completed',
      '2 B: waits for m1',
    ]);
    assert.deepEqual(cycleTasks(result), ['A', 'B']);
    assert.deepEqual(cycleLocks(result), ['m2', 'm1']);
    assert.equal(result.deadlock!.description, 'A holds m1 and waits for m2, held by B; B holds m2 and waits for m1, held by A');
    assert.deepEqual(result.trace.at(-1)!.tasks.map((t) => [t.status, t.holds]), [['blocked', ['m1']], ['blocked', ['m2']]]);
  });

  it('deadlocks under explore, with a schedule that replays to the same deadlock', () => {
    const result = simulate(oppositeOrders(), { policy: 'explore' });
    assert.equal(result.outcome, 'deadlock');
    assert.deepEqual(new Set(cycleLocks(result)), new Set(['m1', 'm2']));
    assert.equal(result.exploration!.exhaustive, false, 'stopped at the first deadlock');
    const replayed = replay(oppositeOrders(), result.schedule);
    assert.equal(replayed.outcome, 'deadlock');
    assert.deepEqual(replayed.trace, result.trace);
  });

  it('deadlocks under some random seeds and not others, the same way every time', () => {
    const outcomes = Array.from({ length: 8 }, (_, i) => simulate(oppositeOrders(), { policy: 'random', seed: i + 1 }).outcome);
    assert.deepEqual(outcomes, ['completed', 'completed', 'completed', 'deadlock', 'deadlock', 'completed', 'completed', 'completed']);
    const seeded = simulate(oppositeOrders(), { policy: 'random', seed: 4 });
    assert.equal(seeded.seed, 4);
    assert.deepEqual(seeded.schedule, simulate(oppositeOrders(), { policy: 'random', seed: 4 }).schedule);
    assert.deepEqual(new Set(cycleLocks(seeded)), new Set(['m1', 'm2']));
  });

  it('never deadlocks when both take the locks in the same order: explore covers every schedule', () => {
    const result = simulate(consistentOrder(), { policy: 'explore' });
    assert.equal(result.outcome, 'completed');
    assert.deepEqual(result.exploration, { states: 5, transitions: 30, schedules: 4, maxDepth: 10, exhaustive: true }, 'reduced: A and B start their first io in one order only');
    const full = simulate(consistentOrder(), { policy: 'explore', reduction: 'none' });
    assert.deepEqual(full.exploration, { states: 5, transitions: 32, schedules: 8, maxDepth: 10, exhaustive: true });
    for (let seed = 1; seed <= 20; seed++) assert.equal(simulate(consistentOrder(), { policy: 'random', seed }).outcome, 'completed', `seed ${seed}`);
  });

  it("explore's counts are reproducible", () => {
    const first = simulate(consistentOrder(), { policy: 'explore', instances: { A: 2 } }).exploration;
    const second = simulate(consistentOrder(), { policy: 'explore', instances: { A: 2 } }).exploration;
    assert.deepEqual(first, second);
    assert.ok(first!.states > 5, 'a second copy of A adds states');
  });

  it('explore with `accept` passes over the deadlocks it rejects and finds the one wanted', () => {
    const pair = (name: string, first: string, second: string) => task(name, [io(), acquire(first), io(), acquire(second), release(second), release(first)]);
    const twoPairs = model([mutex('m1'), mutex('m2'), mutex('m3'), mutex('m4')], [pair('A', 'm1', 'm2'), pair('B', 'm2', 'm1'), pair('C', 'm3', 'm4'), pair('D', 'm4', 'm3')]);
    const on = (lock: string) => (deadlock: { cycle: { lock?: string }[] }) => deadlock.cycle.some((edge) => edge.lock === lock);
    assert.deepEqual(new Set(cycleLocks(simulate(twoPairs, { policy: 'explore' }))), new Set(['m1', 'm2']), 'the first deadlock found, unfiltered');
    const wanted = simulate(twoPairs, { policy: 'explore', accept: on('m3') });
    assert.equal(wanted.outcome, 'deadlock');
    assert.deepEqual(new Set(cycleLocks(wanted)), new Set(['m3', 'm4']));
    const none = simulate(oppositeOrders(), { policy: 'explore', accept: on('m3') });
    assert.equal(none.exploration!.exhaustive, true, 'every state searched');
    assert.equal(none.exploration!.schedules > 1, true);
  });

  it('stops at the state bound and says the search was not exhaustive', () => {
    const result = simulate(consistentOrder(), { policy: 'explore', maxStates: 3 });
    assert.equal(result.exploration!.exhaustive, false);
    assert.equal(result.exploration!.states, 3);
  });
});

describe('dining philosophers under explore', () => {
  const counts = (m: ReturnType<typeof model>, reduction: 'none' | 'partial-order') => {
    const { states, transitions, schedules } = simulate(m, { policy: 'explore', reduction, accept: () => false }).exploration!;
    return { states, transitions, schedules };
  };

  it('counts every state, in both modes: the reduction drops states where a task only starts an io', () => {
    assert.deepEqual(counts(orderedPhilosophers(3), 'none'), { states: 69, transitions: 452, schedules: 1512 });
    assert.deepEqual(counts(orderedPhilosophers(3), 'partial-order'), { states: 67, transitions: 436, schedules: 218 });
    assert.deepEqual(counts(diningPhilosophers(4), 'none'), { states: 647, transitions: 3324, schedules: 657888 });
    assert.deepEqual(counts(diningPhilosophers(4), 'partial-order'), { states: 639, transitions: 3248, schedules: 22624 });
  });

  it('reports its progress every PROGRESS_EVERY states, and searches exactly as it does unobserved', () => {
    const progress: SearchProgress[] = [];
    const observed = simulate(orderedPhilosophers(5), { policy: 'explore', onProgress: (report) => progress.push(report) });
    const { states, schedules } = observed.exploration!;
    assert.ok(states > 3 * PROGRESS_EVERY, `a search long enough to report: ${states} states`);
    assert.deepEqual(progress.map((report) => report.states), Array.from({ length: Math.floor(states / PROGRESS_EVERY) }, (_, i) => (i + 1) * PROGRESS_EVERY));
    for (const [i, report] of progress.entries()) {
      const before = progress[i - 1] ?? { transitions: 0, schedules: 0, maxDepth: 0 };
      assert.ok(report.transitions >= before.transitions && report.schedules >= before.schedules && report.maxDepth >= before.maxDepth, 'the counts only grow');
    }
    assert.ok(progress.at(-1)!.schedules > 0 && progress.at(-1)!.schedules <= schedules);
    assert.deepEqual(observed, simulate(orderedPhilosophers(5), { policy: 'explore' }));
  });

  it('the classic table deadlocks with everyone holding a fork, and the reported schedule replays to it', () => {
    const result = simulate(diningPhilosophers(3), { policy: 'explore' });
    assert.deepEqual(result.deadlock!.stuck, [0, 1, 2]);
    assert.deepEqual(replay(diningPhilosophers(3), result.schedule).deadlock, result.deadlock);
  });
});

describe('partial-order reduction keeps the orders that matter', () => {
  // The setter and the holder set equal timers: the one set first fires first. Only when the holder fires first
  // does it take m and wait for the event the setter can then not set.
  const timerRace = () =>
    model([mutex('m')], [task('setter', [timer(1), acquire('m'), signal('ready'), release('m')]), task('holder', [timer(1), acquire('m'), wait('ready'), release('m')])], [event('ready')]);

  it('two timers set at the same time fire in the order they were set: both orders are tried', () => {
    for (const reduction of ['none', 'partial-order'] as const) assert.equal(simulate(timerRace(), { policy: 'explore', reduction }).outcome, 'deadlock', reduction);
  });

  it('a stretch that only starts an io runs alone, whoever else is ready', () => {
    const ios = model([], [task('a', [io(), io()]), task('b', [io(), io()])]);
    const explored = (reduction: 'none' | 'partial-order') => {
      const { transitions, schedules } = simulate(ios, { policy: 'explore', reduction }).exploration!;
      return { transitions, schedules };
    };
    assert.deepEqual([explored('none'), explored('partial-order')], [{ transitions: 18, schedules: 12 }, { transitions: 16, schedules: 6 }]);
  });
});

describe('the reduction under any timing', () => {
  /** Every deadlock explore can reach, by its description: the search passes over each to find the next. */
  const deadlocksOf = (m: ReturnType<typeof model>, reduction: 'none' | 'partial-order') => {
    const found = new Set<string>();
    simulate(m, { policy: 'explore', reduction, timing: 'any', accept: (deadlock) => {
        found.add(deadlock.description);
        return false;
      } });
    return [...found].sort();
  };

  it('a fired task runs on through a lock granted at once before another can fire: both orders of the locks are tried', () => {
    // Fired, runner takes b and, still before any other fire, a; so firing it first is not independent of taker.
    const m = model([mutex('a'), mutex('b')], [task('taker', [timer(3), acquire('a')]), task('runner', [io(5), acquire('b'), acquire('a')])]);
    const full = deadlocksOf(m, 'none');
    assert.deepEqual(full, ['runner holds b and waits for a, held by taker, which finished without releasing it', 'taker waits for a, held by runner, which finished without releasing it']);
    assert.deepEqual(deadlocksOf(m, 'partial-order'), full);
  });

  it('a fire that leaves tasks ready does not sleep beside another: the ready ones run before it', () => {
    // (Found by random-models.test.ts.) setter's fire leaves a ready task, so firing late first is not the same.
    const m = model([mutex('a')], [task('setter', [io(2), signal('e'), wait('e'), acquire('a')]), task('user', [io(2), acquire('a'), release('a')]), task('late', [io(1), acquire('a')]), task('waiter', [wait('e')])], [event('e')]);
    assert.deepEqual(deadlocksOf(m, 'partial-order'), deadlocksOf(m, 'none'));
  });
});

describe('sleep sets', () => {
  const move = (task: number, resources: number[], end: 'run' | 'fire' | undefined = 'fire', kind: 'run' | 'fire' = 'fire'): Move => {
    const touched = new Resources();
    for (const resource of resources) touched.add(resource);
    return { kind, tasks: [task], resources: touched, timers: false, end };
  };
  const fire = (task: number): Choice => ({ kind: 'fire', task });

  it('a choice sleeps after a move that touches nothing it touched and leaves it open, and wakes after any other', () => {
    const first = fire(0);
    const asleep = [{ choice: first, move: move(0, [1]) }];
    const open = [first, fire(2)];
    assert.deepEqual(stillAsleep(asleep, move(1, [2]), open, false), asleep);
    assert.deepEqual(stillAsleep(asleep, move(1, [1]), open, false), [], 'a lock both touch');
    assert.deepEqual(stillAsleep(asleep, { ...move(1, [2]), tasks: [1, 0] }, open, false), [], 'a move that moved the sleeping task');
    assert.deepEqual(stillAsleep(asleep, move(1, [2], 'run'), open, false), [], 'a move that left tasks ready');
    assert.deepEqual(stillAsleep(asleep, move(1, [2]), [fire(2)], false), [], 'no longer open');
    assert.deepEqual(stillAsleep(asleep, undefined, open, false), [], 'a move that may touch anything');
    const timers = { ...move(1, [2], 'run', 'run'), timers: true };
    const sleepingRun = [{ choice: first, move: { ...move(0, [1], 'run', 'run'), timers: true } }];
    assert.deepEqual(stillAsleep(sleepingRun, timers, open, false), sleepingRun, 'any timing: timers set in either order');
    assert.deepEqual(stillAsleep(sleepingRun, timers, open, true), [], 'virtual timing: equal due times fire in start order');
  });

  it('the reduction picks the same choice in states with one key whatever the order of their ready queue', () => {
    const m = model([mutex('m')], [task('a', [io()]), task('b', [io()]), task('c', [acquire('m'), release('m')])]);
    const program = compile(m, 10, 'any');
    const reducer = reducerFor(program, 'partial-order');
    const chosen = (order: number[]) => {
      const state = initialState(program, {});
      state.ready = order;
      return reducer.choose(state, choicesOf(state, program)).map((choice) => choice.task);
    };
    assert.deepEqual([chosen([0, 1, 2]), chosen([2, 1, 0]), chosen([1, 2, 0])], [[0], [0], [0]]);
  });

  it('a state met again explores what slept the first time and is awake now, and keeps what slept both times', () => {
    const sleeper = (task: number) => ({ choice: fire(task), move: move(task, []) });
    const slept = new SleptIn();
    slept.store(7, [sleeper(1), sleeper(2)]);
    assert.deepEqual(slept.awaken(7, [sleeper(1), sleeper(2), sleeper(3)]), []);
    assert.deepEqual(slept.awaken(7, [sleeper(2)]), [1]);
    assert.deepEqual(slept.awaken(7, [sleeper(2)]), [], 'what woke was explored');
    assert.deepEqual(slept.awaken(7, []), [2]);
  });
});

describe('the state key', () => {
  /** One table of key parts for the whole block: keys compare only among the same parts. */
  const keys = new StateKeys();
  // Two tasks waiting on timers: the second's timer due 3 ms after the first's, or 1 ms after.
  const timers = (lead: number) => model([], [task('first', [timer(lead + 2)]), task('second', [timer(lead + 5)])]);
  const keyAfterStart = (m: ReturnType<typeof model>, clock: number) => {
    const program = compile(m, 10);
    const state = initialState(program, {});
    state.time = clock;
    for (let choices = choicesOf(state, program); choices.length > 0 && choices[0]!.kind === 'run'; choices = choicesOf(state, program)) applyChoice(state, program, choices[0]!);
    return stateKey(state, program.timing, keys);
  };

  it('keeps due times relative to the clock: the same waits started later are the same state, other gaps are not', () => {
    assert.equal(keyAfterStart(timers(0), 0), keyAfterStart(timers(0), 100));
    assert.notEqual(keyAfterStart(timers(0), 0), keyAfterStart(model([], [task('first', [timer(2)]), task('second', [timer(3)])]), 0));
  });

  it('a long or fractional delay gets a key of its own', () => {
    const keys = [0.5, 1, 70_000, 70_001].map((ms) => keyAfterStart(model([], [task('sleeper', [timer(ms)])]), 0));
    assert.equal(new Set(keys).size, 4);
  });
});

describe('virtual time', () => {
  it('fires timers in due-time order, equal due times in the order they were set', () => {
    const timers = model([], [task('slow', [timer(30)]), task('fast', [timer(10)]), task('middle', [timer(20)]), task('alsoFast', [timer(10)])]);
    const wakes = simulate(timers).trace.filter((event) => event.action.kind === 'wake').map((event) => `${event.time} ${simulate(timers).tasks[event.task]!.name}`);
    assert.deepEqual(wakes, ['10 fast', '10 alsoFast', '20 middle', '30 slow']);
  });

  it('a blocking step delays every other task by its cost', () => {
    const wokenAt = (blocking: boolean) => {
      const result = simulate(model([], [task('ticker', [timer(10)]), task('reader', blocking ? [block(50)] : [])]));
      return result.trace.find((event) => event.action.kind === 'wake')!.time;
    };
    assert.equal(wokenAt(false), 10);
    assert.equal(wokenAt(true), 50);
  });
});

describe('lock kinds', () => {
  it('a semaphore of 2 lets two tasks in and the third waits until one leaves', () => {
    const result = simulate(model([semaphore('pool', 2)], [task('worker', [acquire('pool'), timer(5), release('pool')], 3)]));
    assert.equal(result.outcome, 'completed');
    const afterAllAsked = result.trace.findIndex((event) => event.task === 2 && event.action.kind === 'acquire');
    assert.deepEqual(result.trace[afterAllAsked]!.tasks.map((t) => t.status), ['ready', 'ready', 'blocked']);
    const granted = result.trace.find((event) => event.action.kind === 'granted')!;
    assert.equal(result.tasks[granted.task]!.name, 'worker#3');
    assert.equal(granted.time, 5);
  });

  it('a non-reentrant lock taken twice by its holder deadlocks on itself; a reentrant one does not', () => {
    const twice = (reentrant: boolean) => simulate(model([mutex('m', reentrant)], [task('again', [acquire('m'), acquire('m'), release('m'), release('m')])]), { policy: 'explore' });
    const stuck = twice(false);
    assert.equal(stuck.outcome, 'deadlock');
    assert.deepEqual(stuck.deadlock!.cycle, [{ task: 0, lock: 'm', holder: 0 }]);
    assert.match(stuck.deadlock!.description, /again holds m and waits for m, which it holds itself \(not reentrant\)/);
    assert.equal(twice(true).outcome, 'completed');
  });

  it('shared holders do not exclude each other; an exclusive request waits for both', () => {
    const locks = [{ id: 'db', name: "'db'", kind: 'keyed' as const, reentrant: false }];
    const reader = task('reader', [acquire('db', 'shared'), timer(10), release('db')], 2);
    const writer = task('writer', [acquire('db'), release('db')]);
    const result = simulate(model(locks, [reader, writer]));
    assert.equal(result.outcome, 'completed');
    const writerAsks = result.trace.find((event) => event.task === 2 && event.action.kind === 'acquire')!;
    assert.deepEqual(writerAsks.tasks.map((t) => t.holds), [['db'], ['db'], []], 'both readers hold it at once');
    assert.equal(writerAsks.tasks[2]!.status, 'blocked');
    assert.equal(result.trace.find((event) => event.action.kind === 'granted')!.time, 10);
  });

  it('a task that finishes holding a lock leaves the next one stuck, and the report says it leaked', () => {
    const result = simulate(model([mutex('m')], [task('leaky', [acquire('m')]), task('next', [timer(1), acquire('m')])]));
    assert.equal(result.outcome, 'deadlock');
    assert.deepEqual(result.deadlock!.cycle, []);
    assert.equal(result.deadlock!.description, 'next waits for m, held by leaky, which finished without releasing it');
  });
});

describe('choice points, spawn and join', () => {
  // Each copy takes the locks in one order or the other depending on a condition the model cannot decide.
  const eitherOrder = () =>
    model([mutex('m1'), mutex('m2')], [task('worker', [io(), branch([acquire('m1'), io(), acquire('m2'), release('m2'), release('m1')], [acquire('m2'), io(), acquire('m1'), release('m1'), release('m2')])], 2)]);

  it('fifo takes the first alternative everywhere, explore tries the others and finds the deadlock', () => {
    assert.equal(simulate(eitherOrder()).outcome, 'completed');
    const explored = simulate(eitherOrder(), { policy: 'explore' });
    assert.equal(explored.outcome, 'deadlock');
    assert.ok(explored.schedule.some((choice) => choice.kind === 'branch' && choice.alternative === 1), 'the schedule takes the second alternative');
    assert.ok(explored.trace.some((event) => event.action.kind === 'branch' && event.action.alternative === 1));
  });

  it('a spawned task runs until its first await before its spawner continues, and join waits for the group', () => {
    const result = simulate(model([], [task('main', [spawn('child', 'all'), spawn('child', 'all'), join('all'), timer(1)]), task('child', [timer(5)], 0)]));
    assert.equal(result.outcome, 'completed');
    assert.deepEqual(story(result), [
      '0 main: starts child#1',
      '0 child#1: awaits a 5 ms timer (due at 5 ms)',
      '0 main: starts child#2',
      '0 child#2: awaits a 5 ms timer (due at 5 ms)',
      '0 main: awaits child#1, child#2',
      '5 child#1: resumes: its timer completed',
      '5 child#1: finishes',
      '5 child#2: resumes: its timer completed',
      '5 child#2: finishes',
      '5 main: resumes: the tasks it awaits have finished',
      '5 main: awaits a 1 ms timer (due at 6 ms)',
      '6 main: resumes: its timer completed',
      '6 main: finishes',
    ]);
  });

  it('runs N copies of a template when asked, and refuses an unknown template', () => {
    const result = simulate(consistentOrder(), { instances: { A: 3, B: 0 } });
    assert.deepEqual(result.tasks.map((t) => t.name), ['A#1', 'A#2', 'A#3']);
    assert.throws(() => simulate(consistentOrder(), { instances: { C: 1 } }), /no task template is named "C"/);
  });
});

describe('model validation', () => {
  it('accepts the builders and names every problem by its path', () => {
    assert.equal(validateModel(oppositeOrders()).ok, true);
    assert.equal(validateModel({ ...oppositeOrders(), approximations: [{ message: 'a loop ran once' }] }).ok, true);
    const result = validateModel({ version: 2, uri: 'x', locks: [{ id: 'm', name: 'm', kind: 'spinlock', reentrant: false }], tasks: [{ name: 't', steps: [{ kind: 'acquire', lock: 'nope' }, { kind: 'timer', ms: -1 }, { kind: 'spawn', template: 'ghost' }] }], approximations: [{ range: null }] });
    assert.deepEqual(result.ok ? [] : result.errors, [
      'version: expected 1, found 2',
      'locks[0].kind: expected mutex, semaphore or keyed',
      'tasks[0].steps[0].lock: no lock has the id "nope"',
      'tasks[0].steps[1].ms: expected a duration ≥ 0',
      'tasks[0].steps[2].template: no task template is named "ghost"',
      'approximations[0].message: expected a string',
    ]);
    assert.deepEqual(validateModel('[]'), { ok: false, errors: ['the model is not a JSON object'] });
  });
});

describe('names from user code', () => {
  it("templates named like Object.prototype's members (constructor, __proto__, toString) are counted and named like any other", () => {
    const names = ['constructor', '__proto__', 'toString'];
    const spawner = task('main', names.map((name) => spawn(name)));
    const result = simulate(model([], [spawner, ...names.map((name) => task(name, [io()], 0))]), { instances: JSON.parse('{ "__proto__": 0, "constructor": 0, "toString": 0 }') as Record<string, number> });
    assert.equal(result.outcome, 'completed');
    assert.deepEqual(result.tasks.map((info) => info.name), ['main', 'constructor#1', '__proto__#1', 'toString#1']);
    const started = simulate(model([], names.map((name) => task(name, [io()]))), { instances: JSON.parse('{ "__proto__": 2 }') as Record<string, number> });
    assert.deepEqual(started.tasks.map((info) => info.name), ['constructor', '__proto__#1', '__proto__#2', 'toString']);
  });
});

describe('words', () => {
  it('counts say one state, one schedule — and otherwise the plural', () => {
    assert.deepEqual([counted(1, 'schedule'), counted(0, 'schedule'), counted(24, 'state')], ['1 schedule', '0 schedules', '24 states']);
  });
});

describe('any timing: nothing assumed of time', () => {
  it('finds a deadlock that needs a timer to fire before an earlier-due one; virtual timing never does', () => {
    assert.equal(simulate(lateTimer(), { policy: 'explore' }).outcome, 'completed');
    const result = simulate(lateTimer(), { policy: 'explore', timing: 'any' });
    assert.deepEqual([result.outcome, result.timing, cycleTasks(result)], ['deadlock', 'any', ['holder', 'late']]);
    assert.deepEqual(story(result).filter((line) => line.includes('resumes')), ['50 late: resumes: its timer completed', '50 holder: resumes: its timer completed'], 'the earlier-due timer fires late');
    assert.deepEqual(replay(lateTimer(), result.schedule, { timing: 'any' }).deadlock, result.deadlock);
    assert.throws(() => replay(lateTimer(), result.schedule), /does not fit/, 'virtual timing refuses the order');
  });

  it('a timer order that cannot matter finds nothing under any timing either', () => {
    const sameOrder = model([mutex('x'), mutex('y')], [task('holder', [acquire('x'), timer(1), acquire('y'), release('y'), release('x')]), task('late', [timer(50), acquire('x'), acquire('y'), release('y'), release('x')])]);
    assert.equal(simulate(sameOrder, { policy: 'explore', timing: 'any' }).outcome, 'completed');
  });

  it('keys no time: the same waits with other gaps are one state', () => {
    const keys = new StateKeys();
    const keyOf = (first: number, second: number) => {
      const program = compile(model([], [task('first', [timer(first)]), task('second', [timer(second)])]), 10, 'any');
      const state = initialState(program, {});
      for (let choices = choicesOf(state, program); choices[0]?.kind === 'run'; choices = choicesOf(state, program)) applyChoice(state, program, choices[0]!);
      return stateKey(state, program.timing, keys);
    };
    assert.equal(keyOf(2, 5), keyOf(3, 2));
  });

  it('counts every state, in both modes: firing a timer or io is reduced like running a ready task, and sleeps after an independent one', () => {
    const counts = (m: ReturnType<typeof model>, reduction: 'none' | 'partial-order') => {
      const { states, transitions, schedules } = simulate(m, { policy: 'explore', reduction, timing: 'any', accept: () => false }).exploration!;
      return { states, transitions, schedules };
    };
    assert.deepEqual(counts(orderedPhilosophers(3), 'none'), { states: 53, transitions: 327, schedules: 1512 });
    assert.deepEqual(counts(orderedPhilosophers(3), 'partial-order'), { states: 49, transitions: 187, schedules: 37 });
    assert.deepEqual(counts(diningPhilosophers(4), 'none'), { states: 305, transitions: 1560, schedules: 777792 });
    assert.deepEqual(counts(diningPhilosophers(4), 'partial-order'), { states: 277, transitions: 738, schedules: 380 });
  });
});

reductionKeepsEndsOnEveryModelAbove();
