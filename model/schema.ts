// The concurrency model: what the extractor (server/src/analysis/extraction) writes and the scheduler (scheduler/)
// runs for the visualizer, `lockstep simulate` and the benchmarks — a file's locks and its task templates, each a
// list of steps with source ranges. Pure types: no DOM, vscode, LSP or Node. Plain JSON (no Maps, no classes, no
// undefined-vs-missing distinctions that matter), so the same document travels over LSP (lockstep/model), sits in
// a `*.model.json` file, and is posted into the webview as it is.
//
// Decisions, so the extractor and the scheduler agree:
// - Lock ids are opaque strings unique within the model (the extractor uses the lock identity of DESIGN.md, e.g.
//   `src/bank.ts#accountsMutex`); `name` is what people read. Steps refer to locks by id, and to events likewise.
// - A step runs atomically. Only awaits yield to other tasks: `acquire` (even when the lock is free, as
//   `await mutex.acquire()` does), `timer`, `io`, `join` and `wait`. `release`, `signal`, `block`, `spawn` and `call` do not.
// - `call` carries the callee's steps, already inlined by the extractor (depth-bounded, recursion cut); the
//   scheduler runs them in place and shows the call in the trace.
// - Branches whose condition the extractor cannot decide are `branch` choice points: the explorer tries every
//   alternative, `fifo` takes the first, `random` picks one. An extractor that decides a branch emits only the
//   side taken (and may say so in `note`).

/** Raised when the model's shape changes incompatibly; readers refuse versions they do not know. */
export const MODEL_VERSION = 1;

/** 0-based, UTF-16 columns, end exclusive: LSP's own Range with the document it lies in. */
export interface SourceRange {
  uri: string;
  start: { line: number; character: number };
  end: { line: number; character: number };
}

/** What extraction gives: the model, or why there is none (the file is not analysable, no entry point, …). */
export type ModelResult = { model: ConcurrencyModel } | { model: null; reason: string };

export interface ConcurrencyModel {
  version: typeof MODEL_VERSION;
  /** The document the model was extracted from. */
  uri: string;
  locks: LockDecl[];
  /** The events its tasks set and wait for; absent: none. */
  events?: EventDecl[];
  tasks: TaskTemplate[];
  /**
   * What the extractor could not model exactly (a value not known before run time, a loop cut, a call not
   * inlined), so a verdict over the model can say what it did not cover. Absent: none were made.
   */
  approximations?: Approximation[];
}

export interface Approximation {
  message: string;
  range?: SourceRange;
}

/**
 * - `mutex`: one holder (async-mutex `Mutex`, a user-declared lock class);
 * - `semaphore`: up to `capacity` holders (async-mutex `Semaphore`);
 * - `keyed`: one key of a keyed lock (async-lock `acquire('users')`, Web Locks `request('db')`), a mutex that is
 *   named by its key — each key is its own LockDecl.
 * Any lock may be acquired in `shared` mode (Web Locks): shared holders do not exclude each other, an exclusive
 * holder excludes everyone. Waiters are served first come first served, as async-mutex and Web Locks do.
 */
export type LockKind = 'mutex' | 'semaphore' | 'keyed';

export interface LockDecl {
  id: string;
  /** For people: `accountsMutex`, `Account.lock`, `forks[*]`, `'db'`. */
  name: string;
  kind: LockKind;
  /** Holders allowed at once in exclusive mode: 1 unless `kind` is `semaphore` (whose initial permits it is, 0 allowed). */
  capacity?: number;
  /**
   * A semaphore used as a counter (a bounded buffer's free and full slots): tasks release permits they never took,
   * so nobody owns one — a release by anyone adds a permit, finishing after an acquire is no leak, and a waiter
   * waits for whoever may still release it. Absent: holders own their permits.
   */
  counting?: boolean;
  /** A reentrant lock taken again by its holder only counts up; a non-reentrant one makes the holder wait on itself. */
  reentrant: boolean;
  /** Where the lock is declared. */
  range?: SourceRange;
}

/**
 * A one-shot event: a promise one task settles and others await (`new Promise((resolve) => (setReady = resolve))`,
 * `events.once(emitter, 'ready')`). Unset at first; once set it stays set.
 */
export interface EventDecl {
  id: string;
  /** For people: `ready`, `'drained'`. */
  name: string;
  range?: SourceRange;
}

export interface TaskTemplate {
  /** Unique within the model: the entry point's name (`transfer`, `Bank.audit`). */
  name: string;
  /** How many copies start at time 0; default 1. 0: the template only runs when a `spawn` step starts it. */
  instances?: number;
  range?: SourceRange;
  steps: Step[];
}

export type LockMode = 'exclusive' | 'shared';

interface StepBase {
  range?: SourceRange;
  /** What the extractor wants people to know about the step (e.g. "else branch not taken: condition is constant"). */
  note?: string;
}

/** Waits until the lock is granted (yields even when it is free). */
export interface AcquireStep extends StepBase {
  kind: 'acquire';
  lock: string;
  /** Default `exclusive`. */
  mode?: LockMode;
}

/** Gives the lock back (one count of a reentrant hold); waiters are granted in arrival order. */
export interface ReleaseStep extends StepBase {
  kind: 'release';
  lock: string;
}

/** `await` of a timer (`setTimeout`, `timers/promises` `setTimeout`) with a known delay: fires at now + ms. */
export interface TimerStep extends StepBase {
  kind: 'timer';
  ms: number;
}

/**
 * `await` of anything else outside the model (fs, network, an unmodelled promise). Its latency is unknown: `fifo`
 * assumes `ms` (default 1); `random` and `explore` let it complete at any point where no task is ready.
 */
export interface IoStep extends StepBase {
  kind: 'io';
  ms?: number;
}

/** A synchronous call that blocks the event loop (`readFileSync`, `Atomics.wait`, a busy loop): nobody runs for ms. */
export interface BlockStep extends StepBase {
  kind: 'block';
  ms: number;
  /** The blocking call, for people: `fs.readFileSync`. */
  call: string;
}

/** A call into another modelled function, its body already inlined (depth-bounded, recursion cut). */
export interface CallStep extends StepBase {
  kind: 'call';
  function: string;
  steps: Step[];
}

/**
 * Starts a new task from a template (an unawaited call, a `Promise.all` element). As in JavaScript, the new task
 * runs at once until its first await; then the spawner continues.
 */
export interface SpawnStep extends StepBase {
  kind: 'spawn';
  template: string;
  /** Tasks spawned with the same group are joined together (`Promise.all([...])`). */
  group?: string;
}

/** `await` of tasks this task spawned: those of `group`, or all of them when it is omitted. */
export interface JoinStep extends StepBase {
  kind: 'join';
  group?: string;
}

/** `await` of an event: waits until it is set (yields even when it already is, as awaiting a settled promise does). */
export interface WaitStep extends StepBase {
  kind: 'wait';
  event: string;
}

/** Sets the event (a resolve call, `emitter.emit`): its waiters become ready in the order they began waiting. Does not yield. */
export interface SignalStep extends StepBase {
  kind: 'signal';
  event: string;
}

/** A choice point: exactly one alternative runs. */
export interface BranchStep extends StepBase {
  kind: 'branch';
  alternatives: BranchAlternative[];
}

export interface BranchAlternative {
  /** For people: `if (retry)`, `else`. */
  label?: string;
  steps: Step[];
}

export type Step = AcquireStep | ReleaseStep | TimerStep | IoStep | BlockStep | CallStep | SpawnStep | JoinStep | WaitStep | SignalStep | BranchStep;
export type StepKind = Step['kind'];
