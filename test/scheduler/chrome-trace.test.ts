// A run as Chrome trace-event JSON (scheduler/chrome-trace.ts): the shape Perfetto and chrome://tracing read —
// a named track per task, its states as slices that never overlap, its actions as instant events, arrows from a
// releaser to the task it woke, the event loop's blocked stretches, the deadlock as a global instant.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { simulate, toChromeTrace, type ChromeTrace, type ChromeTraceEvent, type SimulationResult } from '../../scheduler/index';
import { acquire, block, consistentOrder, event, io, model, mutex, oppositeOrders, release, signal, task, timer, wait } from './models';

const traceOf = (result: SimulationResult): ChromeTrace => JSON.parse(JSON.stringify(toChromeTrace(result, { title: 'test.ts' }))) as ChromeTrace;
const ofPhase = (trace: ChromeTrace, ph: ChromeTraceEvent['ph']) => trace.traceEvents.filter((event) => event.ph === ph);
const threadNames = (trace: ChromeTrace) => new Map(ofPhase(trace, 'M').filter((event) => event.name === 'thread_name').map((event) => [event.tid, event.args!['name']]));

function assertSlicesDoNotOverlap(trace: ChromeTrace): void {
  const byTrack = new Map<number, ChromeTraceEvent[]>();
  for (const slice of ofPhase(trace, 'X').filter((event) => event.tid !== 0)) byTrack.set(slice.tid, [...(byTrack.get(slice.tid) ?? []), slice]);
  for (const [tid, slices] of byTrack) {
    slices.sort((a, b) => a.ts! - b.ts!);
    for (let i = 1; i < slices.length; i++) assert.ok(slices[i - 1]!.ts! + slices[i - 1]!.dur! <= slices[i]!.ts!, `track ${tid}: ${slices[i - 1]!.name} overlaps ${slices[i]!.name}`);
    for (const slice of slices) assert.ok(slice.dur! > 0, `track ${tid}: an empty slice ${slice.name}`);
  }
}

describe('Chrome trace export', () => {
  it('a deadlock: a track per task, its states in order, the arrow from the releaser, the verdict last', () => {
    const result = simulate(oppositeOrders(), { policy: 'explore' });
    assert.equal(result.outcome, 'deadlock');
    const trace = traceOf(result);
    assert.deepEqual([...threadNames(trace)], [[0, 'event loop'], [1, 'A'], [2, 'B']]);
    assertSlicesDoNotOverlap(trace);
    // Every trace event is one instant event, in trace order, strictly later than the one before.
    const instants = ofPhase(trace, 'i').filter((event) => event.s === 't');
    assert.equal(instants.length, result.trace.length);
    instants.forEach((instant, i) => {
      assert.equal(instant.tid, result.trace[i]!.task + 1);
      if (i > 0) assert.ok(instant.ts! > instants[i - 1]!.ts!);
      assert.ok(instant.ts! >= result.trace[i]!.time * 1000, 'never before its virtual time');
    });
    const [verdict] = ofPhase(trace, 'i').filter((event) => event.s === 'g');
    assert.equal(verdict?.name, 'deadlock');
    assert.equal(verdict?.args?.['description'], result.deadlock!.description);
    // Both tasks end blocked, each holding one lock, up to the verdict.
    const last = (tid: number) => ofPhase(trace, 'X').filter((slice) => slice.tid === tid).at(-1)!;
    assert.match(last(1).name, /^blocked for m2 \(holds m1\)$/);
    assert.match(last(2).name, /^blocked for m1 \(holds m2\)$/);
    assert.equal(last(1).ts! + last(1).dur!, verdict!.ts);
  });

  it('arrows go from the task that released a lock to the waiter it was granted to', () => {
    const result = simulate(consistentOrder(), { policy: 'fifo' });
    const trace = traceOf(result);
    const grants = result.trace.filter((event) => event.action.kind === 'granted');
    assert.ok(grants.length > 0, 'the model hands a lock over');
    const starts = ofPhase(trace, 's');
    const ends = ofPhase(trace, 'f');
    assert.equal(starts.length, grants.length);
    grants.forEach((grant, i) => {
      const by = grant.action.kind === 'granted' ? grant.action.by : -1;
      assert.deepEqual([starts[i]!.tid, ends[i]!.tid, starts[i]!.id], [by + 1, grant.task + 1, ends[i]!.id]);
      assert.ok(starts[i]!.ts! < ends[i]!.ts!);
      assert.equal(ends[i]!.bp, 'e');
    });
    assert.equal(new Set(starts.map((start) => start.id)).size, starts.length, 'one id per arrow');
  });

  it('a blocking call is a slice on the event loop track, as long as the block, ending where it is recorded', () => {
    const result = simulate(model([], [task('render', [io(), block(50, 'readFileSync'), timer(5)]), task('other', [timer(1)])]), { policy: 'fifo' });
    const trace = traceOf(result);
    const at = result.trace.findIndex((event) => event.action.kind === 'block');
    const [loop] = ofPhase(trace, 'X').filter((slice) => slice.tid === 0);
    assert.equal(loop?.name, 'event loop blocked: readFileSync in render');
    assert.equal(loop?.dur, 50_000);
    assert.equal(loop!.ts! + loop!.dur!, ofPhase(trace, 'i').filter((event) => event.s === 't')[at]!.ts);
  });

  it('an event: an arrow from the task that set it to each waiter it woke', () => {
    const result = simulate(model([], [task('consumer', [wait('ready')]), task('producer', [io(), signal('ready')])], [event('ready')]), { policy: 'fifo' });
    const trace = traceOf(result);
    assert.deepEqual(ofPhase(trace, 's').map((start) => [start.name, start.tid]), [['set ready', 2]]);
    assert.deepEqual(ofPhase(trace, 'f').map((end) => end.tid), [1]);
  });

  it('names from user code (toString, __proto__, constructor) are only ever values', () => {
    const result = simulate(model([mutex('toString')], [task('__proto__', [acquire('toString'), io(), release('toString')]), task('constructor', [acquire('toString'), release('toString')])]), { policy: 'fifo' });
    const trace = traceOf(result);
    assert.deepEqual([...threadNames(trace).values()], ['event loop', '__proto__', 'constructor']);
    assert.ok(ofPhase(trace, 'X').some((slice) => slice.name === 'blocked for toString'), 'the lock is named in the waiter\'s state');
    for (const event of trace.traceEvents) assert.deepEqual(Object.keys(event.args ?? {}).filter((key) => !['name', 'virtualTimeMs', 'source', 'description', 'ms'].includes(key)), []);
  });

  it('a source location is written as the host says, or as uri:line:column', () => {
    const located = model([mutex('m')], [{ name: 't', steps: [{ kind: 'acquire', lock: 'm', range: { uri: 'file:///w/a.ts', start: { line: 2, character: 4 }, end: { line: 2, character: 9 } } }, release('m')] }]);
    const result = simulate(located, { policy: 'fifo' });
    const sources = (trace: ChromeTrace) => ofPhase(trace, 'i').flatMap((event) => (event.args?.['source'] === undefined ? [] : [event.args['source']]));
    assert.deepEqual(sources(toChromeTrace(result, { title: 'a.ts' })), ['file:///w/a.ts:3:5']);
    assert.deepEqual(sources(toChromeTrace(result, { title: 'a.ts', sourceOf: (range) => `a.ts:${range.start.line + 1}` })), ['a.ts:3']);
  });
});
