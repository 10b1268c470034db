// Words for events and choices, shared by the CLI's text output and the webview's step list, so both tell the
// same story. Names come from the result (task names, lock names), never from ids.
import type { Action, Choice, SimulationResult, Wait } from './types';

type Names = Pick<SimulationResult, 'tasks' | 'locks'>;

function lockName(names: Names, id: string): string {
  return names.locks.find((lock) => lock.id === id)?.name ?? id;
}

function taskName(names: Names, task: number): string {
  return names.tasks[task]?.name ?? `task ${task}`;
}

/** "acquires accountsMutex", "waits for ledgerMutex", … — the subject (the task) is shown beside it. */
export function describeAction(action: Action, names: Names): string {
  switch (action.kind) {
    case 'start':
      return 'starts';
    case 'acquire': {
      const mode = action.mode === 'shared' ? ' (shared)' : '';
      return action.granted ? `acquires ${lockName(names, action.lock)}${mode}` : `waits for ${lockName(names, action.lock)}${mode}`;
    }
    case 'granted':
      return `is granted ${lockName(names, action.lock)} (released by ${taskName(names, action.by)})`;
    case 'release':
      return action.held ? `releases ${lockName(names, action.lock)}` : `releases ${lockName(names, action.lock)}, which it does not hold`;
    case 'timer':
      return `awaits a ${action.ms} ms timer (due at ${action.due} ms)`;
    case 'io':
      return 'awaits io';
    case 'wake':
      return action.cause === 'join' ? 'resumes: the tasks it awaits have finished' : `resumes: its ${action.cause} completed`;
    case 'resume':
      return 'resumes';
    case 'block':
      return `blocks the event loop for ${action.ms} ms in ${action.call}`;
    case 'call':
      return `calls ${action.function}`;
    case 'spawn':
      return `starts ${taskName(names, action.child)}`;
    case 'join':
      return `awaits ${action.tasks.map((task) => taskName(names, task)).join(', ') || 'nothing'}`;
    case 'branch':
      return `takes branch ${action.label ?? `#${action.alternative + 1}`}`;
    case 'done':
      return action.leaked.length === 0 ? 'finishes' : `finishes still holding ${action.leaked.map((lock) => lockName(names, lock)).join(', ')}`;
  }
}

export function describeChoice(choice: Choice, names: Names): string {
  switch (choice.kind) {
    case 'run':
      return `run ${taskName(names, choice.task)}`;
    case 'fire':
      return `complete ${taskName(names, choice.task)}'s await`;
    case 'branch':
      return `${taskName(names, choice.task)} takes alternative ${choice.alternative + 1}`;
  }
}

export function describeWait(wait: Wait | undefined, names: Names): string {
  if (wait === undefined) return '';
  switch (wait.kind) {
    case 'lock':
      return lockName(names, wait.lock) + (wait.mode === 'shared' ? ' (shared)' : '');
    case 'timer':
      return `timer (due ${wait.due} ms)`;
    case 'io':
      return 'io';
    case 'join':
      return wait.tasks.map((task) => taskName(names, task)).join(', ');
  }
}
