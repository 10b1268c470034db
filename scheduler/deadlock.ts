// Names a deadlock: who waits for whom, and the cycle among them. The wait-for graph has an edge from a task
// to each task it needs to move first — the conflicting holders of the lock it waits for (or, when nobody
// conflicting holds it, the waiters queued ahead of it), or the unfinished tasks it joins. An event, or a
// permit of a counting semaphore, has no holder: its waiter needs any unfinished task whose remaining steps
// may still set or release it (looking through branches, calls and the templates it may still spawn).
import type { Step } from '../model/schema';
import type { Program, SimState } from './engine';
import { lockTable, remainingSteps, snapshot, taskInfos } from './engine';
import type { Deadlock, WaitForEdge } from './types';

export function describeDeadlock(state: SimState, program: Program): Deadlock {
  const edges = waitForEdges(state, program);
  const stuck = state.tasks.flatMap((task, id) => (task.status === 'done' ? [] : [id]));
  const cycle = findCycle(stuck, edges);
  return { time: state.time, cycle, stuck, description: explain(state, program, cycle, edges, stuck) };
}

function waitForEdges(state: SimState, program: Program): Map<number, WaitForEdge[]> {
  const edges = new Map<number, WaitForEdge[]>();
  const locks = lockTable(state);
  state.tasks.forEach((task, id) => {
    const wait = task.wait;
    if (task.status === 'done' || wait === undefined) return;
    if (wait.kind === 'join') {
      const unfinished = wait.tasks.filter((child) => state.tasks[child]!.status !== 'done');
      edges.set(id, unfinished.map((child) => ({ task: id, holder: child })));
      return;
    }
    if (wait.kind === 'event') {
      const setters = mayStillRun(state, program, (step) => step.kind === 'signal' && step.event === wait.event);
      edges.set(id, setters.map((holder) => ({ task: id, event: wait.event, holder, potential: true })));
      return;
    }
    if (wait.kind !== 'lock') return;
    const index = program.lockIndex.get(wait.lock)!;
    if (program.locks[index]!.counting) {
      const releasers = mayStillRun(state, program, (step) => step.kind === 'release' && step.lock === wait.lock);
      edges.set(id, releasers.map((holder) => ({ task: id, lock: wait.lock, holder, potential: true })));
      return;
    }
    const lock = locks[index]!;
    const conflicting = lock.holders.filter((holder) => wait.mode === 'exclusive' || holder.mode === 'exclusive');
    const ahead = lock.queue.slice(0, lock.queue.findIndex((waiter) => waiter.task === id));
    const blockers = conflicting.length > 0 ? conflicting.map((holder) => holder.task) : ahead.map((waiter) => waiter.task);
    // Its own permit of a semaphore last: the cycle then runs through the other holders, which is what happened.
    const ordered = [...new Set(blockers)].sort((a, b) => Number(a === id) - Number(b === id));
    edges.set(id, ordered.map((holder) => ({ task: id, lock: wait.lock, holder })));
  });
  return edges;
}

/** The unfinished tasks that may still run a step `matches` takes, themselves or in a task they may still spawn. */
function mayStillRun(state: SimState, program: Program, matches: (step: Step) => boolean): number[] {
  return state.tasks.flatMap((task, id) => {
    if (task.status === 'done') return [];
    const spawned = new Set<string>();
    return remainingSteps(state, id).some((steps) => anyMayRun(steps, matches, program, spawned)) ? [id] : [];
  });
}

/** `spawned`: templates already looked through, so a template that spawns itself is read once. */
function anyMayRun(steps: readonly Step[], matches: (step: Step) => boolean, program: Program, spawned: Set<string>): boolean {
  return steps.some((step) => {
    if (matches(step)) return true;
    switch (step.kind) {
      case 'call':
        return anyMayRun(step.steps, matches, program, spawned);
      case 'branch':
        return step.alternatives.some((alternative) => anyMayRun(alternative.steps, matches, program, spawned));
      case 'spawn':
        if (spawned.has(step.template)) return false;
        spawned.add(step.template);
        return anyMayRun(program.templates.get(step.template)!.steps, matches, program, spawned);
      default:
        return false;
    }
  });
}

/** The first cycle reachable from the stuck tasks, in task order: deterministic, so reports are stable. */
function findCycle(stuck: readonly number[], edges: Map<number, WaitForEdge[]>): WaitForEdge[] {
  const finished = new Set<number>();
  for (const start of stuck) {
    const path: WaitForEdge[] = [];
    const onPath = new Map<number, number>(); // task → its edge's index in path
    const visit = (task: number): WaitForEdge[] | undefined => {
      if (finished.has(task)) return undefined;
      onPath.set(task, path.length);
      for (const edge of edges.get(task) ?? []) {
        path.push(edge);
        const back = onPath.get(edge.holder);
        if (back !== undefined) return path.slice(back);
        const found = visit(edge.holder);
        if (found) return found;
        path.pop();
      }
      onPath.delete(task);
      finished.add(task);
      return undefined;
    };
    const cycle = visit(start);
    if (cycle) return cycle;
  }
  return [];
}

function explain(state: SimState, program: Program, cycle: readonly WaitForEdge[], edges: Map<number, WaitForEdge[]>, stuck: readonly number[]): string {
  const names = taskInfos(state).map((info) => info.name);
  const lockOf = (id: string) => program.locks[program.lockIndex.get(id)!]!;
  const lockName = (id: string) => lockOf(id).name;
  const eventName = (id: string) => program.events[program.eventIndex.get(id)!]!.name;
  const tasks = snapshot(state, program);
  const holding = (task: number) => (tasks[task]!.holds.length > 0 ? ` holds ${tasks[task]!.holds.map(lockName).join(', ')} and` : '');
  /** What a task waiting for an event or a counting semaphore's permit waits for, and what must happen to it. */
  const unheld = (task: number): { what: string; verb: string } | undefined => {
    const wait = state.tasks[task]!.wait;
    if (wait?.kind === 'event') return { what: eventName(wait.event), verb: 'set' };
    if (wait?.kind === 'lock' && lockOf(wait.lock).counting) return { what: lockName(wait.lock), verb: 'release' };
    return undefined;
  };
  /** "consumer holds mutex and waits for full, which only producer may release". */
  const waitsForUnheld = (task: number, { what, verb }: { what: string; verb: string }) => {
    const who = (edges.get(task) ?? []).map((edge) => names[edge.holder]);
    const by = who.length === 0 ? `no task will ${verb}` : `only ${who.join(' or ')} may ${verb}`;
    return `${names[task]}${holding(task)} waits for ${what}, which ${by}`;
  };
  /** "copyJob(1) holds pool and waits for pool, whose 3 permits are held by copyJob(0), itself and copyJob(2)". */
  const permitsText = (edge: WaitForEdge, lock: string) => {
    const holders = (edges.get(edge.task) ?? []).filter((other) => other.lock === lock).map((other) => (other.holder === edge.task ? 'itself' : names[other.holder]));
    return `${names[edge.task]}${holding(edge.task)} waits for ${lockName(lock)}, whose ${lockOf(lock).capacity} permits are held by ${holders.join(', ')}`;
  };
  const edgeText = (edge: WaitForEdge) =>
    edge.potential
      ? waitsForUnheld(edge.task, unheld(edge.task)!)
      : edge.lock === undefined
        ? `${names[edge.task]}${holding(edge.task)} waits for ${names[edge.holder]} to finish`
        : (lockOf(edge.lock).capacity ?? 1) > 1
          ? permitsText(edge, edge.lock)
          : edge.holder === edge.task
          ? `${names[edge.task]}${holding(edge.task)} waits for ${lockName(edge.lock)}, which it holds itself (not reentrant)`
          : `${names[edge.task]}${holding(edge.task)} waits for ${lockName(edge.lock)}, held by ${names[edge.holder]}`;
  if (cycle.length > 0) return cycle.map(edgeText).join('; ');
  // No cycle: somebody waits for a task that has finished without releasing (a leak), for an event or a permit
  // nobody left will set or release, or for such a waiter.
  const deadEnds = stuck.flatMap((task) => {
    const out = edges.get(task) ?? [];
    const waited = unheld(task);
    if (waited && out.length === 0) return [waitsForUnheld(task, waited)];
    return out.filter((edge) => state.tasks[edge.holder]!.status === 'done').map((edge) => `${edgeText(edge)}, which finished without releasing it`);
  });
  if (deadEnds.length > 0) return deadEnds.join('; ');
  return `${stuck.map((task) => names[task]).join(', ')} can never continue`;
}
