// A run as Chrome trace-event JSON (the format chrome://tracing, Perfetto and speedscope open): one track per
// task with its state over time as slices, what it did as instant events, an "event loop" track for the
// stretches a blocking call stalls everyone, and arrows from whoever released a lock or set an event to the task
// it woke. Shared by `lockstep simulate --format chrome-trace` and the visualizer's Export button.
//
// Timestamps are the run's virtual time (ms → the format's µs). Steps that happen at the same virtual time (a
// task running to its next await takes none) are spread 1 µs apart, in trace order, so each has a visible slice
// and the order of events survives any viewer's sort; `otherData.timeUnit` says so.
import { describeAction, describeWait, eventName, lockName } from './describe';
import type { SourceRange } from '../model/schema';
import type { SimulationResult, TaskSnapshot, TaskStatus } from './types';

/** One event of the trace-event format (only the fields used here). */
export interface ChromeTraceEvent {
  name: string;
  ph: 'X' | 'i' | 'M' | 's' | 'f';
  pid: number;
  tid: number;
  ts?: number;
  dur?: number;
  cat?: string;
  /** Instant events: scope ('t' this track, 'g' global). */
  s?: 't' | 'g';
  /** Flow events: the arrow's id; `bp: 'e'` binds its end to the enclosing slice. */
  id?: number;
  bp?: 'e';
  args?: Record<string, string | number>;
}

export interface ChromeTraceOptions {
  /** The process's name in the viewer: the file simulated. */
  title: string;
  /** How a step's source is written in its event's args (default: `uri:line:column`, 1-based). */
  sourceOf?: (range: SourceRange) => string | undefined;
}

export interface ChromeTrace {
  traceEvents: ChromeTraceEvent[];
  displayTimeUnit: 'ms';
  otherData: Record<string, string>;
}

const PID = 1;
/** The event-loop track; task k is track k + 1. */
const LOOP_TID = 0;
const STEP_US = 1;

export function toChromeTrace(result: SimulationResult, { title, sourceOf = uriPosition }: ChromeTraceOptions): ChromeTrace {
  const times = timestamps(result);
  const end = (times.at(-1) ?? 0) + STEP_US;
  const events: ChromeTraceEvent[] = [
    { name: 'process_name', ph: 'M', pid: PID, tid: LOOP_TID, args: { name: title } },
    { name: 'thread_name', ph: 'M', pid: PID, tid: LOOP_TID, args: { name: 'event loop' } },
    ...result.tasks.map((task, i): ChromeTraceEvent => ({ name: 'thread_name', ph: 'M', pid: PID, tid: i + 1, args: { name: task.name } })),
    ...stateSlices(result, times, end),
    ...actionEvents(result, times, sourceOf),
    ...blockingSlices(result, times),
    ...wakeArrows(result, times),
  ];
  if (result.deadlock) {
    events.push({ name: 'deadlock', ph: 'i', s: 'g', pid: PID, tid: LOOP_TID, ts: end, cat: 'verdict', args: { description: result.deadlock.description } });
  }
  return {
    traceEvents: events,
    displayTimeUnit: 'ms',
    otherData: {
      policy: result.policy,
      outcome: result.outcome,
      timeUnit: 'virtual time: 1 ms of the model = 1000 µs here; events at the same virtual time are spread 1 µs apart, in order',
    },
  };
}

/** Each trace event's timestamp in µs: its virtual time, or 1 µs after the previous event if that is later. */
function timestamps(result: SimulationResult): number[] {
  const times: number[] = [];
  let previous = -STEP_US;
  for (const event of result.trace) times.push((previous = Math.max(previous + STEP_US, event.time * 1000)));
  return times;
}

/** Every task's states as consecutive slices: from the event that put it in a state to the one that changed it. */
function stateSlices(result: SimulationResult, times: readonly number[], end: number): ChromeTraceEvent[] {
  const slices: ChromeTraceEvent[] = [];
  const open = new Map<number, { since: number; label: string; status: TaskStatus }>();
  const close = (task: number, at: number) => {
    const current = open.get(task);
    if (current && at > current.since) {
      slices.push({ name: current.label, cat: current.status, ph: 'X', pid: PID, tid: task + 1, ts: current.since, dur: at - current.since });
    }
    open.delete(task);
  };
  const observe = (snapshots: readonly TaskSnapshot[], at: number) => {
    snapshots.forEach((snapshot, task) => {
      const label = stateLabel(snapshot, result);
      if (open.get(task)?.label === label) return;
      close(task, at);
      if (snapshot.status !== 'done') open.set(task, { since: at, label, status: snapshot.status });
    });
  };
  observe(result.initial, 0);
  result.trace.forEach((event, i) => observe(event.tasks, times[i]!));
  for (const task of [...open.keys()]) close(task, end);
  return slices;
}

function stateLabel(snapshot: TaskSnapshot, result: SimulationResult): string {
  const holds = snapshot.holds.length === 0 ? '' : ` (holds ${snapshot.holds.map((id) => lockName(result, id)).join(', ')})`;
  const waits = snapshot.wait ? ` for ${describeWait(snapshot.wait, result)}` : '';
  return `${snapshot.status}${waits}${holds}`;
}

/** What each task did, as instant events on its track, with the source location when the model has one. */
function actionEvents(result: SimulationResult, times: readonly number[], sourceOf: (range: SourceRange) => string | undefined): ChromeTraceEvent[] {
  return result.trace.map((event, i) => {
    const args: Record<string, string | number> = { virtualTimeMs: event.time };
    const source = event.range && sourceOf(event.range);
    if (source !== undefined) args['source'] = source;
    return { name: describeAction(event.action, result), cat: event.action.kind, ph: 'i', s: 't', pid: PID, tid: event.task + 1, ts: times[i]!, args };
  });
}

function uriPosition(range: SourceRange): string {
  return `${range.uri}:${range.start.line + 1}:${range.start.character + 1}`;
}

/** A blocking call stalls the whole loop for its duration, which ends at the event that records it. */
function blockingSlices(result: SimulationResult, times: readonly number[]): ChromeTraceEvent[] {
  return result.trace.flatMap((event, i) => {
    if (event.action.kind !== 'block') return [];
    const dur = Math.max(STEP_US, event.action.ms * 1000);
    const name = `event loop blocked: ${event.action.call} in ${result.tasks[event.task]!.name}`;
    return [{ name, cat: 'block', ph: 'X' as const, pid: PID, tid: LOOP_TID, ts: times[i]! - dur, dur, args: { ms: event.action.ms } }];
  });
}

/** An arrow from the releaser (or the task that set an event) to each task it made ready. */
function wakeArrows(result: SimulationResult, times: readonly number[]): ChromeTraceEvent[] {
  const arrows: ChromeTraceEvent[] = [];
  const arrow = (name: string, from: { task: number; ts: number }, to: number, toTs: number) => {
    const id = arrows.length / 2 + 1;
    arrows.push({ name, cat: 'wake', ph: 's', id, pid: PID, tid: from.task + 1, ts: from.ts }, { name, cat: 'wake', ph: 'f', bp: 'e', id, pid: PID, tid: to + 1, ts: toTs });
  };
  const releases = new Map<string, number>();
  /** A waiter's pending wake-up: who set the event, when. */
  const setters = new Map<number, { task: number; ts: number; event: string }>();
  result.trace.forEach((event, i) => {
    const { action } = event;
    const ts = times[i]!;
    if (action.kind === 'release') releases.set(`${event.task} ${action.lock}`, ts);
    else if (action.kind === 'granted') {
      arrow(`released ${lockName(result, action.lock)}`, { task: action.by, ts: releases.get(`${action.by} ${action.lock}`) ?? ts }, event.task, ts);
    } else if (action.kind === 'signal') {
      for (const waiter of action.woke) setters.set(waiter, { task: event.task, ts, event: action.event });
    } else if (action.kind === 'wake' && action.cause === 'event') {
      const setter = setters.get(event.task);
      if (setter) arrow(`set ${eventName(result, setter.event)}`, setter, event.task, ts);
      setters.delete(event.task);
    }
  });
  return arrows;
}
