// Partial-order reduction for explore: in some states one choice alone stands for all of them, because every
// schedule from the state takes it sooner or later and taking it first reaches the same states (a persistent
// set of one). The search then still reaches every end state — every deadlock, and every finished run — that
// the full search reaches, with fewer states on the way. Sleep sets (scheduler/sleep-sets.ts) then skip the orders
// of independent choices that reach what an earlier one did.
//
// The choice used: running a ready task whose next stretch (up to its next await) is independent of everything
// the other tasks can do before it runs. While it waits in the ready queue no timer or io fires (microtasks
// first), so only tasks that are not waiting for a timer or io can move meanwhile, all at the same virtual time —
// unless some task may block the loop, which moves the clock (then the reduction is off under virtual timing).
// The stretch is independent when it touches no lock or event any of those tasks may still touch (their remaining
// steps, what they wait for, and the templates they may spawn), starts a timer only if none of them may start one
// (equal due times fire in start order; under 'any' timing start order decides nothing), and neither spawns (task
// numbers follow spawn order), joins, branches nor finishes a task some parent may join. Starting an io writes
// only the pending io, which the state key holds as a set, and the ready queue is a set to it too: either order of
// two independent stretches gives the same state.
//
// Under virtual timing, timers and io firing are never reduced: each moves the clock, and whatever a task starts
// after it is due relative to that clock, so two completions in the other order are other states. Under 'any'
// timing the state holds no clock: firing a pending task and running its stretch is reduced like running a ready
// one, against every other task that may move first — the pending ones included, since any of them may fire. A
// fired task's stretch runs on through every await that may resume it at once (a lock granted, an event set):
// it is then a microtask, and no other pending task fires before it waits for a timer or io.
import type { Step } from '../model/schema';
import type { Program, SimState } from './engine';
import type { Choice, SimulateOptions, Wait } from './types';

export type Reduction = NonNullable<SimulateOptions['reduction']>;

export interface Reducer {
  /** Choices to explore in a state: all of `choices`, or the one that stands for them. */
  choose(state: SimState, choices: Choice[]): Choice[];
  /** What a run or fire choice's stretch touches, for the sleep sets (scheduler/sleep-sets.ts); undefined: it may touch anything. */
  touched(state: SimState, choice: Choice): Footprint | undefined;
}

const NO_REDUCTION: Reducer = { choose: (_, choices) => choices, touched: () => undefined };

export function reducerFor(program: Program, reduction: Reduction): Reducer {
  const footprints = new Footprints(program);
  const timed = program.timing === 'virtual';
  if (reduction === 'none' || (timed && program.model.tasks.some((template) => footprints.of(template.steps, 0).blocks))) return NO_REDUCTION;
  const runs: Movers = { timed, pendingMove: false };
  const fires: Movers = { timed, pendingMove: true };
  return {
    choose(state, choices) {
      const kind = choices[0]?.kind;
      if (choices.length < 2 || kind === 'branch' || (kind === 'fire' && timed)) return choices;
      const movers = kind === 'fire' ? fires : runs;
      const others = state.tasks.map((task) => (task.status === 'done' || (isPending(task.wait) && !movers.pendingMove) ? undefined : footprints.mayTouch(task)));
      // The lowest task of those that qualify, not the first in queue order: states with one key may hold their
      // ready and pending tasks in other orders, and a state met again must get the same choice (sleep-sets.ts).
      let chosen: Choice | undefined;
      for (const choice of choices) if ((chosen === undefined || choice.task < chosen.task) && runsIndependently(state, choice.task, others, footprints, movers)) chosen = choice;
      return chosen === undefined ? choices : [chosen];
    },
    touched: (state, choice) => (choice.kind === 'branch' ? undefined : footprints.nextStretch(state, choice.task)),
  };
}

/** What can happen before the chosen task moves: whether tasks waiting for a timer or io may fire first. */
interface Movers {
  timed: boolean;
  pendingMove: boolean;
}

/** Locks and events by number (locks first, then events): a bit each for the first 31, a Set beyond them. */
export class Resources {
  private mask = 0;
  private wide: Set<number> | undefined;

  static of(resource: number): Resources {
    const one = new Resources();
    one.add(resource);
    return one;
  }

  static union(a: Resources, b: Resources): Resources {
    const both = new Resources();
    both.mask = a.mask | b.mask;
    if (a.wide || b.wide) both.wide = new Set([...(a.wide ?? []), ...(b.wide ?? [])]);
    return both;
  }

  add(resource: number): void {
    if (resource < 31) this.mask |= 1 << resource;
    else (this.wide ??= new Set()).add(resource);
  }

  has(resource: number): boolean {
    return resource < 31 ? (this.mask & (1 << resource)) !== 0 : this.wide?.has(resource) === true;
  }

  meets(other: Resources): boolean {
    if ((this.mask & other.mask) !== 0) return true;
    if (this.wide === undefined || other.wide === undefined) return false;
    for (const resource of this.wide) if (other.wide.has(resource)) return true;
    return false;
  }
}

/** What steps may do, as far as other tasks can tell: the locks and events they touch, numbered (resourceOf). */
export interface Footprint {
  resources: Resources;
  timers: boolean;
  blocks: boolean;
}

/** A task's next stretch from a place in one step list; `ends`: an await ends it there, before the list's end. */
interface Stretch {
  footprint: Footprint;
  ends: boolean;
}

/** Footprints of step-list suffixes and of stretches, looking through calls, branches and spawned templates; memoized per list. */
class Footprints {
  private readonly suffixes = new WeakMap<readonly Step[], Footprint[]>();
  /** null: the stretch spawns, joins, branches or blocks. One table up to any await, one up to a timer or io. */
  private readonly stretches = [new WeakMap<readonly Step[], (Stretch | null)[]>(), new WeakMap<readonly Step[], (Stretch | null)[]>()];
  constructor(private readonly program: Program) {}

  of(steps: readonly Step[], from: number): Footprint {
    let table = this.suffixes.get(steps);
    if (!table) {
      table = [];
      this.suffixes.set(steps, table);
      // A template that spawns itself reads its own table while it is being filled: empty, and the steps before
      // the spawn are in it anyway.
      table[steps.length] = { resources: new Resources(), timers: false, blocks: false };
      for (let at = steps.length - 1; at >= 0; at--) table[at] = union(this.ofStep(steps[at]!), table[at + 1]!);
    }
    return table[from] ?? table[steps.length]!;
  }

  /**
   * What the task's next stretch touches, up to and including the await that ends it, looking through calls and
   * the ends of calls; undefined when it spawns, joins, branches or finishes a task with a parent. `untilMacrotask`:
   * on through the awaits that may resume it at once (a granted lock, a set event), up to its next timer or io —
   * what it may run before any other pending task can fire, as microtasks run first.
   */
  nextStretch(state: SimState, task: number, untilMacrotask = false): Footprint | undefined {
    const frames = state.tasks[task]!.frames;
    let touched: Footprint | undefined;
    for (let at = frames.length - 1; at >= 0; at--) {
      const stretch = this.stretchFrom(frames[at]!.steps, frames[at]!.index, untilMacrotask);
      if (stretch === null) return undefined;
      touched = touched === undefined ? stretch.footprint : union(touched, stretch.footprint);
      if (stretch.ends) return touched;
    }
    return state.tasks[task]!.info.parent === undefined ? (touched ?? NOTHING) : undefined;
  }

  /** What the task may still touch: its remaining steps (through every frame) and the lock or event it waits for. */
  mayTouch(task: SimState['tasks'][number]): Footprint {
    const frames = task.frames;
    let touched = frames.length === 1 ? this.of(frames[0]!.steps, frames[0]!.index) : frames.reduce<Footprint>((sum, frame) => union(sum, this.of(frame.steps, frame.index)), NOTHING);
    const waited = this.waited(task.wait);
    if (waited !== undefined && !touched.resources.has(waited)) touched = union(touched, { resources: Resources.of(waited), timers: false, blocks: false });
    return touched;
  }

  /** The lock or event a waiting task waits for. */
  private waited(wait: Wait | undefined): number | undefined {
    if (wait?.kind === 'lock') return this.resourceOf('lock', wait.lock);
    return wait?.kind === 'event' ? this.resourceOf('event', wait.event) : undefined;
  }

  private stretchFrom(steps: readonly Step[], from: number, untilMacrotask: boolean): Stretch | null {
    const tables = this.stretches[untilMacrotask ? 1 : 0]!;
    let table = tables.get(steps);
    if (!table) tables.set(steps, (table = []));
    return (table[from] ??= this.stretchOf(steps, from, untilMacrotask));
  }

  private stretchOf(steps: readonly Step[], from: number, untilMacrotask: boolean): Stretch | null {
    const footprint: Footprint = { resources: new Resources(), timers: false, blocks: false };
    for (let at = from; at < steps.length; at++) {
      const step = steps[at]!;
      switch (step.kind) {
        case 'call': {
          const inner = this.stretchFrom(step.steps, 0, untilMacrotask);
          if (inner === null) return null;
          footprint.resources = Resources.union(footprint.resources, inner.footprint.resources);
          footprint.timers ||= inner.footprint.timers;
          if (inner.ends) return { footprint, ends: true };
          break;
        }
        case 'release':
          footprint.resources.add(this.resourceOf('lock', step.lock));
          break;
        case 'signal':
          footprint.resources.add(this.resourceOf('event', step.event));
          break;
        case 'acquire':
          footprint.resources.add(this.resourceOf('lock', step.lock));
          if (!untilMacrotask) return { footprint, ends: true };
          break;
        case 'wait':
          footprint.resources.add(this.resourceOf('event', step.event));
          if (!untilMacrotask) return { footprint, ends: true };
          break;
        case 'timer':
          footprint.timers = true;
          return { footprint, ends: true };
        case 'io':
          return { footprint, ends: true };
        default:
          return null; // spawn, join, branch, block
      }
    }
    return { footprint, ends: false };
  }

  private ofStep(step: Step): Footprint {
    const own: Footprint = { resources: new Resources(), timers: step.kind === 'timer', blocks: step.kind === 'block' };
    switch (step.kind) {
      case 'acquire':
      case 'release':
        own.resources.add(this.resourceOf('lock', step.lock));
        return own;
      case 'wait':
      case 'signal':
        own.resources.add(this.resourceOf('event', step.event));
        return own;
      case 'call':
        return union(own, this.of(step.steps, 0));
      case 'branch':
        return step.alternatives.reduce((sum, alternative) => union(sum, this.of(alternative.steps, 0)), own);
      case 'spawn':
        return union(own, this.of(this.program.templates.get(step.template)!.steps, 0));
      default:
        return own;
    }
  }

  /** Locks are numbered first, then events. */
  private resourceOf(kind: 'lock' | 'event', id: string): number {
    return kind === 'lock' ? this.program.lockIndex.get(id)! : this.program.locks.length + this.program.eventIndex.get(id)!;
  }
}

const NOTHING: Footprint = { resources: new Resources(), timers: false, blocks: false };

function union(a: Footprint, b: Footprint): Footprint {
  return { resources: Resources.union(a.resources, b.resources), timers: a.timers || b.timers, blocks: a.blocks || b.blocks };
}

/**
 * The task's next stretch commutes with every step the tasks that can move before it may take (`others`: what
 * each may touch, undefined for those that cannot move first).
 */
function runsIndependently(state: SimState, task: number, others: readonly (Footprint | undefined)[], footprints: Footprints, { timed, pendingMove }: Movers): boolean {
  // Fired, a task runs on as microtasks through every await that resumes at once before another can fire.
  const stretch = footprints.nextStretch(state, task, pendingMove);
  if (stretch === undefined) return false;
  for (let id = 0; id < others.length; id++) {
    const other = others[id];
    if (id === task || other === undefined) continue;
    if ((timed && stretch.timers && other.timers) || stretch.resources.meets(other.resources)) return false;
  }
  return true;
}

function isPending(wait: Wait | undefined): boolean {
  return wait?.kind === 'timer' || wait?.kind === 'io';
}
