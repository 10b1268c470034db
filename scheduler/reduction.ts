// Partial-order reduction for explore: in some states one choice alone stands for all of them, because every
// schedule from the state takes it sooner or later and taking it first reaches the same states (a persistent
// set of one). The search then still reaches every end state — every deadlock, and every finished run — that
// the full search reaches, with fewer states on the way.
//
// The one such choice used: running a ready task whose next stretch, up to its next await, only starts an io
// (looking through calls and the ends of calls), or only finishes a task nobody can join. While the task waits
// in the ready queue no timer or io fires (microtasks first), so what other tasks do meanwhile runs at the same
// virtual time — unless a task may block the loop, which moves the clock (then the reduction is off). Starting
// an io reads nothing another task writes and writes only the pending io, which other tasks' microtasks never
// read, and which the state key holds as a set: either order gives the same state. Finishing reads nothing, and
// writes only the task's own status, which only its joiners (its parent) read.
import type { Step } from '../model/schema';
import { remainingSteps, type Program, type SimState } from './engine';
import type { Choice, SimulateOptions } from './types';

export type Reduction = NonNullable<SimulateOptions['reduction']>;

/** Choices to explore in a state: all of `choices`, or the one that stands for them. */
export type Reducer = (state: SimState, choices: Choice[]) => Choice[];

export function reducerFor(program: Program, reduction: Reduction): Reducer {
  if (reduction === 'none' || program.model.tasks.some((template) => mayBlock(template.steps))) return (_, choices) => choices;
  return (state, choices) => {
    if (choices.length < 2 || choices[0]!.kind !== 'run') return choices;
    const invisible = choices.find((choice) => runsInvisibly(state, choice.task));
    return invisible ? [invisible] : choices;
  };
}

function mayBlock(steps: readonly Step[]): boolean {
  return steps.some((step) => step.kind === 'block' || (step.kind === 'call' && mayBlock(step.steps)) || (step.kind === 'branch' && step.alternatives.some((alternative) => mayBlock(alternative.steps))));
}

/** The ready task's next stretch only starts an io, or finishes a task without a parent to join it. */
function runsInvisibly(state: SimState, task: number): boolean {
  for (const frame of remainingSteps(state, task)) {
    const next = firstStep(frame);
    if (next === 'call-end') continue;
    return next === 'io';
  }
  return state.tasks[task]!.info.parent === undefined;
}

/** What a stretch of steps begins with, looking into calls: an io, the end of the stretch, or something else. */
function firstStep(steps: readonly Step[]): 'io' | 'call-end' | 'other' {
  for (const step of steps) {
    if (step.kind !== 'call') return step.kind === 'io' ? 'io' : 'other';
    const inner = firstStep(step.steps);
    if (inner !== 'call-end') return inner;
  }
  return 'call-end';
}
