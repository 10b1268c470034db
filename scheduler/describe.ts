// Words for events and choices, shared by the CLI's text output and the webview's step list, so both tell the
// same story. Names come from the result (task, lock and event names), never from ids.
import type { Action, Choice, SimulationResult, Wait, WaitForEdge } from './types';

type Names = Pick<SimulationResult, 'tasks' | 'locks' | 'events'>;

export function lockName(names: Names, id: string): string {
  return names.locks.find((lock) => lock.id === id)?.name ?? id;
}

export function eventName(names: Names, id: string): string {
  return names.events.find((event) => event.id === id)?.name ?? id;
}

/** A counting semaphore's permits are taken and given back, never held: its words say so. */
function isCounting(names: Names, id: string): boolean {
  return names.locks.some((lock) => lock.id === id && lock.counting === true);
}

const permitsText = (permits: number | undefined, state: string) => (permits === undefined ? '' : ` (${permits} ${state})`);

function taskName(names: Names, task: number): string {
  return names.tasks[task]?.name ?? `task ${task}`;
}

/** "1 schedule", "24 schedules" (the nouns the verdicts count all take an s). */
export function counted(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** "acquires accountsMutex", "waits for ledgerMutex", … — the subject (the task) is shown beside it. */
export function describeAction(action: Action, names: Names): string {
  switch (action.kind) {
    case 'start':
      return 'starts';
    case 'acquire': {
      if (isCounting(names, action.lock)) {
        return action.granted ? `takes a permit of ${lockName(names, action.lock)}${permitsText(action.permits, 'left')}` : `waits for a permit of ${lockName(names, action.lock)}`;
      }
      const mode = action.mode === 'shared' ? ' (shared)' : '';
      return action.granted ? `acquires ${lockName(names, action.lock)}${mode}` : `waits for ${lockName(names, action.lock)}${mode}`;
    }
    case 'granted':
      return isCounting(names, action.lock)
        ? `is granted a permit of ${lockName(names, action.lock)} (released by ${taskName(names, action.by)})`
        : `is granted ${lockName(names, action.lock)} (released by ${taskName(names, action.by)})`;
    case 'release':
      if (isCounting(names, action.lock)) return `gives back a permit of ${lockName(names, action.lock)}${permitsText(action.permits, 'free')}`;
      if (action.held) return `releases ${lockName(names, action.lock)}`;
      return action.permits === undefined
        ? `releases ${lockName(names, action.lock)}, which it does not hold`
        : `releases ${lockName(names, action.lock)}, which it does not hold: one permit more${permitsText(action.permits, 'free')}`;
    case 'timer':
      return `awaits a ${action.ms} ms timer (due at ${action.due} ms)`;
    case 'io':
      return 'awaits io';
    case 'wake':
      if (action.cause === 'event') return `resumes: ${eventName(names, action.event)} is set`;
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
    case 'wait':
      return action.set ? `awaits ${eventName(names, action.event)}, already set` : `waits for ${eventName(names, action.event)}`;
    case 'signal': {
      const woke = action.woke.map((task) => taskName(names, task)).join(', ');
      return `sets ${eventName(names, action.event)}${woke === '' ? '' : `, waking ${woke}`}`;
    }
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

/** "transfer → ledgerMutex → audit → accountsMutex → transfer": each task of the cycle, then what it waits for. */
export function describeCycle(cycle: readonly WaitForEdge[], names: Names): string {
  if (cycle.length === 0) return '';
  const waitedFor = (edge: WaitForEdge) => (edge.event !== undefined ? eventName(names, edge.event) : edge.lock !== undefined ? lockName(names, edge.lock) : '(join)');
  return `${cycle.map((edge) => `${taskName(names, edge.task)} → ${waitedFor(edge)}`).join(' → ')} → ${taskName(names, cycle[0]!.task)}`;
}

export function describeWait(wait: Wait | undefined, names: Names): string {
  if (wait === undefined) return '';
  switch (wait.kind) {
    case 'lock':
      if (isCounting(names, wait.lock)) return `a permit of ${lockName(names, wait.lock)}`;
      return lockName(names, wait.lock) + (wait.mode === 'shared' ? ' (shared)' : '');
    case 'timer':
      return `timer (due ${wait.due} ms)`;
    case 'io':
      return 'io';
    case 'join':
      return wait.tasks.map((task) => taskName(names, task)).join(', ');
    case 'event':
      return `event ${eventName(names, wait.event)}`;
  }
}
