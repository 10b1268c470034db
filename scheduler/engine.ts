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
import { StateKeys, type KeyWriter } from './state-table';
import type { Action, Choice, TaskInfo, TaskSnapshot, TaskStatus, Timing, Wait } from './types';

interface Frame {
  steps: readonly Step[];
  index: number;
  /** Which alternative of the enclosing branch these steps are (-1: a task body or a call): part of the state key. */
  tag: number;
}

/**
 * Tasks and locks are copied on write: a copy of a state shares them until it changes one (taskToChange,
 * lockToChange), and each keeps the number of its part of the state key while it is unchanged.
 */
interface Shared {
  /** The `owner` of the state that may change it in place; any other copies it first. */
  owner: number;
  /** The number of its part of the state key among `keys`' parts, once written; under virtual timing, for the clock at `keyTime`. */
  keys: StateKeys | undefined;
  part: number;
  keyTime: number;
}

interface Task extends Shared {
  info: TaskInfo;
  status: TaskStatus;
  frames: Frame[];
  wait: Wait | undefined;
  /** Replaced, never changed: copies of the task share it. */
  children: readonly { task: number; group: string | undefined }[];
}

/** Replaced, never changed: states share them. */
interface Holder {
  readonly task: number;
  readonly mode: LockMode;
  /** Re-acquisitions of a reentrant lock by its holder. */
  readonly count: number;
}

interface LockState extends Shared {
  /** Empty for a counting semaphore, whose permits nobody owns. */
  /** Replaced, never changed, like `queue`: copies of the lock share them. */
  holders: readonly Holder[];
  /** Waiters in arrival order: granted first come first served, as async-mutex and Web Locks do. */
  queue: readonly { task: number; mode: LockMode }[];
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
}

export interface SimState {
  /** What the tasks and locks this state may change in place carry; a copy of the state gives both new ones. */
  owner: number;
  time: number;
  tasks: Task[];
  locks: LockState[];
  events: EventState[];
  ready: number[];
  /** In the order they are offered in: by due time, equal ones in the order they were set; kept sorted as entries are added, so no choice sorts them. */
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
    owner: nextOwner++,
    time: 0,
    tasks: [],
    locks: [],
    events: program.events.map(() => ({ set: false, waiters: [] })),
    ready: [],
    pending: [],
    running: [],
    copies: new Map(),
  };
  state.locks = program.locks.map((decl) => ({ holders: [], queue: [], permits: capacityOf(decl), owner: state.owner, keys: undefined, part: 0, keyTime: 0 }));
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
    owner: state.owner,
    keys: undefined,
    part: 0,
    keyTime: 0,
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
  if (state.ready.length === 1) return runAlone(state.ready[0]!);
  if (state.ready.length > 0) return state.ready.map(runChoice);
  return macrotaskChoices(state.pending, program.timing);
}

// One choice object per task and kind, frozen: explore makes choices in every state, and schedules only hold them.
const runChoices: Choice[] = [];
const fireChoices: Choice[] = [];
const runChoice = (task: number): Choice => (runChoices[task] ??= Object.freeze({ kind: 'run', task }));
const runAlones: Choice[][] = [];
/** The one choice of a state with one ready task (the commonest state), an array made once per task. */
const runAlone = (task: number): Choice[] => (runAlones[task] ??= Object.freeze([runChoice(task)]) as Choice[]);
const fireChoice = (task: number): Choice => (fireChoices[task] ??= Object.freeze({ kind: 'fire', task }));

/** Pending timers and io by due time, then start order; under 'virtual' timing only the earliest timer of them. */
function macrotaskChoices(pending: readonly Pending[], timing: Timing): Choice[] {
  const choices: Choice[] = [];
  let timers = 0;
  for (const entry of pending) if (entry.kind === 'io' || timing === 'any' || timers++ === 0) choices.push(fireChoice(entry.task));
  return choices;
}

function currentStep(task: Task): Step | undefined {
  const frame = task.frames.at(-1);
  return frame?.steps[frame.index];
}

// ---- applying a choice -----------------------------------------------------------------------------------------

export function applyChoice(state: SimState, program: Program, choice: Choice, record?: Recorder): void {
  switch (choice.kind) {
    case 'run':
      removeAt(state.ready, state.ready.indexOf(choice.task));
      return startRunning(state, program, choice.task, record);
    case 'fire':
      return fire(state, program, choice.task, record);
    case 'branch':
      return takeBranch(state, program, choice, record);
  }
}

function startRunning(state: SimState, program: Program, task: number, record: Recorder | undefined): void {
  taskToChange(state, task).status = 'running';
  state.running.push(task);
  continueRunning(state, program, record);
}

function fire(state: SimState, program: Program, task: number, record: Recorder | undefined): void {
  const index = indexOfTask(state.pending, task);
  const entry = state.pending[index];
  removeAt(state.pending, index);
  // An io completing "early" (explore, random) never moves time backwards.
  state.time = Math.max(state.time, entry!.due);
  const woken = taskToChange(state, task);
  woken.wait = undefined;
  woken.status = 'running'; // the completion's callback resumes it at once
  record?.(state, task, { kind: 'wake', cause: entry!.kind }, undefined);
  startRunning(state, program, task, record);
}

function takeBranch(state: SimState, program: Program, choice: Extract<Choice, { kind: 'branch' }>, record: Recorder | undefined): void {
  const task = taskToChange(state, choice.task);
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
  const task = taskToChange(state, id);
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
  taskToChange(state, id).status = 'ready';
  state.ready.push(id);
  return 'yield';
}

function finish(state: SimState, program: Program, id: number, record: Recorder | undefined): StepOutcome {
  taskToChange(state, id).status = 'done';
  if (record) {
    const leaked = program.locks.filter((_, i) => state.locks[i]!.holders.some((holder) => holder.task === id));
    record(state, id, { kind: 'done', leaked: leaked.map((lock) => lock.id) }, undefined);
  }
  wakeJoiners(state, record);
  return 'yield';
}

function wakeJoiners(state: SimState, record: Recorder | undefined): void {
  for (let id = 0; id < state.tasks.length; id++) {
    const wait = state.tasks[id]!.wait;
    if (wait?.kind !== 'join' || !wait.tasks.every((child) => state.tasks[child]!.status === 'done')) continue;
    makeReady(state, id);
    record?.(state, id, { kind: 'wake', cause: 'join' }, undefined);
  }
}

/** A waiting or blocked task whose wait is over joins the ready queue. */
function makeReady(state: SimState, id: number): void {
  const task = taskToChange(state, id);
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
  // Loops, not every(): a grant is asked for in nearly every transition.
  for (const holder of lock.holders) if (holder.mode !== mode) return false;
  return mode === 'shared' || lock.permits > 0;
}

/** Grants the lock: a counting semaphore loses a permit and gains no holder. */
function take(lock: LockState, decl: LockDecl, task: number, mode: LockMode): void {
  if (mode === 'exclusive' || decl.counting) lock.permits--;
  if (!decl.counting) lock.holders = [...lock.holders, { task, mode, count: 1 }];
}

/** A semaphore's free permits after a step, for the trace. */
function permitsOf(lock: LockState, decl: LockDecl): { permits?: number } {
  return decl.kind === 'semaphore' ? { permits: lock.permits } : {};
}

function acquire(state: SimState, program: Program, id: number, lockId: string, mode: LockMode, range: SourceRange | undefined, record: Recorder | undefined): StepOutcome {
  const index = program.lockIndex.get(lockId)!;
  const lock = lockToChange(state, index);
  const decl = program.locks[index]!;
  const own = decl.reentrant ? indexOfTask(lock.holders, id) : -1;
  if (own !== -1) {
    lock.holders = lock.holders.map((holder, at) => (at === own ? { ...holder, count: holder.count + 1 } : holder));
  } else if (lock.queue.length === 0 && compatible(lock, decl, mode)) {
    take(lock, decl, id, mode);
  } else {
    // A non-reentrant lock its own holder asks for again lands here too: the task waits on itself.
    lock.queue = [...lock.queue, { task: id, mode }];
    const task = taskToChange(state, id);
    task.status = 'blocked';
    task.wait = { kind: 'lock', lock: lockId, mode };
    record?.(state, id, { kind: 'acquire', lock: lockId, mode, granted: false, ...permitsOf(lock, decl) }, range);
    return 'yield';
  }
  taskToChange(state, id).status = 'ready'; // `await acquire()` yields even when the lock is free
  record?.(state, id, { kind: 'acquire', lock: lockId, mode, granted: true, ...permitsOf(lock, decl) }, range);
  return yieldReady(state, id);
}

function release(state: SimState, program: Program, id: number, lockId: string, range: SourceRange | undefined, record: Recorder | undefined): void {
  const index = program.lockIndex.get(lockId)!;
  const lock = lockToChange(state, index);
  const decl = program.locks[index]!;
  const at = indexOfTask(lock.holders, id);
  if (at === -1) {
    // A mutex or a key released by a non-holder stays as it is; a semaphore gains a permit (async-mutex's
    // Semaphore only counts), which is how a counting semaphore is always released.
    if (decl.kind !== 'semaphore') return void record?.(state, id, { kind: 'release', lock: lockId, held: false }, range);
    lock.permits++;
    record?.(state, id, { kind: 'release', lock: lockId, held: false, ...permitsOf(lock, decl) }, range);
    return grantWaiters(state, program, index, id, record);
  }
  const holder = lock.holders[at]!;
  if (holder.count > 1) lock.holders = lock.holders.map((other) => (other === holder ? { ...holder, count: holder.count - 1 } : other));
  else {
    lock.holders = lock.holders.filter((other) => other !== holder);
    if (holder.mode === 'exclusive') lock.permits++;
  }
  record?.(state, id, { kind: 'release', lock: lockId, held: true, ...permitsOf(lock, decl) }, range);
  grantWaiters(state, program, index, id, record);
}

function grantWaiters(state: SimState, program: Program, index: number, releaser: number, record: Recorder | undefined): void {
  const lock = lockToChange(state, index);
  const decl = program.locks[index]!;
  while (lock.queue.length > 0 && compatible(lock, decl, lock.queue[0]!.mode)) {
    const waiter = lock.queue[0]!;
    lock.queue = lock.queue.slice(1);
    take(lock, decl, waiter.task, waiter.mode);
    makeReady(state, waiter.task);
    record?.(state, waiter.task, { kind: 'granted', lock: decl.id, mode: waiter.mode, by: releaser, ...permitsOf(lock, decl) }, undefined);
  }
}

// ---- awaits, spawn, join ---------------------------------------------------------------------------------------

function startPending(state: SimState, id: number, kind: 'timer' | 'io', ms: number, range: SourceRange | undefined, record: Recorder | undefined): StepOutcome {
  const due = state.time + ms;
  // After every entry due no later: equal due times keep their start order.
  const pending = state.pending;
  let at = pending.length;
  for (; at > 0 && pending[at - 1]!.due > due; at--) pending[at] = pending[at - 1]!;
  pending[at] = { task: id, kind, due };
  const task = taskToChange(state, id);
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
  const spawner = taskToChange(state, parent);
  spawner.children = [...spawner.children, { task: child, group }];
  state.tasks[child]!.status = 'running';
  record?.(state, parent, { kind: 'spawn', child }, range);
  // As in JavaScript, the called async function runs now until its first await; the spawner continues after.
  state.running.push(child);
  return 'continue';
}

function join(state: SimState, id: number, group: string | undefined, range: SourceRange | undefined, record: Recorder | undefined): StepOutcome {
  const task = taskToChange(state, id);
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
  const task = taskToChange(state, id);
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

/** Where the task's entry is, or -1: findIndex without a closure made per call. */
function indexOfTask(entries: readonly { task: number }[], task: number): number {
  for (let at = 0; at < entries.length; at++) if (entries[at]!.task === task) return at;
  return -1;
}

/** Array.splice(at, 1) without the array of what it removed: explore does this in every transition. */
function removeAt<T>(array: T[], at: number): void {
  for (let next = at + 1; next < array.length; next++) array[next - 1] = array[next]!;
  array.pop();
}

// ---- copies on write -------------------------------------------------------------------------------------------

/** Owner ids: a copy of a state takes two, so neither the copy nor the original changes what they share. */
let nextOwner = 0;

/** The task, to change: the state's own, or a copy of one it shares with another state. */
function taskToChange(state: SimState, id: number): Task {
  const task = state.tasks[id]!;
  if (task.owner === state.owner) {
    task.keys = undefined;
    return task;
  }
  const copy: Task = {
    info: task.info,
    status: task.status,
    frames: task.frames.map((frame) => ({ steps: frame.steps, index: frame.index, tag: frame.tag })),
    wait: task.wait,
    children: task.children,
    owner: state.owner,
    keys: undefined,
    part: 0,
    keyTime: 0,
  };
  state.tasks[id] = copy;
  return copy;
}

/** The lock's state, to change: the state's own, or a copy of one it shares with another state. */
function lockToChange(state: SimState, index: number): LockState {
  const lock = state.locks[index]!;
  if (lock.owner === state.owner) {
    lock.keys = undefined;
    return lock;
  }
  const copy: LockState = { holders: lock.holders, queue: lock.queue, permits: lock.permits, owner: state.owner, keys: undefined, part: 0, keyTime: 0 };
  state.locks[index] = copy;
  return copy;
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

/**
 * A copy to apply a choice to. Tasks and locks are shared until the copy changes them; holders, pending entries,
 * waits and the copy counts are replaced, never changed, so they are shared too.
 */
export function cloneState(state: SimState): SimState {
  state.owner = nextOwner++;
  return {
    owner: nextOwner++,
    time: state.time,
    tasks: state.tasks.slice(),
    locks: state.locks.slice(),
    events: state.events.length === 0 ? state.events : state.events.map((event) => ({ set: event.set, waiters: event.waiters.slice() })),
    ready: state.ready.slice(),
    pending: state.pending.slice(),
    running: state.running.slice(),
    copies: state.copies,
  };
}

/**
 * Writes a key equal for states that behave the same from here on. What is left out, and why it cannot change
 * the future:
 * - absolute time: only differences of times are ever compared (due times with each other and with the clock),
 *   so dues are kept relative to the clock; a due already past is kept as 0, since firing it leaves the clock
 *   where it is and a new entry is never due before it;
 * - under 'any' timing, time itself: no choice looks at a due time or the clock;
 * - the order of pending io and of ready tasks: every pending io and every ready task is a choice whatever its
 *   place (only the place of timers among timers decides which fires first), so both are keyed as sets;
 * - the order of a lock's holders: a grant asks whether all holders are compatible, a release finds its own;
 * - the start order of pending entries, beyond the order of timers it decides; names and copy counts, which
 *   only label tasks;
 * - a finished task's past: it has no frames, no wait, and its children are nobody's to join any more.
 * Every list is written with its length first, so no two states' keys run into each other.
 */
export function writeStateKey(state: SimState, timing: Timing, keys: StateKeys): void {
  const timed = timing === 'virtual';
  const key = keys.key;
  key.reset();
  key.number(state.tasks.length);
  let timers = 0;
  for (const task of state.tasks) {
    writePart(task, state, timed, keys, writeTaskKey);
    if (task.wait?.kind === 'timer') timers++;
  }
  // `pending` is kept in due order, so the timers' order is theirs in it.
  if (timed && timers > 1) for (const entry of state.pending) if (entry.kind === 'timer') key.number(entry.task);
  for (const lock of state.locks) writePart(lock, state, timed, keys, writeLockKey);
  for (const event of state.events) {
    key.number(event.set ? 1 : 0), key.number(event.waiters.length);
    for (const waiter of event.waiters) key.number(waiter);
  }
  // Ready tasks as a set: a flag per task would do, but the queue is short.
  key.number(state.ready.length);
  for (const task of state.ready.length > 1 ? state.ready.slice().sort((a, b) => a - b) : state.ready) key.number(task);
  key.number(state.running.length);
  for (const task of state.running) key.number(task);
}

/**
 * A task's or a lock's part of the key, as the number `keys` gives its bytes (as SPIN's COLLAPSE mode stores a
 * process's state once and a global state as the numbers of its parts): kept while the part is unchanged.
 */
function writePart<T extends Shared>(part: T, state: SimState, timed: boolean, keys: StateKeys, write: (part: T, state: SimState, timed: boolean, key: KeyWriter) => void): void {
  // Under virtual timing a pending task's part holds its due time relative to the clock.
  if (part.keys !== keys || (timed && part.keyTime !== state.time)) {
    write(part, state, timed, keys.startPart());
    part.part = keys.endPart();
    part.keys = keys;
    part.keyTime = state.time;
  }
  keys.key.number(part.part);
}

function writeTaskKey(task: Task, state: SimState, timed: boolean, key: KeyWriter): void {
  key.number(statusCode(task.status));
  if (task.status === 'done') return;
  key.number(task.frames.length);
  for (const frame of task.frames) key.number(frame.tag + 1), key.number(frame.index);
  const wait = task.wait;
  // A pending timer or io is keyed with its task: io then need no order, timers get theirs beside the tasks.
  if (wait?.kind === 'timer' || wait?.kind === 'io') key.number(wait.kind === 'timer' ? 1 : 2), key.number(timed ? Math.max(0, wait.due - state.time) : 0);
  else key.number(0);
  const joined = wait?.kind === 'join' ? wait.tasks : NONE;
  key.number(joined.length);
  for (const child of joined) key.number(child);
  key.number(task.children.length);
  for (const child of task.children) {
    key.number(child.task);
    if (child.group === undefined) key.number(0);
    else key.number(1), key.text(child.group);
  }
}

function writeLockKey(lock: LockState, _state: SimState, _timed: boolean, key: KeyWriter): void {
  key.number(lock.holders.length);
  for (const holder of lock.holders.length > 1 ? [...lock.holders].sort((a, b) => a.task - b.task) : lock.holders) key.number(holder.task), key.number(holder.mode === 'shared' ? 1 : 0), key.number(holder.count);
  key.number(lock.queue.length);
  for (const waiter of lock.queue) key.number(waiter.task), key.number(waiter.mode === 'shared' ? 1 : 0);
  key.number(lock.permits);
}

/** The state's key as a string: equal for states that behave the same from here on, among keys from the same `keys`. */
export function stateKey(state: SimState, timing: Timing, keys: StateKeys): string {
  writeStateKey(state, timing, keys);
  return keys.key.toString();
}

function statusCode(status: TaskStatus): number {
  switch (status) {
    case 'ready':
      return 0;
    case 'running':
      return 1;
    case 'blocked':
      return 2;
    case 'waiting':
      return 3;
    case 'done':
      return 4;
  }
}

const NONE: readonly number[] = [];
