// Semaphores used as counters (a bounded buffer's free and filled slots): some task releases a permit it did not
// take on that path — the producer's `filled.release()` — so nobody owns one (LockDecl.counting). Read from the
// model's own steps, path by path (each alternative of a branch, inlined calls in place), not from any name.
import type { Step } from '../../../../model/schema';

/** Permits taken and not yet given back, per lock, on one path so far. */
type Held = ReadonlyMap<string, number>;

/** The locks some path of some template releases more often than it has acquired them by then. */
export function countingSemaphores(templates: readonly { steps: readonly Step[] }[]): Set<string> {
  const counting = new Set<string>();
  for (const template of templates) walk(template.steps, [new Map()], counting);
  return counting;
}

/** The states the steps end in from each of `states` (equal states merged, so paths through branches do not multiply). */
function walk(steps: readonly Step[], states: readonly Held[], counting: Set<string>): Held[] {
  let current = states;
  for (const step of steps) {
    if (step.kind === 'call') current = walk(step.steps, current, counting);
    else if (step.kind === 'branch') current = distinct(step.alternatives.flatMap((alternative) => walk(alternative.steps, current, counting)));
    else if (step.kind === 'acquire' || step.kind === 'release') current = current.map((held) => counted(held, step.lock, step.kind === 'acquire' ? 1 : -1, counting));
  }
  return [...current];
}

function counted(held: Held, lock: string, change: 1 | -1, counting: Set<string>): Held {
  const permits = held.get(lock) ?? 0;
  if (change < 0 && permits === 0) {
    counting.add(lock);
    return held;
  }
  return new Map([...held, [lock, permits + change]]);
}

function distinct(states: readonly Held[]): Held[] {
  const byKey = new Map(states.map((held) => [JSON.stringify([...held].filter(([, permits]) => permits > 0).sort()), held]));
  return [...byKey.values()];
}
