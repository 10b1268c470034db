// Cycles in the lock-order graph. An edge A→B says "B is taken while A is held". A cycle A→B→…→A is a potential
// deadlock: one task per edge, each holding its first lock and waiting for its second. Two junction rules keep the
// search honest: the lock a task waits for must conflict with the way the next task holds it (two shared Web
// Locks do not), and only locks with a known number of holders can close a cycle — a mutex, or a semaphore of
// capacity n once n tasks hold it while waiting for the next lock; a limit that is unknown or unbounded cannot.
import { conflicts } from './describe';
import type { LockEdge } from './lock-analysis';

export class LockGraph {
  private readonly outgoing = new Map<string, LockEdge[]>();
  /** Nestings of one family's members told apart by the fields holding them: `family|outer field>inner field`. */
  private readonly fieldNestings = new Set<string>();

  constructor(edges: readonly LockEdge[]) {
    for (const edge of edges) {
      const fields = nestedFields(edge);
      if (fields) this.fieldNestings.add(`${edge.held.ref.identity.key}|${fields.outer}>${fields.inner}`);
      if (!isExclusiveCapable(edge)) continue;
      const from = edge.held.ref.identity.key;
      if (!this.outgoing.has(from)) this.outgoing.set(from, []);
      this.outgoing.get(from)!.push(edge);
    }
  }

  /**
   * The shortest cycle through `first`: the edges after it, back to its held lock (undefined: none).
   * Breadth-first over locks; each step checks the junction's modes.
   */
  cycleThrough(first: LockEdge): LockEdge[] | undefined {
    if (!isExclusiveCapable(first) || isSelfEdge(first)) return undefined;
    const start = first.held.ref.identity.key;
    const visited = new Set([first.taken.site.ref.identity.key]);
    let frontier: { edge: LockEdge; path: LockEdge[] }[] = [{ edge: first, path: [] }];
    while (frontier.length > 0) {
      const next: typeof frontier = [];
      for (const { edge, path } of frontier) {
        for (const step of this.outgoing.get(edge.taken.site.ref.identity.key) ?? []) {
          if (isSelfEdge(step) || !conflicts(step.held.ref.mode, edge.taken.mode)) continue;
          const reached = step.taken.site.ref.identity.key;
          if (reached === start) {
            if (conflicts(first.held.ref.mode, step.taken.mode)) return [...path, step];
            continue;
          }
          if (visited.has(reached)) continue;
          visited.add(reached);
          next.push({ edge: step, path: [...path, step] });
        }
      }
      frontier = next;
    }
    return undefined;
  }

  /**
   * Two members of a family held in two different fields (`this.preferences` then `this.conversations.v1`), where
   * no code nests them the other way round: the fields fix the order, as lockdep's subclasses do.
   */
  isOrderedByFields(edge: LockEdge): boolean {
    const fields = nestedFields(edge);
    return fields !== undefined && !this.fieldNestings.has(`${edge.held.ref.identity.key}|${fields.inner}>${fields.outer}`);
  }
}

/** For a nesting of one family's members whose instances end in two different fields: the fields' names. */
function nestedFields(edge: LockEdge): { outer: string; inner: string } | undefined {
  if (!isSelfEdge(edge) || !edge.held.ref.identity.family) return undefined;
  const outer = lastField(edge.held.ref.instance);
  const inner = lastField(edge.taken.instance);
  return outer !== undefined && inner !== undefined && outer !== inner ? { outer, inner } : undefined;
}

function lastField(instance: string | undefined): string | undefined {
  return instance === undefined ? undefined : /\.([A-Za-z_$#][\w$]*)$/.exec(instance)?.[1];
}

/** The same lock name at both ends: reentry for one lock, a same-class nesting for a family. */
export function isSelfEdge(edge: LockEdge): boolean {
  return edge.held.ref.identity.key === edge.taken.site.ref.identity.key;
}

/** Both ends are locks whose holders can all be waiting in the cycle: a finite, known capacity (1 for a mutex). */
export function isExclusiveCapable(edge: LockEdge): boolean {
  return Number.isFinite(edge.held.ref.identity.capacity) && Number.isFinite(edge.taken.site.ref.identity.capacity);
}

/** Same-family nesting and reentry need locks one holder at a time can hold. */
function isSingleHolder(edge: LockEdge): boolean {
  return edge.held.ref.identity.capacity === 1 && edge.taken.site.ref.identity.capacity === 1;
}

/**
 * Two members of one family nested: `from.lock` then `to.lock`, `forks[i]` then `forks[j]`. Not a cycle when the
 * function can tell they are the same object (that is reentry).
 */
export function isSameClassNesting(edge: LockEdge): boolean {
  if (!isSelfEdge(edge) || !edge.held.ref.identity.family || !isSingleHolder(edge)) return false;
  if (!conflicts(edge.held.ref.mode, edge.taken.mode)) return false;
  const held = edge.held.ref.instance;
  return held === undefined || held !== edge.taken.instance;
}
