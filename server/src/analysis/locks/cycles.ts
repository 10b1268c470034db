// Cycles in the lock-order graph. An edge A→B says "B is taken while A is held". A cycle A→B→…→A is a potential
// deadlock: one task per edge, each holding its first lock and waiting for its second. Two junction rules keep the
// search honest: the lock a task waits for must conflict with the way the next task holds it (two shared Web
// Locks do not), and only locks with a known number of holders can close a cycle — a mutex, or a semaphore of
// capacity n once n tasks hold it while waiting for the next lock; a limit that is unknown or unbounded cannot.
import { conflicts } from './describe';
import type { LockEdge } from './lock-analysis';
import { stronglyConnectedComponents } from '../strongly-connected';

export class LockGraph {
  /**
   * Per lock, its edges to other locks that can close a cycle. Parallel edges — same locks, same modes — steer a
   * search alike, so only the first of each is kept: the search sees what it saw with all of them, in that order.
   */
  private readonly outgoing = new Map<string, LockEdge[]>();
  /** Nestings of one family's members told apart by the fields holding them: `family|outer field>inner field`. */
  private readonly fieldNestings = new Set<string>();
  /** Each lock's strongly connected component: a cycle never leaves one. */
  private readonly component: Map<string, number>;
  /** The shortest cycle found for each kind of edge (locks and modes): parallel edges share it. */
  private readonly cycles = new Map<string, LockEdge[] | undefined>();

  constructor(edges: readonly LockEdge[]) {
    const kept = new Set<string>();
    for (const edge of edges) {
      const fields = nestedFields(edge);
      if (fields) this.fieldNestings.add(`${edge.held.ref.identity.key}|${fields.outer}>${fields.inner}`);
      if (!isExclusiveCapable(edge) || isSelfEdge(edge)) continue;
      const kind = junctionKey(edge);
      if (kept.has(kind)) continue;
      kept.add(kind);
      const from = edge.held.ref.identity.key;
      if (!this.outgoing.has(from)) this.outgoing.set(from, []);
      this.outgoing.get(from)!.push(edge);
    }
    this.component = stronglyConnectedComponents(this.outgoing.keys(), (lock) => (this.outgoing.get(lock) ?? []).map(takenKey));
  }

  /**
   * The shortest cycle through `first`: the edges after it, back to its held lock (undefined: none). Only an edge
   * inside one strongly connected component can be on a cycle; its cycle is searched for once per kind of edge.
   */
  cycleThrough(first: LockEdge): LockEdge[] | undefined {
    if (!isExclusiveCapable(first) || isSelfEdge(first)) return undefined;
    const component = this.component.get(first.held.ref.identity.key);
    if (component === undefined || component !== this.component.get(takenKey(first))) return undefined;
    const kind = junctionKey(first);
    if (!this.cycles.has(kind)) this.cycles.set(kind, this.shortestCycle(first, component));
    return this.cycles.get(kind);
  }

  /** Breadth-first over the locks of the component; each step checks the junction's modes. */
  private shortestCycle(first: LockEdge, component: number): LockEdge[] | undefined {
    const start = first.held.ref.identity.key;
    const visited = new Set([takenKey(first)]);
    let frontier: { edge: LockEdge; path: LockEdge[] }[] = [{ edge: first, path: [] }];
    while (frontier.length > 0) {
      const next: typeof frontier = [];
      for (const { edge, path } of frontier) {
        for (const step of this.outgoing.get(takenKey(edge)) ?? []) {
          if (!conflicts(step.held.ref.mode, edge.taken.mode)) continue;
          const reached = takenKey(step);
          if (reached === start) {
            if (conflicts(first.held.ref.mode, step.taken.mode)) return [...path, step];
            continue;
          }
          if (visited.has(reached) || this.component.get(reached) !== component) continue;
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

function takenKey(edge: LockEdge): string {
  return edge.taken.site.ref.identity.key;
}

/** What a search reads of an edge: its two locks, the mode the first is held in and the mode the second is taken in. */
function junctionKey(edge: LockEdge): string {
  return JSON.stringify([edge.held.ref.identity.key, edge.held.ref.mode, takenKey(edge), edge.taken.mode]);
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
