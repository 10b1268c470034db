// The textbook idioms beyond plain locks: one-shot events (a promise one task resolves and others await) and
// counting semaphores (a bounded buffer's free and full slots), under fifo and under explore.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ConcurrencyModel } from '../../model/schema';
import { applyChoice, choicesOf, cloneState, compile, initialState, stateKey } from '../../scheduler/engine';
import { StateKeys } from '../../scheduler/state-table';
import { simulate, validateModel, type Action } from '../../scheduler/index';
import { acquire, boundedBuffer, call, counting, cycleTasks, event, io, model, mutex, reductionKeepsEndsOnEveryModelAbove, release, semaphore, signal, spawn, story, task, timer, branch, wait } from './models';

interface Happening {
  task: number;
  action: Action;
}

/** Every schedule from start to end, without merging states: each one's actions, in order. */
function everySchedule(m: ConcurrencyModel): Happening[][] {
  const program = compile(m, 100);
  const schedules: Happening[][] = [];
  const walk = (state: ReturnType<typeof initialState>, so: Happening[]) => {
    const choices = choicesOf(state, program);
    if (choices.length === 0) return void schedules.push(so);
    for (const choice of choices) {
      const next = cloneState(state);
      const happened = so.slice();
      applyChoice(next, program, choice, (_state, who, action) => happened.push({ task: who, action }));
      walk(next, happened);
    }
  };
  walk(initialState(program, {}), []);
  return schedules;
}

const at = (schedule: Happening[], task: number, kind: Action['kind']) => schedule.findIndex((happening) => happening.task === task && happening.action.kind === kind);

describe('events', () => {
  // The setter sets `ready` after an io of unknown length; the waiter awaits it after an io of its own, then works.
  const handshake = () => model([], [task('waiter', [io(), wait('ready'), timer(1)]), task('setter', [io(), signal('ready')])], [event('ready')]);

  it('in every schedule the waiter resumes only after the signal, whether it began waiting before or after', () => {
    const schedules = everySchedule(handshake());
    assert.ok(schedules.length > 2);
    for (const schedule of schedules) {
      const signalled = at(schedule, 1, 'signal');
      assert.ok(signalled >= 0);
      assert.ok(at(schedule, 0, 'timer') > signalled, 'the waiter works only after the event is set');
      assert.ok(at(schedule, 0, 'done') > signalled);
    }
    const waits = schedules.map((schedule) => schedule.find((happening) => happening.action.kind === 'wait')!.action as Extract<Action, { kind: 'wait' }>);
    assert.deepEqual(new Set(waits.map((action) => action.set)), new Set([true, false]), 'both orders are explored');
    const explored = simulate(handshake(), { policy: 'explore' });
    assert.equal(explored.outcome, 'completed');
    assert.equal(explored.exploration!.exhaustive, true);
  });

  it('under fifo: the waiter waits, the signal wakes it, and an already set event only yields', () => {
    assert.deepEqual(story(simulate(handshake())), [
      '0 waiter: awaits io',
      '0 setter: awaits io',
      '1 waiter: resumes: its io completed',
      '1 waiter: waits for ready',
      '1 setter: resumes: its io completed',
      '1 setter: sets ready, waking waiter',
      '1 waiter: resumes: ready is set',
      '1 setter: finishes',
      '1 waiter: awaits a 1 ms timer (due at 2 ms)',
      '2 waiter: resumes: its timer completed',
      '2 waiter: finishes',
    ]);
    const late = simulate(model([], [task('setter', [signal('ready')]), task('waiter', [wait('ready')])], [event('ready')]));
    assert.deepEqual(story(late), ['0 setter: sets ready', '0 setter: finishes', '0 waiter: awaits ready, already set', '0 waiter: finishes']);
    const waiting = simulate(handshake()).trace.find((traced) => traced.action.kind === 'wait')!;
    assert.deepEqual(waiting.tasks[0], { status: 'waiting', holds: [], wait: { kind: 'event', event: 'ready' } });
  });

  it('wakes its waiters in the order they began waiting', () => {
    const m = model([], [task('first', [wait('go'), timer(1)]), task('second', [wait('go'), timer(1)]), task('starter', [io(), signal('go')])], [event('go')]);
    const result = simulate(m);
    const signalled = result.trace.find((traced) => traced.action.kind === 'signal')!;
    assert.deepEqual(signalled.action, { kind: 'signal', event: 'go', woke: [0, 1] });
    assert.deepEqual(result.trace.filter((traced) => traced.action.kind === 'timer').map((traced) => traced.task), [0, 1]);
  });

  it('an event nobody sets is a stall that says so', () => {
    const result = simulate(model([], [task('waiter', [wait('ready')]), task('other', [timer(1)])], [event('ready')]), { policy: 'explore' });
    assert.equal(result.outcome, 'deadlock');
    assert.deepEqual(result.deadlock!.stuck, [0]);
    assert.deepEqual(result.deadlock!.cycle, []);
    assert.equal(result.deadlock!.description, 'waiter waits for ready, which no task will set');
  });

  // The waiter holds m while awaiting ready; the setter needs m before it sets ready.
  const lockThenEvent = (setter: ReturnType<typeof task>) => model([mutex('m')], [task('waiter', [acquire('m'), wait('ready'), release('m')]), setter], [event('ready')]);

  it('a lock held while awaiting an event its setter needs the lock for: explore finds the cycle', () => {
    const result = simulate(lockThenEvent(task('setter', [io(), acquire('m'), signal('ready'), release('m')])), { policy: 'explore' });
    assert.equal(result.outcome, 'deadlock');
    assert.deepEqual(result.deadlock!.cycle, [
      { task: 0, event: 'ready', holder: 1, potential: true },
      { task: 1, lock: 'm', holder: 0 },
    ]);
    assert.equal(result.deadlock!.description, 'waiter holds m and waits for ready, which only setter may set; setter waits for m, held by waiter');
  });

  it('looks for the setter through calls, branch alternatives and the tasks it may still spawn', () => {
    const throughCall = task('setter', [io(), acquire('m'), call('finish', [branch([], [signal('ready')])]), release('m')]);
    const throughSpawn = model([mutex('m')], [task('waiter', [acquire('m'), wait('ready'), release('m')]), task('setter', [io(), acquire('m'), spawn('helper'), release('m')]), task('helper', [signal('ready')], 0)], [event('ready')]);
    for (const m of [lockThenEvent(throughCall), throughSpawn]) {
      const result = simulate(m, { policy: 'explore' });
      assert.equal(result.deadlock?.description, 'waiter holds m and waits for ready, which only setter may set; setter waits for m, held by waiter');
    }
  });

  it('near-misses: the setter sets the event before it takes the lock, or the waiter awaits it outside the lock', () => {
    const setsFirst = lockThenEvent(task('setter', [io(), signal('ready'), acquire('m'), release('m')]));
    const waitsOutside = model([mutex('m')], [task('waiter', [acquire('m'), release('m'), wait('ready')]), task('setter', [io(), acquire('m'), signal('ready'), release('m')])], [event('ready')]);
    for (const m of [setsFirst, waitsOutside]) {
      const result = simulate(m, { policy: 'explore' });
      assert.equal(result.outcome, 'completed');
      assert.equal(result.exploration!.exhaustive, true);
    }
  });
});

describe('counting semaphores', () => {
  it('a bounded buffer of 2 passes 4 items without deadlock in every schedule, and nobody holds its permits', () => {
    const result = simulate(boundedBuffer(2, 4), { policy: 'explore' });
    assert.equal(result.outcome, 'completed');
    assert.equal(result.exploration!.exhaustive, true);
    assert.ok(result.exploration!.schedules > 1);
    const fifo = simulate(boundedBuffer(2, 4));
    assert.equal(fifo.outcome, 'completed');
    for (const traced of fifo.trace) for (const snapshot of traced.tasks) assert.ok(snapshot.holds.every((lock) => lock === 'mutex'), 'only the mutex is held');
    assert.deepEqual(fifo.trace.filter((traced) => traced.action.kind === 'done').map((traced) => traced.action), [{ kind: 'done', leaked: [] }, { kind: 'done', leaked: [] }]);
    assert.ok(story(fifo).includes('0 consumer: waits for a permit of full'));
  });

  it('the producer never gets more than 2 items ahead', () => {
    for (const schedule of everySchedule(boundedBuffer(2, 3))) {
      let ahead = 0;
      for (const { task: who, action } of schedule) {
        if (action.kind === 'release' && action.lock === 'full') ahead++;
        if (action.kind === 'release' && action.lock === 'free') ahead--;
        assert.ok(ahead <= 2 && ahead >= 0, `${ahead} items in the buffer (task ${who})`);
      }
    }
  });

  it('the buggy buffer (the consumer takes the mutex, then waits for a full slot) deadlocks under explore', () => {
    const result = simulate(boundedBuffer(2, 4, true), { policy: 'explore' });
    assert.equal(result.outcome, 'deadlock');
    assert.deepEqual(cycleTasks(result), ['consumer', 'producer']);
    assert.deepEqual(result.deadlock!.cycle, [
      { task: 0, lock: 'full', holder: 1, potential: true },
      { task: 1, lock: 'mutex', holder: 0 },
    ]);
    assert.equal(result.deadlock!.description, 'consumer holds mutex and waits for full, which only producer may release; producer waits for mutex, held by consumer');
  });

  it('a permit nobody will give back is a stall that says so; finishing after taking one is no leak', () => {
    const nobody = simulate(model([counting('full', 0)], [task('consumer', [acquire('full')]), task('other', [timer(1)])]));
    assert.deepEqual([nobody.outcome, nobody.deadlock?.stuck, nobody.deadlock?.description], ['deadlock', [0], 'consumer waits for full, which no task will release']);
    const itself = simulate(model([counting('full', 0)], [task('taker', [acquire('full'), release('full')])]));
    assert.deepEqual(itself.deadlock?.cycle, [{ task: 0, lock: 'full', holder: 0, potential: true }]);
    assert.equal(itself.deadlock!.description, 'taker waits for full, which only taker may release');
    const once = simulate(model([counting('slots', 1)], [task('taker', [acquire('slots')])]));
    assert.deepEqual([once.outcome, once.trace.at(-1)!.action], ['completed', { kind: 'done', leaked: [] }]);
  });

  it('Semaphore(3) admits exactly 3; the 4th waits until one gives its permit back', () => {
    for (const lock of [semaphore('pool', 3), counting('pool', 3)]) {
      const result = simulate(model([lock], [task('worker', [acquire('pool'), timer(5), release('pool')], 4)]));
      assert.equal(result.outcome, 'completed');
      const fourthAsks = result.trace.find((traced) => traced.task === 3 && traced.action.kind === 'acquire')!;
      assert.deepEqual(fourthAsks.tasks.map((t) => t.status), ['ready', 'ready', 'ready', 'blocked']);
      assert.deepEqual(fourthAsks.action, { kind: 'acquire', lock: 'pool', mode: 'exclusive', granted: false, permits: 0 });
      const granted = result.trace.find((traced) => traced.action.kind === 'granted')!;
      assert.deepEqual([granted.task, granted.time], [3, 5]);
      for (let seed = 1; seed <= 20; seed++) {
        const run = simulate(model([lock], [task('worker', [acquire('pool'), io(), release('pool')], 4)]), { policy: 'random', seed });
        let inside = 0;
        for (const { action } of run.trace) {
          if ((action.kind === 'acquire' && action.granted) || action.kind === 'granted') inside++;
          if (action.kind === 'release') inside--;
          assert.ok(inside <= 3, `seed ${seed}`);
        }
        assert.equal(run.outcome, 'completed');
      }
    }
  });

  it('three tasks each taking a second permit of a Semaphore(3) while holding one: the cycle runs through the other holders, in words of permits', () => {
    const job = task('job', [acquire('pool'), io(), acquire('pool'), release('pool'), release('pool')], 3);
    const result = simulate(model([semaphore('pool', 3)], [job]), { policy: 'explore' });
    assert.equal(result.outcome, 'deadlock');
    assert.deepEqual(cycleTasks(result), ['job#1', 'job#2']);
    assert.match(result.deadlock!.description, /^job#1 holds pool and waits for pool, whose 3 permits are held by job#2, job#3, itself; job#2 holds pool and waits for pool, whose 3 permits are held by job#1, job#3, itself$/);
    assert.doesNotMatch(result.deadlock!.description, /not reentrant/);
  });

  it('a semaphore released by a task that holds none gains a permit, as async-mutex does; a mutex does not', () => {
    const run = (lock: ReturnType<typeof mutex>) =>
      simulate(model([lock], [task('holder', [acquire('pool'), timer(10), release('pool')]), task('helper', [timer(1), release('pool')]), task('late', [timer(2), acquire('pool'), release('pool')])]));
    const semaphoreRun = run(semaphore('pool', 1));
    const lateAcquires = semaphoreRun.trace.find((traced) => traced.task === 2 && traced.action.kind === 'acquire')!;
    assert.deepEqual([lateAcquires.time, lateAcquires.action], [2, { kind: 'acquire', lock: 'pool', mode: 'exclusive', granted: true, permits: 0 }]);
    assert.ok(story(semaphoreRun).includes('1 helper: releases pool, which it does not hold: one permit more (1 free)'));
    const mutexRun = run({ ...mutex('pool') });
    assert.ok(story(mutexRun).includes('1 helper: releases pool, which it does not hold'));
    assert.equal(mutexRun.trace.find((traced) => traced.action.kind === 'granted')!.time, 10, 'late waits for the holder');
  });
});

describe('state hashing', () => {
  it('never merges states that differ in an event, its waiters or a permit count', () => {
    const parts = new StateKeys();
    const m = model([counting('full', 0)], [task('a', [wait('e')]), task('b', [wait('e')])], [event('e')]);
    const program = compile(m, 10);
    const base = initialState(program, {});
    const variants = [
      (s: typeof base) => void (s.events[0]!.set = true),
      (s: typeof base) => void s.events[0]!.waiters.push(0),
      (s: typeof base) => void (s.locks[0]!.permits = 1),
    ];
    // Fresh states, changed before their first key: a copy shares its locks and tasks with the one copied.
    const keys = variants.map((change) => {
      const state = initialState(program, {});
      change(state);
      return stateKey(state, program.timing, parts);
    });
    assert.equal(new Set([stateKey(base, program.timing, parts), ...keys]).size, 4);
    const twoWaiters = (order: number[]) => {
      const state = initialState(program, {});
      state.events[0]!.waiters = order;
      return stateKey(state, program.timing, parts);
    };
    assert.notEqual(twoWaiters([0, 1]), twoWaiters([1, 0]), 'waiters wake in their order');
  });
});

describe('validation of events and counting semaphores', () => {
  it('accepts them, and names every problem by its path', () => {
    assert.equal(validateModel(boundedBuffer(2, 1)).ok, true);
    assert.equal(validateModel(model([], [task('t', [signal('e'), wait('e')])], [event('e')])).ok, true);
    const result = validateModel({
      version: 1,
      uri: 'x',
      locks: [
        { id: 'full', name: 'full', kind: 'semaphore', capacity: -1, counting: 'yes', reentrant: false },
        { id: 'm', name: 'm', kind: 'mutex', capacity: 0, reentrant: false },
      ],
      events: [{ id: 'e', name: 'e' }, { id: 'e', name: 'again' }, { id: '', name: 3 }, 'ready'],
      tasks: [{ name: 't', steps: [{ kind: 'wait', event: 'nope' }, { kind: 'signal', event: 'gone' }, { kind: 'wait', event: 'e' }] }],
    });
    assert.deepEqual(result.ok ? [] : result.errors, [
      'locks[0].capacity: expected a whole number ≥ 0',
      'locks[0].counting: expected true or false',
      'locks[1].capacity: expected a whole number ≥ 1',
      'events[1].id: "e" is declared twice',
      'events[2].id: expected a non-empty string',
      'events[2].name: expected a string',
      'events[3]: expected an object',
      'tasks[0].steps[0].event: no event has the id "nope"',
      'tasks[0].steps[1].event: no event has the id "gone"',
    ]);
    assert.deepEqual(validateModel({ version: 1, uri: 'x', locks: [], events: {}, tasks: [] }), { ok: false, errors: ['events: expected an array'] });
    const zero = validateModel(model([semaphore('full', 0)], []));
    assert.equal(zero.ok, true, 'a semaphore may start with no permits');
  });
});

reductionKeepsEndsOnEveryModelAbove();
