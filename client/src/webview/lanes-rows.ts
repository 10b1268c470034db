// Which lanes the view draws. Instances of one template that went through the same states in the same order
// (`transfer#1` … `transfer#20`, each a step or two after the other) are one group; a folded group is one lane,
// "transfer ×20", drawn as how many of them are in each state. Groups fold by default only when there are more
// than FOLD_ABOVE lanes: a handful of lanes reads fine, and folding there would hide the instance that differs.
import type { SimulationResult, TaskStatus } from '../../../scheduler/index';

export const FOLD_ABOVE = 8;

export type LaneRow =
  | { kind: 'task'; task: number; group?: LaneGroup }
  | { kind: 'folded'; group: LaneGroup };

export interface LaneGroup {
  /** Stable across steps and runs of the same model: the template and the states' sequence. */
  key: string;
  template: string;
  tasks: number[];
  expanded: boolean;
}

/** A task's status in a column; undefined before it was spawned. */
export function statusAt(result: SimulationResult, column: number, task: number): TaskStatus | undefined {
  return (column === 0 ? result.initial : result.trace[column - 1]!.tasks)[task]?.status;
}

/** The rows in task order, a group at its first member. `expanded`: the user's choices by group key (a Map: the keys hold user names). */
export function laneRows(result: SimulationResult, expanded: ReadonlyMap<string, boolean>): LaneRow[] {
  const groups = groupsOf(result, expanded);
  const groupOf = new Map(groups.flatMap((group) => group.tasks.map((task) => [task, group] as const)));
  const rows: LaneRow[] = [];
  result.tasks.forEach((_, task) => {
    const group = groupOf.get(task);
    if (!group) rows.push({ kind: 'task', task });
    else if (group.expanded) rows.push({ kind: 'task', task, group });
    else if (group.tasks[0] === task) rows.push({ kind: 'folded', group });
  });
  return rows;
}

function groupsOf(result: SimulationResult, expanded: ReadonlyMap<string, boolean>): LaneGroup[] {
  const byKey = new Map<string, LaneGroup>();
  const foldByDefault = result.tasks.length > FOLD_ABOVE;
  result.tasks.forEach((info, task) => {
    const key = `${info.template}\n${stateSequence(result, task)}`;
    const group = byKey.get(key) ?? { key, template: info.template, tasks: [], expanded: expanded.get(key) ?? !foldByDefault };
    group.tasks.push(task);
    byKey.set(key, group);
  });
  return [...byKey.values()].filter((group) => group.tasks.length > 1);
}

/** The states a task went through, each once per stretch: equal for instances that differ only in timing. */
function stateSequence(result: SimulationResult, task: number): string {
  const states: string[] = [];
  for (let column = 0; column <= result.trace.length; column++) {
    const status = statusAt(result, column, task) ?? 'absent';
    if (states.at(-1) !== status) states.push(status);
  }
  return states.join(' ');
}

/** How many of the tasks are in each state in a column, in a fixed order (absent ones left out). */
export function stateCounts(result: SimulationResult, column: number, tasks: readonly number[]): [TaskStatus, number][] {
  const counts = new Map<TaskStatus, number>();
  for (const task of tasks) {
    const status = statusAt(result, column, task);
    if (status) counts.set(status, (counts.get(status) ?? 0) + 1);
  }
  return STATUS_ORDER.filter((status) => counts.has(status)).map((status) => [status, counts.get(status)!]);
}

export const STATUS_ORDER: readonly TaskStatus[] = ['running', 'ready', 'waiting', 'blocked', 'done'];
