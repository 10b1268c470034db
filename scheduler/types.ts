// What the scheduler hands back: the trace the webview draws and the CLI prints, the schedule that replays it,
// and — for a deadlock — the wait-for cycle. Plain JSON, like the model, so the CLI can print it as is.
import type { LockMode, SourceRange } from '../model/schema';
export type TaskStatus = 'ready' | 'running' | 'blocked' | 'waiting' | 'done';

/** What a task that is not running waits for. */
export type Wait =
  | { kind: 'lock'; lock: string; mode: LockMode }
  | { kind: 'timer'; due: number }
  | { kind: 'io'; due: number }
  | { kind: 'join'; tasks: number[] }
  | { kind: 'event'; event: string };

/** One decision the scheduler took. A list of them replays a run exactly (`replay` policy). */
export type Choice =
  /** Run this ready task until its next await. */
  | { kind: 'run'; task: number }
  /** A timer or io completion wakes this task, which runs at once. */
  | { kind: 'fire'; task: number }
  /** The running task takes this alternative of the branch it stands at. */
  | { kind: 'branch'; task: number; alternative: number };

/** What happened in one trace event. Lock ids refer to the model's locks; tasks are indexes into `tasks`. */
export type Action =
  | { kind: 'start' }
  /** `permits`: for a semaphore, the permits left free after the step. */
  | { kind: 'acquire'; lock: string; mode: LockMode; granted: boolean; permits?: number }
  | { kind: 'granted'; lock: string; mode: LockMode; by: number; permits?: number }
  /** `held`: the task held it (always false for a counting semaphore, whose permits nobody owns). */
  | { kind: 'release'; lock: string; held: boolean; permits?: number }
  | { kind: 'timer'; ms: number; due: number }
  | { kind: 'io'; due: number }
  | { kind: 'wake'; cause: 'timer' | 'io' | 'join' }
  | { kind: 'wake'; cause: 'event'; event: string }
  | { kind: 'resume' }
  | { kind: 'block'; ms: number; call: string }
  | { kind: 'call'; function: string }
  | { kind: 'spawn'; child: number }
  | { kind: 'join'; tasks: number[]; ready: boolean }
  /** `set`: the event was already set, so the task only yields. */
  | { kind: 'wait'; event: string; set: boolean }
  /** `woke`: its waiters, made ready in the order they began waiting. */
  | { kind: 'signal'; event: string; woke: number[] }
  | { kind: 'branch'; alternative: number; label?: string }
  | { kind: 'done'; leaked: string[] };

export interface TaskSnapshot {
  status: TaskStatus;
  /** Lock ids held (a reentrant lock once, however deep). */
  holds: string[];
  wait?: Wait;
}

export interface TraceEvent {
  /** Virtual time in ms when it happened. */
  time: number;
  task: number;
  action: Action;
  range?: SourceRange;
  /** Every task's state right after the event: what the webview draws for this column. */
  tasks: TaskSnapshot[];
}

export interface TaskInfo {
  /** `transfer`, or `transfer#2` when a template runs more than once. */
  name: string;
  template: string;
  parent?: number;
}

export interface LockInfo {
  id: string;
  name: string;
  /** A counting semaphore: its permits are counted, not held. */
  counting?: boolean;
}

export interface EventInfo {
  id: string;
  name: string;
}

/**
 * One edge of the wait-for graph: `task` waits for `lock`, which `holder` has (or is queued ahead for); or for
 * `event`, or a permit of a counting semaphore `lock`, which `holder` may still set or release (`potential`).
 */
export interface WaitForEdge {
  task: number;
  lock?: string;
  event?: string;
  holder: number;
  /** The holder does not hold what `task` waits for, but its remaining steps may set or release it. */
  potential?: true;
}

export interface Deadlock {
  time: number;
  /** The cycle, each edge's holder being the next edge's task; empty when the holder has finished (a leak). */
  cycle: WaitForEdge[];
  /** Every task that can never finish. */
  stuck: number[];
  /** For people: "transfer holds accountsMutex and waits for ledgerMutex, held by audit; …". */
  description: string;
}

export interface Exploration {
  /** Distinct states reached (state hashing merges schedules that meet). */
  states: number;
  /** Choices applied, including those that led to an already seen state. */
  transitions: number;
  /**
   * Distinct schedules covered from start to end (paths through the state graph, counted without re-walking
   * shared states). When a deadlock stops the search, the schedules covered until then, the deadlock's included.
   * With the partial-order reduction, the schedules explored: each stands for the orders it was chosen over, and
   * orders of independent steps are counted once (sleep sets).
   */
  schedules: number;
  /** The deepest schedule, in choices. */
  maxDepth: number;
  /** True when every reachable state was visited; false when a deadlock or a bound stopped the search. */
  exhaustive: boolean;
}

/** An unfinished search so far: `schedules` counts those its finished part covers. */
export type SearchProgress = Omit<Exploration, 'exhaustive'>;

export type Outcome = 'completed' | 'deadlock' | 'bounded';

export interface SimulationResult {
  policy: PolicyName;
  seed?: number;
  /** Present when the run assumed nothing of time (SimulateOptions.timing). */
  timing?: 'any';
  outcome: Outcome;
  /** The schedule of `trace`: for a deadlock, the one that reaches it. */
  schedule: Choice[];
  tasks: TaskInfo[];
  locks: LockInfo[];
  events: EventInfo[];
  /** Every task's state before the first event (tasks spawned later are absent). */
  initial: TaskSnapshot[];
  trace: TraceEvent[];
  deadlock?: Deadlock;
  exploration?: Exploration;
}

export type PolicyName = 'fifo' | 'random' | 'explore';

export type Timing = 'virtual' | 'any';

export interface SimulateOptions {
  policy?: PolicyName;
  /** For `random`; default 1. */
  seed?: number;
  /** Copies per task template, overriding the model's `instances`. */
  instances?: Record<string, number>;
  /**
   * `explore`: the deadlocks wanted ("Show this deadlock": one on these locks). A deadlock it rejects ends its
   * schedule like a finished one and the search goes on; none accepted reads as no deadlock. Default: any.
   */
  accept?: (deadlock: Deadlock) => boolean;
  /**
   * `explore`: 'partial-order' (the default) skips orders of steps that cannot lead anywhere new (see
   * scheduler/reduction.ts); 'none' tries every order. Both reach the same deadlocks.
   */
  reduction?: 'none' | 'partial-order';
  /**
   * 'virtual' (the default): timers fire in the order of their due times on the virtual clock, each io completes
   * at its own. 'any': nothing is assumed of time — io latencies and the load of the loop are unknown, so any
   * pending timer or io may complete next. Its runs include every run of 'virtual' and the orders real timing can
   * add; explore's states then hold no clock, so a proof (no deadlock) covers every timing. Times in the trace
   * still advance, and a timer that fires after a later-due one is shown firing late.
   */
  timing?: Timing;
  /** `explore`: told how the search is going, every PROGRESS_EVERY states (the visualizer's worker shows it). */
  onProgress?: (progress: SearchProgress) => void;
  /** `explore`: stop after this many distinct states (default 200 000). */
  maxStates?: number;
  /** `explore`: do not follow a schedule deeper than this many choices (default 10 000). */
  maxDepth?: number;
  /** `fifo`/`random`/replay: stop a run after this many choices (default 100 000). */
  maxChoices?: number;
  /** Tasks that may exist at once (spawns included; default 1 000): a model that spawns forever stops here. */
  maxTasks?: number;
}
