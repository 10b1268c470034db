// Names a deadlock: who waits for whom, and the cycle among them. The wait-for graph has an edge from a task
// to each task it needs to move first — the conflicting holders of the lock it waits for (or, when nobody
// conflicting holds it, the waiters queued ahead of it), or the unfinished tasks it joins.
import type { Program, SimState } from './engine';
import { lockTable, snapshot, taskInfos } from './engine';
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
    if (wait.kind !== 'lock') return;
    const lock = locks[program.lockIndex.get(wait.lock)!]!;
    const conflicting = lock.holders.filter((holder) => wait.mode === 'exclusive' || holder.mode === 'exclusive');
    const ahead = lock.queue.slice(0, lock.queue.findIndex((waiter) => waiter.task === id));
    const blockers = conflicting.length > 0 ? conflicting.map((holder) => holder.task) : ahead.map((waiter) => waiter.task);
    edges.set(id, [...new Set(blockers)].map((holder) => ({ task: id, lock: wait.lock, holder })));
  });
  return edges;
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
  const lockName = (id: string) => program.locks[program.lockIndex.get(id)!]!.name;
  const tasks = snapshot(state, program);
  const holding = (task: number) => (tasks[task]!.holds.length > 0 ? ` holds ${tasks[task]!.holds.map(lockName).join(', ')} and` : '');
  const edgeText = (edge: WaitForEdge) =>
    edge.lock === undefined
      ? `${names[edge.task]}${holding(edge.task)} waits for ${names[edge.holder]} to finish`
      : edge.holder === edge.task
        ? `${names[edge.task]}${holding(edge.task)} waits for ${lockName(edge.lock)}, which it holds itself (not reentrant)`
        : `${names[edge.task]}${holding(edge.task)} waits for ${lockName(edge.lock)}, held by ${names[edge.holder]}`;
  if (cycle.length > 0) return cycle.map(edgeText).join('; ');
  // No cycle: somebody waits for a task that has finished without releasing (a leak), or for such a waiter.
  const leaks = stuck.flatMap((task) => edges.get(task) ?? []).filter((edge) => state.tasks[edge.holder]!.status === 'done');
  if (leaks.length > 0) return leaks.map((edge) => `${edgeText(edge)}, which finished without releasing it`).join('; ');
  return `${stuck.map((task) => names[task]).join(', ')} can never continue`;
}
