// The virtual-time event loop: a state, the choices open in it, and what applying one does. Policies (fifo,
// random, explore, replay) only decide which choice to take; everything that happens lives here.
//
// Node's order, in virtual time: a task runs until its next await; the tasks made ready by that (microtasks) run
// before any timer or io completes (macrotasks); a timer fires at its due time; a `block` step advances time
// with nobody else running. The choices in a state, in this order:
//   1. the running task stands at a branch: one choice per alternative;
//   2. else some task is ready: one choice per ready task, in queue order (Node runs the first; exploring the
//      others over-approximates the orders promise resolution can take);
//   3. else timers or io are pending: the earliest timer, and every pending io — io latency is unknown, so any
//      may complete first — all ordered by due time, then by when they were started.
// Choice 0 is always what Node would do, so `fifo` takes choice 0 and explore's first schedule is fifo's run
// (unless the partial-order reduction runs a later ready task first: scheduler/reduction.ts).
import type { ConcurrencyModel, EventDecl, LockDecl, LockMode, SourceRange, Step, TaskTemplate } from '../model/schema';
import type { Action, Choice, TaskInfo, TaskSnapshot, TaskStatus, Timing, Wait } from './types';

interface Frame {
  steps: readonly Step[];
  index: number;
  /** Which alternative of the enclosing branch these steps are (-1: a task body or a call): part of the state key. */
  tag: number;
}

interface Task {
  info: TaskInfo;
  status: TaskStatus;
  frames: Frame[];
  wait: Wait | undefined;
  children: { task: number; group: string | undefined }[];
}

/** Replaced, never changed: states share them. */
interface Holder {
  readonly task: number;
  readonly mode: LockMode;
  /** Re-acquisitions of a reentrant lock by its holder. */
  readonly count: number;
}

interface LockState {
  /** Empty for a counting semaphore, whose permits nobody owns. */
  holders: Holder[];
  /** Waiters in arrival order: granted first come first served, as async-mutex and Web Locks do. */
  queue: { task: number; mode: LockMode }[];
  /** Exclusive grants still possible: the capacity less exclusive holders, plus permits released by non-holders. */
  permits: number;
}

interface EventState {
  set: boolean;
  /** Tasks awaiting it, in the order they began: the order a resolved promise runs its reactions. */
  waiters: number[];
}

/** Replaced, never changed: states share them. */
interface Pending {
  readonly task: number;
  readonly kind: 'timer' | 'io';
  readonly due: number;
  readonly seq: number;
}

export interface SimState {
  time: number;
  /** Counts timers and io started, so equal due times keep their start order. */
  seq: number;
  tasks: Task[];
  locks: LockState[];
  events: EventState[];
  ready: number[];
  pending: Pending[];
  /** The running task on top; the tasks below it spawned it and continue when it yields. */
  running: number[];
  /** Copies made of each template so far, for naming spawned tasks. */
  /** A Map: template names come from user code (`constructor`, `__proto__`). Replaced, never changed. */
  copies: ReadonlyMap<string, number>;
}

/** The model, indexed for the engine. */
export interface Program {
  model: ConcurrencyModel;
  locks: LockDecl[];
  lockIndex: Map<string, number>;
  events: EventDecl[];
  eventIndex: Map<string, number>;
  templates: Map<string, TaskTemplate>;
  maxTasks: number;
  timing: Timing;
}

/** Receives every event as it happens; explore runs without one. */
export type Recorder = (state: SimState, task: number, action: Action, range: SourceRange | undefined) => void;

export class SchedulerError extends Error {}

export function compile(model: ConcurrencyModel, maxTasks: number, timing: Timing = 'virtual'): Program {
  return {
    model,
    locks: model.locks,
    lockIndex: new Map(model.locks.map((lock, i) => [lock.id, i])),
    events: model.events ?? [],
    eventIndex: new Map((model.events ?? []).map((event, i) => [event.id, i])),
    templates: new Map(model.tasks.map((template) => [template.name, template])),
    maxTasks,
    timing,
  };
}

export function initialState(program: Program, instances: Record<string, number>): SimState {
  const state: SimState = {
    time: 0,
    seq: 0,
    tasks: [],
    locks: program.locks.map((decl) => ({ holders: [], queue: [], permits: capacityOf(decl) })),
    events: program.events.map(() => ({ set: false, waiters: [] })),
    ready: [],
    pending: [],
    running: [],
    copies: new Map(),
  };
  for (const template of program.model.tasks) {
    const count = (Object.hasOwn(instances, template.name) ? instances[template.name] : undefined) ?? template.instances ?? 1;
    for (let copy = 1; copy <= count; copy++) {
      const task = addTask(state, program, template, count === 1 ? template.name : `${template.name}#${copy}`, undefined);
      state.tasks[task]!.status = 'ready';
      state.ready.push(task);
    }
    state.copies = new Map(state.copies).set(template.name, count);
  }
  return state;
}

function addTask(state: SimState, program: Program, template: TaskTemplate, name: string, parent: number | undefined): number {
  if (state.tasks.length >= program.maxTasks) throw new SchedulerError(`more than ${program.maxTasks} tasks: does a task spawn itself forever?`);
  state.tasks.push({
    info: parent === undefined ? { name, template: template.name } : { name, template: template.name, parent },
    status: 'ready',
    frames: [{ steps: template.steps, index: 0, tag: -1 }],
    wait: undefined,
    children: [],
  });
  return state.tasks.length - 1;
}

// ---- choices ---------------------------------------------------------------------------------------------------

export function choicesOf(state: SimState, program: Program): Choice[] {
  const running = state.running.at(-1);
  if (running !== undefined) {
    const step = currentStep(state.tasks[running]!);
    if (step?.kind !== 'branch') throw new SchedulerError('internal: a task is running outside a branch point');
    return step.alternatives.map((_, alternative) => ({ kind: 'branch', task: running, alternative }));
  }
  if (state.ready.length > 0) return state.ready.map(runChoice);
  return macrotaskChoices(state.pending, program.timing);
}

// One choice object per task and kind, frozen: explore makes choices in every state, and schedules only hold them.
const runChoices: Choice[] = [];
const fireChoices: Choice[] = [];
const runChoice = (task: number): Choice => (runChoices[task] ??= Object.freeze({ kind: 'run', task }));
const fireChoice = (task: number): Choice => (fireChoices[task] ??= Object.freeze({ kind: 'fire', task }));

/** Pending timers and io by due time, then start order; under 'virtual' timing only the earliest timer of them. */
function macrotaskChoices(pending: readonly Pending[], timing: Timing): Choice[] {
  const byDue = pending.length > 1 ? [...pending].sort(timerOrder) : pending;
  const firstTimer = byDue.find((entry) => entry.kind === 'timer');
  const open = timing === 'any' ? byDue : byDue.filter((entry) => entry.kind === 'io' || entry === firstTimer);
  return open.map((entry) => fireChoice(entry.task));
}

function currentStep(task: Task): Step | undefined {
  const frame = task.frames.at(-1);
  return frame?.steps[frame.index];
}

// ---- applying a choice -----------------------------------------------------------------------------------------

export function applyChoice(state: SimState, program: Program, choice: Choice, record?: Recorder): void {
  switch (choice.kind) {
    case 'run':
      state.ready.splice(state.ready.indexOf(choice.task), 1);
      return startRunning(state, program, choice.task, record);
    case 'fire':
      return fire(state, program, choice.task, record);
    case 'branch':
      return takeBranch(state, program, choice, record);
  }
}

function startRunning(state: SimState, program: Program, task: number, record: Recorder | undefined): void {
  state.tasks[task]!.status = 'running';
  state.running.push(task);
  continueRunning(state, program, record);
}

function fire(state: SimState, program: Program, task: number, record: Recorder | undefined): void {
  const index = state.pending.findIndex((entry) => entry.task === task);
  const [entry] = state.pending.splice(index, 1);
  // An io completing "early" (explore, random) never moves time backwards.
  state.time = Math.max(state.time, entry!.due);
  state.tasks[task]!.wait = undefined;
  state.tasks[task]!.status = 'running'; // the completion's callback resumes it at once
  record?.(state, task, { kind: 'wake', cause: entry!.kind }, undefined);
  startRunning(state, program, task, record);
}

function takeBranch(state: SimState, program: Program, choice: Extract<Choice, { kind: 'branch' }>, record: Recorder | undefined): void {
  const task = state.tasks[choice.task]!;
  const frame = task.frames.at(-1)!;
  const step = frame.steps[frame.index] as Extract<Step, { kind: 'branch' }>;
  const alternative = step.alternatives[choice.alternative]!;
  frame.index++;
  task.frames.push({ steps: alternative.steps, index: 0, tag: choice.alternative });
  const action: Action = alternative.label === undefined ? { kind: 'branch', alternative: choice.alternative } : { kind: 'branch', alternative: choice.alternative, label: alternative.label };
  record?.(state, choice.task, action, step.range);
  continueRunning(state, program, record);
}

type StepOutcome = 'continue' | 'yield' | 'branch';

/** Runs the task on top of the running stack until it yields (then its spawner continues) or needs a branch choice. */
function continueRunning(state: SimState, program: Program, record: Recorder | undefined): void {
  while (state.running.length > 0) {
    const outcome = stepOnce(state, program, state.running.at(-1)!, record);
    if (outcome === 'branch') return;
    if (outcome === 'yield') state.running.pop();
  }
}

function stepOnce(state: SimState, program: Program, id: number, record: Recorder | undefined): StepOutcome {
  const task = state.tasks[id]!;
  const frame = task.frames.at(-1);
  if (frame === undefined) return finish(state, program, id, record);
  const step = frame.steps[frame.index];
  if (step === undefined) {
    task.frames.pop();
    return 'continue';
  }
  if (step.kind === 'branch') return 'branch'; // the branch choice advances past it
  frame.index++;
  switch (step.kind) {
    case 'acquire':
      return acquire(state, program, id, step.lock, step.mode ?? 'exclusive', step.range, record);
    case 'release':
      release(state, program, id, step.lock, step.range, record);
      return 'continue';
    case 'timer':
      return startPending(state, id, 'timer', step.ms, step.range, record);
    case 'io':
      return startPending(state, id, 'io', step.ms ?? 1, step.range, record);
    case 'block':
      state.time += step.ms; // the whole loop stalls: nobody else runs meanwhile
      record?.(state, id, { kind: 'block', ms: step.ms, call: step.call }, step.range);
      return 'continue';
    case 'call':
      task.frames.push({ steps: step.steps, index: 0, tag: -1 });
      record?.(state, id, { kind: 'call', function: step.function }, step.range);
      return 'continue';
    case 'spawn':
      return spawn(state, program, id, step.template, step.group, step.range, record);
    case 'join':
      return join(state, id, step.group, step.range, record);
    case 'wait':
      return wait(state, program, id, step.event, step.range, record);
    case 'signal':
      signal(state, program, id, step.event, step.range, record);
      return 'continue';
  }
}

function yieldReady(state: SimState, id: number): StepOutcome {
  state.tasks[id]!.status = 'ready';
  state.ready.push(id);
  return 'yield';
}

function finish(state: SimState, program: Program, id: number, record: Recorder | undefined): StepOutcome {
  const task = state.tasks[id]!;
  task.status = 'done';
  if (record) {
    const leaked = program.locks.filter((_, i) => state.locks[i]!.holders.some((holder) => holder.task === id));
    record(state, id, { kind: 'done', leaked: leaked.map((lock) => lock.id) }, undefined);
  }
  wakeJoiners(state, record);
  return 'yield';
}

function wakeJoiners(state: SimState, record: Recorder | undefined): void {
  state.tasks.forEach((task, id) => {
    if (task.wait?.kind !== 'join' || !task.wait.tasks.every((child) => state.tasks[child]!.status === 'done')) return;
    makeReady(state, id);
    record?.(state, id, { kind: 'wake', cause: 'join' }, undefined);
  });
}

/** A waiting or blocked task whose wait is over joins the ready queue. */
function makeReady(state: SimState, id: number): void {
  const task = state.tasks[id]!;
  task.wait = undefined;
  task.status = 'ready';
  state.ready.push(id);
}

// ---- locks -----------------------------------------------------------------------------------------------------

function capacityOf(lock: LockDecl): number {
  return lock.kind === 'semaphore' ? (lock.capacity ?? 1) : 1;
}

/** Shared holders exclude only exclusive requests, which need a permit; a counting semaphore only counts permits. */
function compatible(lock: LockState, decl: LockDecl, mode: LockMode): boolean {
  if (decl.counting) return lock.permits > 0;
  if (mode === 'shared') return lock.holders.every((holder) => holder.mode === 'shared');
  return lock.holders.every((holder) => holder.mode === 'exclusive') && lock.permits > 0;
}

/** Grants the lock: a counting semaphore loses a permit and gains no holder. */
function take(lock: LockState, decl: LockDecl, task: number, mode: LockMode): void {
  if (mode === 'exclusive' || decl.counting) lock.permits--;
  if (!decl.counting) lock.holders.push({ task, mode, count: 1 });
}

/** A semaphore's free permits after a step, for the trace. */
function permitsOf(lock: LockState, decl: LockDecl): { permits?: number } {
  return decl.kind === 'semaphore' ? { permits: lock.permits } : {};
}

function acquire(state: SimState, program: Program, id: number, lockId: string, mode: LockMode, range: SourceRange | undefined, record: Recorder | undefined): StepOutcome {
  const index = program.lockIndex.get(lockId)!;
  const lock = state.locks[index]!;
  const decl = program.locks[index]!;
  const own = decl.reentrant ? lock.holders.findIndex((holder) => holder.task === id) : -1;
  if (own !== -1) {
    const holder = lock.holders[own]!;
    lock.holders[own] = { ...holder, count: holder.count + 1 };
  } else if (lock.queue.length === 0 && compatible(lock, decl, mode)) {
    take(lock, decl, id, mode);
  } else {
    // A non-reentrant lock its own holder asks for again lands here too: the task waits on itself.
    lock.queue.push({ task: id, mode });
    const task = state.tasks[id]!;
    task.status = 'blocked';
    task.wait = { kind: 'lock', lock: lockId, mode };
    record?.(state, id, { kind: 'acquire', lock: lockId, mode, granted: false, ...permitsOf(lock, decl) }, range);
    return 'yield';
  }
  state.tasks[id]!.status = 'ready'; // `await acquire()` yields even when the lock is free
  record?.(state, id, { kind: 'acquire', lock: lockId, mode, granted: true, ...permitsOf(lock, decl) }, range);
  return yieldReady(state, id);
}

function release(state: SimState, program: Program, id: number, lockId: string, range: SourceRange | undefined, record: Recorder | undefined): void {
  const index = program.lockIndex.get(lockId)!;
  const lock = state.locks[index]!;
  const decl = program.locks[index]!;
  const at = lock.holders.findIndex((holder) => holder.task === id);
  if (at === -1) {
    // A mutex or a key released by a non-holder stays as it is; a semaphore gains a permit (async-mutex's
    // Semaphore only counts), which is how a counting semaphore is always released.
    if (decl.kind !== 'semaphore') return void record?.(state, id, { kind: 'release', lock: lockId, held: false }, range);
    lock.permits++;
    record?.(state, id, { kind: 'release', lock: lockId, held: false, ...permitsOf(lock, decl) }, range);
    return grantWaiters(state, program, index, id, record);
  }
  const holder = lock.holders[at]!;
  if (holder.count > 1) lock.holders[at] = { ...holder, count: holder.count - 1 };
  else {
    lock.holders.splice(at, 1);
    if (holder.mode === 'exclusive') lock.permits++;
  }
  record?.(state, id, { kind: 'release', lock: lockId, held: true, ...permitsOf(lock, decl) }, range);
  grantWaiters(state, program, index, id, record);
}

function grantWaiters(state: SimState, program: Program, index: number, releaser: number, record: Recorder | undefined): void {
  const lock = state.locks[index]!;
  const decl = program.locks[index]!;
  while (lock.queue.length > 0 && compatible(lock, decl, lock.queue[0]!.mode)) {
    const waiter = lock.queue.shift()!;
    take(lock, decl, waiter.task, waiter.mode);
    makeReady(state, waiter.task);
    record?.(state, waiter.task, { kind: 'granted', lock: decl.id, mode: waiter.mode, by: releaser, ...permitsOf(lock, decl) }, undefined);
  }
}

// ---- awaits, spawn, join ---------------------------------------------------------------------------------------

function startPending(state: SimState, id: number, kind: 'timer' | 'io', ms: number, range: SourceRange | undefined, record: Recorder | undefined): StepOutcome {
  const due = state.time + ms;
  state.pending.push({ task: id, kind, due, seq: state.seq++ });
  const task = state.tasks[id]!;
  task.status = 'waiting';
  task.wait = { kind, due };
  record?.(state, id, kind === 'timer' ? { kind: 'timer', ms, due } : { kind: 'io', due }, range);
  return 'yield';
}

function spawn(state: SimState, program: Program, parent: number, templateName: string, group: string | undefined, range: SourceRange | undefined, record: Recorder | undefined): StepOutcome {
  const template = program.templates.get(templateName)!;
  const copy = (state.copies.get(templateName) ?? 0) + 1;
  state.copies = new Map(state.copies).set(templateName, copy);
  const child = addTask(state, program, template, `${templateName}#${copy}`, parent);
  state.tasks[parent]!.children.push({ task: child, group });
  state.tasks[child]!.status = 'running';
  record?.(state, parent, { kind: 'spawn', child }, range);
  // As in JavaScript, the called async function runs now until its first await; the spawner continues after.
  state.running.push(child);
  return 'continue';
}

function join(state: SimState, id: number, group: string | undefined, range: SourceRange | undefined, record: Recorder | undefined): StepOutcome {
  const task = state.tasks[id]!;
  const targets = task.children.filter((child) => group === undefined || child.group === group).map((child) => child.task);
  const ready = targets.every((child) => state.tasks[child]!.status === 'done');
  if (ready) {
    record?.(state, id, { kind: 'join', tasks: targets, ready }, range);
    return yieldReady(state, id); // awaiting settled promises still yields
  }
  task.status = 'waiting';
  task.wait = { kind: 'join', tasks: targets };
  record?.(state, id, { kind: 'join', tasks: targets, ready }, range);
  return 'yield';
}

// ---- events ----------------------------------------------------------------------------------------------------

function wait(state: SimState, program: Program, id: number, eventId: string, range: SourceRange | undefined, record: Recorder | undefined): StepOutcome {
  const event = state.events[program.eventIndex.get(eventId)!]!;
  const task = state.tasks[id]!;
  if (event.set) {
    task.status = 'ready'; // awaiting a settled promise still yields
    record?.(state, id, { kind: 'wait', event: eventId, set: true }, range);
    return yieldReady(state, id);
  }
  event.waiters.push(id);
  task.status = 'waiting';
  task.wait = { kind: 'event', event: eventId };
  record?.(state, id, { kind: 'wait', event: eventId, set: false }, range);
  return 'yield';
}

function signal(state: SimState, program: Program, id: number, eventId: string, range: SourceRange | undefined, record: Recorder | undefined): void {
  const event = state.events[program.eventIndex.get(eventId)!]!;
  const woke = event.waiters;
  event.set = true;
  event.waiters = [];
  record?.(state, id, { kind: 'signal', event: eventId, woke }, range);
  for (const waiter of woke) {
    makeReady(state, waiter);
    record?.(state, waiter, { kind: 'wake', cause: 'event', event: eventId }, undefined);
  }
}

// ---- reading the state -----------------------------------------------------------------------------------------

export function isFinished(state: SimState): boolean {
  return state.tasks.every((task) => task.status === 'done');
}

export function snapshot(state: SimState, program: Program): TaskSnapshot[] {
  const holds: string[][] = state.tasks.map(() => []);
  state.locks.forEach((lock, i) => {
    for (const holder of lock.holders) holds[holder.task]!.push(program.locks[i]!.id);
  });
  return state.tasks.map((task, id) => (task.wait ? { status: task.status, holds: holds[id]!, wait: task.wait } : { status: task.status, holds: holds[id]! }));
}

export function taskInfos(state: SimState): TaskInfo[] {
  return state.tasks.map((task) => task.info);
}

/** Who holds each lock, for the wait-for analysis: task and mode per holder, waiters in order. */
export function lockTable(state: SimState): readonly Readonly<LockState>[] {
  return state.locks;
}

/** The steps a task has still to run, innermost frame first (the branch and call frames it is inside, then its body). */
export function remainingSteps(state: SimState, task: number): readonly (readonly Step[])[] {
  return state.tasks[task]!.frames.map((frame) => frame.steps.slice(frame.index)).reverse();
}

/** A copy to apply a choice to. Holders, pending entries, waits and the copy counts are replaced, never changed, so they are shared. */
export function cloneState(state: SimState): SimState {
  return {
    time: state.time,
    seq: state.seq,
    tasks: state.tasks.map((task) => ({
      info: task.info,
      status: task.status,
      frames: task.frames.map((frame) => ({ steps: frame.steps, index: frame.index, tag: frame.tag })),
      wait: task.wait,
      children: task.children.slice(),
    })),
    locks: state.locks.map((lock) => ({ holders: lock.holders.slice(), queue: lock.queue.slice(), permits: lock.permits })),
    events: state.events.map((event) => ({ set: event.set, waiters: event.waiters.slice() })),
    ready: state.ready.slice(),
    pending: state.pending.slice(),
    running: state.running.slice(),
    copies: state.copies,
  };
}

/**
 * A string equal for states that behave the same from here on, one character per number. What is left out, and
 * why it cannot change the future:
 * - absolute time: only differences of times are ever compared (due times with each other and with the clock),
 *   so dues are kept relative to the clock; a due already past is kept as 0, since firing it leaves the clock
 *   where it is and a new entry is never due before it;
 * - under 'any' timing, time itself: no choice looks at a due time or the clock;
 * - the order of pending io and of ready tasks: every pending io and every ready task is a choice whatever its
 *   place (only the place of timers among timers decides which fires first), so both are keyed as sets;
 * - the order of a lock's holders: a grant asks whether all holders are compatible, a release finds its own;
 * - `seq`, beyond the order of timers it decides; names and copy counts, which only label tasks;
 * - a finished task's past: it has no frames, no wait, and its children are nobody's to join any more.
 */
export function stateKey(state: SimState, timing: Timing): string {
  const timed = timing === 'virtual';
  codes.length = 0;
  groups = undefined;
  let timers = 0;
  for (const task of state.tasks) {
    add(STATUS_CODES[task.status]);
    if (task.status === 'done') continue;
    add(task.frames.length);
    for (const frame of task.frames) add(frame.tag + 1), add(frame.index);
    const wait = task.wait;
    // A pending timer or io is keyed with its task: io then need no order, timers get theirs below.
    if (wait?.kind === 'timer' || wait?.kind === 'io') add(wait.kind === 'timer' ? 1 : 2), add(timed ? Math.max(0, wait.due - state.time) : 0);
    else add(0);
    if (wait?.kind === 'timer') timers++;
    const joined = wait?.kind === 'join' ? wait.tasks : NONE;
    add(joined.length);
    for (const child of joined) add(child);
    add(task.children.length);
    for (const child of task.children) add(child.task), addGroup(child.group);
  }
  if (timed && timers > 1) for (const entry of state.pending.filter((pending) => pending.kind === 'timer').sort(timerOrder)) add(entry.task);
  for (const lock of state.locks) {
    add(lock.holders.length);
    for (const holder of lock.holders.length > 1 ? [...lock.holders].sort((a, b) => a.task - b.task) : lock.holders) add(holder.task), add(holder.mode === 'shared' ? 1 : 0), add(holder.count);
    add(lock.queue.length);
    for (const waiter of lock.queue) add(waiter.task), add(waiter.mode === 'shared' ? 1 : 0);
    add(lock.permits);
  }
  for (const event of state.events) {
    add(event.set ? 1 : 0), add(event.waiters.length);
    for (const waiter of event.waiters) add(waiter);
  }
  // Ready tasks as a set: a flag per task would do, but the queue is short.
  add(state.ready.length);
  for (const task of state.ready.length > 1 ? state.ready.slice().sort((a, b) => a - b) : state.ready) add(task);
  add(state.running.length);
  for (const task of state.running) add(task);
  let key = '';
  for (let at = 0; at < codes.length; at += CHUNK) key += String.fromCharCode.apply(null, codes.length <= CHUNK ? codes : codes.slice(at, at + CHUNK));
  return groups === undefined ? key : `${key}\u0000${JSON.stringify(groups)}`;
}

/** The order timers fire in (and pending entries are offered in): by due time, equal ones in the order they were set. */
function timerOrder(a: Pending, b: Pending): number {
  return a.due - b.due || a.seq - b.seq;
}

// The key is numbers as characters. Every list is keyed with its length first, so no two states' sequences
// run into each other.
const STATUS_CODES: Record<TaskStatus, number> = { ready: 0, running: 1, blocked: 2, waiting: 3, done: 4 };
const ESCAPE = 0xffff;
const CHUNK = 4096;
const NONE: readonly number[] = [];
/** The key being built (one at a time: the engine is synchronous), and the group names it holds apart. */
const codes: number[] = [];
let groups: string[] | undefined;

function add(value: number): void {
  if (value >= 0 && value < ESCAPE && Number.isInteger(value)) return void codes.push(value);
  // One that does not fit a character (a long or fractional delay, a huge model): its digits between escapes.
  codes.push(ESCAPE);
  for (const digit of String(value)) codes.push(digit.charCodeAt(0));
  codes.push(ESCAPE);
}

/** A group name from user code: kept apart, in order, so it never mixes with the numbers. */
function addGroup(group: string | undefined): void {
  (groups ??= []).push(group ?? '');
}
