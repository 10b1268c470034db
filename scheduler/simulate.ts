// The policies. `fifo` takes choice 0 (Node's order), `random` a seeded pick, `replay` a given schedule; all three
// run one schedule and record its trace. `explore` searches the schedules depth-first with state hashing, and
// records only the schedule it reports (a deadlock's, or fifo's when none deadlocks).
import type { ConcurrencyModel } from '../model/schema';
import { describeDeadlock } from './deadlock';
import { applyChoice, choicesOf, cloneState, compile, initialState, isFinished, SchedulerError, snapshot, taskInfos, writeStateKey, type Program, type Recorder, type SimState } from './engine';
import { mulberry32, pickIndex } from './prng';
import { reducerFor } from './reduction';
import { extendMove, NO_SLEEPERS, SleptIn, startMove, stillAsleep, type Sleeper } from './sleep-sets';
import { StateKeys, StateTable } from './state-table';
import type { Choice, Exploration, SimulateOptions, SimulationResult, TaskSnapshot, TraceEvent } from './types';

export const DEFAULTS = { seed: 1, maxStates: 200_000, maxDepth: 10_000, maxChoices: 100_000, maxTasks: 1_000 } as const;

export function simulate(model: ConcurrencyModel, options: SimulateOptions = {}): SimulationResult {
  return withTiming(run(compileFor(model, options), options), options);
}

function run(program: Program, options: SimulateOptions): SimulationResult {
  const instances = options.instances ?? {};
  switch (options.policy ?? 'fifo') {
    case 'fifo':
      return { policy: 'fifo', ...runOne(program, instances, () => 0, options.maxChoices ?? DEFAULTS.maxChoices) };
    case 'random': {
      const seed = options.seed ?? DEFAULTS.seed;
      const random = mulberry32(seed);
      return { policy: 'random', seed, ...runOne(program, instances, (choices) => pickIndex(random, choices.length), options.maxChoices ?? DEFAULTS.maxChoices) };
    }
    case 'explore':
      return exploreAndReplay(program, instances, options);
  }
}

/** Runs exactly this schedule (from a previous result), then continues in fifo order if it ends early. */
export function replay(model: ConcurrencyModel, schedule: readonly Choice[], options: SimulateOptions = {}): SimulationResult {
  const program = compileFor(model, options);
  let next = 0;
  const follow = (choices: readonly Choice[]) => {
    const wanted = schedule[next++];
    const at = wanted === undefined ? 0 : choices.findIndex((choice) => sameChoice(choice, wanted));
    if (at === -1) throw new SchedulerError(`the schedule does not fit this model at choice ${next}`);
    return at;
  };
  return withTiming({ policy: options.policy ?? 'explore', ...runOne(program, options.instances ?? {}, follow, options.maxChoices ?? DEFAULTS.maxChoices) }, options);
}

function withTiming(result: SimulationResult, options: SimulateOptions): SimulationResult {
  return options.timing === 'any' ? { ...result, timing: 'any' } : result;
}

function compileFor(model: ConcurrencyModel, options: SimulateOptions): Program {
  for (const name of Object.keys(options.instances ?? {})) {
    if (!model.tasks.some((task) => task.name === name)) throw new SchedulerError(`no task template is named "${name}"`);
  }
  return compile(model, options.maxTasks ?? DEFAULTS.maxTasks, options.timing);
}

function sameChoice(a: Choice, b: Choice): boolean {
  return a.kind === b.kind && a.task === b.task && (a.kind !== 'branch' || a.alternative === (b as typeof a).alternative);
}

type Run = Omit<SimulationResult, 'policy' | 'seed'>;

function runOne(program: Program, instances: Record<string, number>, pick: (choices: readonly Choice[]) => number, maxChoices: number): Run {
  const state = initialState(program, instances);
  const initial = snapshot(state, program);
  const trace: TraceEvent[] = [];
  const record: Recorder = (current, task, action, range) => {
    const event: TraceEvent = { time: current.time, task, action, tasks: snapshot(current, program) };
    if (range) event.range = range;
    trace.push(event);
  };
  const schedule: Choice[] = [];
  for (let choices = choicesOf(state, program); choices.length > 0; choices = choicesOf(state, program)) {
    if (schedule.length >= maxChoices) return finishRun(state, program, initial, trace, schedule, 'bounded');
    const choice = choices[pick(choices)]!;
    schedule.push(choice);
    applyChoice(state, program, choice, record);
  }
  return finishRun(state, program, initial, trace, schedule, isFinished(state) ? 'completed' : 'deadlock');
}

function finishRun(state: SimState, program: Program, initial: TaskSnapshot[], trace: TraceEvent[], schedule: Choice[], outcome: Run['outcome']): Run {
  const run: Run = {
    outcome,
    schedule,
    tasks: taskInfos(state),
    locks: program.locks.map((lock) => (lock.counting ? { id: lock.id, name: lock.name, counting: true } : { id: lock.id, name: lock.name })),
    events: program.events.map((event) => ({ id: event.id, name: event.name })),
    initial,
    trace,
  };
  if (outcome === 'deadlock') run.deadlock = describeDeadlock(state, program);
  return run;
}

// ---- explore ---------------------------------------------------------------------------------------------------

interface SearchNode {
  state: SimState;
  /** Its entry in the table of states seen. */
  entry: number;
  /** No choice is open in it: a schedule ends here (finished, or a deadlock). */
  end: boolean;
  /** The choices to explore from it: those the reduction keeps, less those asleep. */
  choices: Choice[];
  next: number;
  /** The choices asleep in it, then those explored from it so far: the sleep sets of its later children. */
  asleep: Sleeper[];
  /** Schedules from this state to an end, summed as its children finish. */
  schedules: number;
  /** The choices on the path from the node below to this one: its own, and those of the states passed through. */
  steps: number;
}

/** How often a search reports its progress: every this many states (a count, not a clock: the scheduler is pure). */
export const PROGRESS_EVERY = 1_000;

export type SearchOptions = Pick<SimulateOptions, 'accept' | 'reduction' | 'onProgress'>;

export interface SearchResult {
  exploration: Exploration;
  /** The schedule reaching the first deadlock found, if any. */
  deadlockSchedule?: Choice[];
}

/**
 * Depth-first over every choice (or, with `reduction`, over the choices that stand for the others, less those
 * asleep: scheduler/sleep-sets.ts), never expanding a state seen before with no fewer choices asleep; stops at
 * the first deadlock `accept` takes (any, without it) or a bound. Every choice makes progress (a step runs or
 * time advances), so the states form a DAG: a state met again has been finished, and the schedules through it
 * are counted from its stored total instead of being re-walked. A state with one choice to explore (a lone ready
 * task after a grant, or the one the reduction keeps) is passed through, not stored, as SPIN passes through an
 * atomic sequence: met again, it leads to the same stored state, so storing it would merge nothing more.
 * `states` counts the stored ones.
 */
export function search(program: Program, instances: Record<string, number>, maxStates: number, maxDepth: number, { accept, reduction = 'partial-order', onProgress }: SearchOptions = {}): SearchResult {
  const reducer = reducerFor(program, reduction);
  const timed = program.timing === 'virtual';
  const root = initialState(program, instances);
  /** Each state seen, with the schedules from it to an end (0 until it is finished). */
  const seen = new StateTable();
  const sleptIn = new SleptIn();
  const keys = new StateKeys();
  const exploration: Exploration = { states: 0, transitions: 0, schedules: 0, maxDepth: 0, exhaustive: true };
  const stack: SearchNode[] = [];
  const path: Choice[] = [];
  const explore = (node: SearchNode) => {
    stack.push(node);
    exploration.maxDepth = Math.max(exploration.maxDepth, path.length);
  };
  /** Stores the state whose key `keys` holds, and explores it. */
  const enter = (state: SimState, open: Choice[], asleep: Sleeper[], steps: number) => {
    exploration.states++;
    const entry = seen.add(keys.key, 0);
    sleptIn.store(entry, asleep);
    const kept = reducer.choose(state, open);
    const choices = asleep.length === 0 ? kept : kept.filter((choice) => !asleep.some((sleeper) => sleeper.choice === choice));
    explore({ state, entry, end: open.length === 0, choices, next: 0, asleep: asleep.slice(), schedules: 0, steps });
    if (onProgress && exploration.states % PROGRESS_EVERY === 0) onProgress({ states: exploration.states, transitions: exploration.transitions, schedules: coveredSoFar(stack), maxDepth: exploration.maxDepth });
  };
  /** Applies the choice in place; the choices of the state it leads to, before the reduction. */
  const choicesAfter = (state: SimState, choice: Choice) => {
    applyChoice(state, program, choice);
    exploration.transitions++;
    return choicesOf(state, program);
  };
  writeStateKey(root, program.timing, keys);
  enter(root, choicesOf(root, program), NO_SLEEPERS, 0);
  while (stack.length > 0) {
    const node = stack.at(-1)!;
    if (node.end) {
      node.schedules = 1;
      if (!isFinished(node.state) && (!accept || accept(describeDeadlock(node.state, program)))) return { exploration: { ...exploration, schedules: exploration.schedules + 1, exhaustive: false }, deadlockSchedule: path.slice() };
    }
    if (node.next >= node.choices.length) {
      stack.pop();
      path.length -= node.steps;
      seen.setValue(node.entry, node.schedules);
      if (stack.length > 0) stack.at(-1)!.schedules += node.schedules;
      else exploration.schedules = node.schedules;
      continue;
    }
    const choice = node.choices[node.next++]!;
    // The last choice needs no copy: a state is not looked at again once its last child is made.
    const child = node.next === node.choices.length ? node.state : cloneState(node.state);
    const depth = path.length;
    path.push(choice);
    let move = startMove(choice, reducer.touched(child, choice), timed);
    let choices = choicesAfter(child, choice);
    while (choices.length === 1 && path.length < maxDepth) {
      const forced = choices[0]!;
      path.push(forced);
      move = extendMove(move, forced, reducer.touched(child, forced));
      choices = choicesAfter(child, forced);
    }
    if (move) move.end = choices[0]?.kind;
    const asleep = stillAsleep(node.asleep, move, choices, timed);
    if (move) node.asleep.push({ choice, move });
    writeStateKey(child, program.timing, keys);
    const known = seen.find(keys.key);
    if (known !== -1) {
      const awake = sleptIn.awaken(known, asleep);
      const again = awake.length === 0 ? [] : reducer.choose(child, choices).filter((open) => awake.includes(open.task));
      // Met again with choices awake that slept the first time: those are explored now, and add to its schedules.
      if (again.length > 0) explore({ state: child, entry: known, end: false, choices: again, next: 0, asleep: asleep.slice(), schedules: seen.value(known), steps: path.length - depth });
      else {
        path.length = depth;
        node.schedules += seen.value(known);
      }
      continue;
    }
    if (seen.size >= maxStates || path.length > maxDepth) {
      path.length = depth;
      exploration.exhaustive = false;
      if (seen.size >= maxStates) break;
      continue;
    }
    enter(child, choices, asleep, path.length - depth);
  }
  // Stopped by the state bound: count what the unfinished part of the search has covered so far.
  if (stack.length > 0) exploration.schedules = coveredSoFar(stack);
  return { exploration };
}

/** The schedules the finished part of an unfinished search has covered. */
const coveredSoFar = (stack: readonly SearchNode[]) => stack.reduce((sum, node) => sum + node.schedules, 0);

function exploreAndReplay(program: Program, instances: Record<string, number>, options: SimulateOptions): SimulationResult {
  const { exploration, deadlockSchedule } = search(program, instances, options.maxStates ?? DEFAULTS.maxStates, options.maxDepth ?? DEFAULTS.maxDepth, options);
  const maxChoices = options.maxChoices ?? DEFAULTS.maxChoices;
  const schedule = deadlockSchedule ?? [];
  let next = 0;
  // The deadlock's schedule, replayed with a recorder; without one, fifo's run (explore's first schedule).
  const run = runOne(program, instances, (choices) => {
    const wanted = schedule[next++];
    return wanted === undefined ? 0 : choices.findIndex((choice) => sameChoice(choice, wanted));
  }, maxChoices);
  return { policy: 'explore', ...run, exploration };
}
