// Sleep sets (Godefroid) for explore, beside the persistent sets of reduction.ts: once a choice has been explored
// from a state, a later sibling choice independent of it need not take it again first thing — that order reaches
// what the earlier one did. The explored choice sleeps in the sibling's subtree until a choice dependent on it is
// taken. With state caching, a state met again with fewer choices asleep explores the ones that slept before and
// are awake now. Persistent sets and sleep sets together reach every end state of an acyclic state space (every
// deadlock, every finished run): a sleeping choice is a redundant order, never a missing end.
//
// Independence is judged on what each choice did when it was taken, with the choices passed through after it
// (a move): the tasks it moved and the locks and events their stretches touched. Two moves commute when those are
// disjoint and each leaves the other's kind of choice open — a run leaves the other ready task ready; a fire leaves
// the other pending task pending only if no task is left ready (microtasks run first). A fire's move is a fire and
// what it forces: from a state with no ready task, the same wherever it is taken while asleep. A run's move is
// that one run. Under virtual timing fires never commute: each moves the clock, and what starts after it is due
// relative to that clock.
import { Resources, type Footprint } from './reduction';
import type { Choice } from './types';

/** What one explored choice did. */
export interface Move {
  kind: 'run' | 'fire';
  tasks: number[];
  /** Shared with the stretch's footprint until the move grows: replaced, never changed. */
  resources: Resources;
  timers: boolean;
  /** The kind of the choices open where it ended (undefined: none, the end of a schedule). */
  end: Choice['kind'] | undefined;
}

/** A choice asleep (or explored) in a state, with what it did. */
export interface Sleeper {
  choice: Choice;
  move: Move;
}

/** A move's first step: undefined when it may touch anything (a branch, a spawn, a join, a block, a fire under virtual timing). */
export function startMove(choice: Choice, touched: Footprint | undefined, timed: boolean): Move | undefined {
  if (touched === undefined || choice.kind === 'branch' || (choice.kind === 'fire' && timed)) return undefined;
  return { kind: choice.kind, tasks: [choice.task], resources: touched.resources, timers: touched.timers, end: undefined };
}

/**
 * The move with one more step passed through: a fire's forced steps join it (a forced fire only where one task is
 * pending, so no other fire can be asleep beside it); a run's move is that run alone.
 */
export function extendMove(move: Move | undefined, choice: Choice, touched: Footprint | undefined): Move | undefined {
  if (move === undefined || touched === undefined || move.kind === 'run' || choice.kind === 'branch') return undefined;
  if (!move.tasks.includes(choice.task)) move.tasks.push(choice.task);
  move.resources = Resources.union(move.resources, touched.resources);
  move.timers ||= touched.timers;
  return move;
}

/**
 * The sleepers of a state reached by `move` from one where `asleep` slept (and were explored): those independent
 * of the move and still open there.
 */
export function stillAsleep(asleep: readonly Sleeper[], move: Move | undefined, open: readonly Choice[], timed: boolean): Sleeper[] {
  if (move === undefined || asleep.length === 0) return NO_SLEEPERS;
  const kept = asleep.filter((sleeper) => independent(sleeper.move, move, timed) && open.includes(sleeper.choice));
  return kept.length === 0 ? NO_SLEEPERS : kept;
}

function independent(a: Move, b: Move, timed: boolean): boolean {
  if (a.kind !== b.kind || a.end !== b.kind || b.end !== a.kind) return false;
  if (timed && a.timers && b.timers) return false; // equal due times fire in start order
  if (a.tasks.some((task) => b.tasks.includes(task))) return false;
  return !a.resources.meets(b.resources);
}

export const NO_SLEEPERS: Sleeper[] = [];

/**
 * The tasks whose choices slept in each stored state when it was explored, by its entry in the table of states:
 * a bit per task while they are below 31 (one number a state), a list beyond.
 */
export class SleptIn {
  private masks = new Int32Array(1 << 10);
  private readonly lists = new Map<number, readonly number[]>();

  /** A state stored now, with its sleepers. */
  store(entry: number, asleep: readonly Sleeper[]): void {
    if (entry >= this.masks.length) {
      const grown = new Int32Array(Math.max(entry + 1, this.masks.length * 2));
      grown.set(this.masks);
      this.masks = grown;
    }
    this.set(entry, asleep.map((sleeper) => sleeper.choice.task));
  }

  /**
   * A stored state met again with `asleep`: the tasks that slept before and are awake now, to explore; the state
   * keeps only the sleepers asleep both times.
   */
  awaken(entry: number, asleep: readonly Sleeper[]): number[] {
    const before = this.get(entry);
    if (before.length === 0) return [];
    const isAsleep = (task: number) => asleep.some((sleeper) => sleeper.choice.task === task);
    const awake = before.filter((task) => !isAsleep(task));
    if (awake.length > 0) this.set(entry, before.filter(isAsleep));
    return awake;
  }

  private set(entry: number, tasks: readonly number[]): void {
    this.lists.delete(entry);
    if (tasks.every((task) => task < 31)) this.masks[entry] = tasks.reduce((mask, task) => mask | (1 << task), 0);
    else {
      this.masks[entry] = -1;
      this.lists.set(entry, tasks);
    }
  }

  private get(entry: number): readonly number[] {
    const mask = this.masks[entry]!;
    if (mask === -1) return this.lists.get(entry)!;
    const tasks: number[] = [];
    for (let task = 0; mask >>> task !== 0; task++) if (mask & (1 << task)) tasks.push(task);
    return tasks;
  }
}
