// The textual parts of the page: the verdict line, whether "Show this deadlock" reached its deadlock, the task
// table at the cursor, and the event log (each entry a button: it seeks there and shows the step's line in the editor).
import { counted, describeAction, describeCycle, describeWait, type SimulationResult, type TaskSnapshot } from '../../../scheduler/index';
import { el } from './dom';
import type { Reach } from './explore';

const lockName = (result: SimulationResult, id: string) => result.locks.find((lock) => lock.id === id)?.name ?? id;

/**
 * The verdict line. An exhaustive search covers the model, not the program, when the model approximates it: "(all)"
 * is said only of a model with no approximation.
 */
export function renderVerdict(result: SimulationResult, approximations: number): HTMLElement {
  const exploration = result.exploration;
  const all = approximations === 0 ? ' (all)' : ` (all of a model with ${counted(approximations, 'approximation')}: not every run of the program)`;
  const timing = result.timing === 'any' ? ', timers in any order' : '';
  const searched = exploration ? ` Explored ${counted(exploration.states, 'state')}, ${counted(exploration.schedules, 'schedule')}${timing}${exploration.exhaustive ? all : result.deadlock ? ' before finding it' : ' (bounded: not all)'}.` : '';
  if (result.deadlock) {
    const cycle = describeCycle(result.deadlock.cycle, result);
    return el('div', { className: 'verdict deadlock', attrs: { role: 'status' } }, [
      el('strong', { text: `Deadlock at t=${result.deadlock.time} ms. ` }),
      el('span', { className: 'deadlock-description', text: result.deadlock.description }),
      ...(cycle === '' ? [] : [el('div', { className: 'cycle', text: `Cycle: ${cycle}` })]),
      el('span', { text: searched }),
    ]);
  }
  const text = result.outcome === 'bounded' ? 'Stopped at the step bound.' : 'No deadlock: every task finished.';
  return el('div', { className: 'verdict ok', attrs: { role: 'status' } }, [el('strong', { text }), el('span', { text: searched })]);
}

const quoted = (names: readonly string[]) => names.map((name) => `\`${name}\``).join(' and ');

export function renderReach(reach: Reach): HTMLElement {
  if (reach.reached) {
    return el('div', { className: 'reach reached', attrs: { role: 'status' } }, [
      el('strong', { text: `This is the deadlock on ${quoted(reach.locks)}: ` }),
      el('span', { text: 'the schedule below reaches it, and the wait-for graph draws its cycle at the last step.' }),
    ]);
  }
  const limits = reach.limits.length > 0
    ? [el('p', { text: 'The model approximates the program here:' }), el('ul', { className: 'limits' }, reach.limits.map((limit) => el('li', { text: limit })))]
    : [el('p', { text: 'The model lists no approximation of its own; docs/visualizer.md says what it does not model (values, loops run once, one task per entry point).' })];
  return el('div', { className: 'reach unreached', attrs: { role: 'alert' } }, [
    el('strong', { text: `Could not reach the deadlock on ${quoted(reach.locks)} in this model. ` }),
    el('span', { text: whyNot(reach) }),
    ...limits,
  ]);
}

function whyNot(reach: Reach): string {
  const why = reach.why;
  if (why?.kind === 'missing') return `The model has no lock ${quoted(why.locks)}: no task it runs takes it.`;
  const searched = why?.exploration;
  if (!searched) return '';
  return searched.exhaustive
    ? `No schedule of it deadlocks on these locks (all ${searched.states} states explored). Below: the model's own run.`
    : `The search stopped at its bound after ${searched.states} states without finding one. Below: the model's own run.`;
}

export function renderTaskTable(result: SimulationResult, tasks: TaskSnapshot[]): HTMLTableElement {
  const header = el('tr', {}, ['Task', 'State', 'Holds', 'Waits for'].map((title) => el('th', { text: title, attrs: { scope: 'col' } })));
  const rows = tasks.map((task, id) =>
    el('tr', { attrs: { 'data-task': String(id) } }, [
      el('th', { text: result.tasks[id]!.name, attrs: { scope: 'row' } }),
      el('td', {}, [el('span', { className: `badge state-${task.status}`, text: task.status })]),
      el('td', { text: task.holds.map((lock) => lockName(result, lock)).join(', ') }),
      el('td', { text: describeWait(task.wait, result) }),
    ]),
  );
  return el('table', { className: 'tasks' }, [el('caption', { text: 'Tasks at this step' }), el('thead', {}, [header]), el('tbody', {}, rows)]);
}

export function renderEventLog(result: SimulationResult, cursor: number, choose: (cursor: number) => void): HTMLOListElement {
  const items = result.trace.map((event, i) => {
    const text = `t=${event.time}  ${result.tasks[event.task]!.name} ${describeAction(event.action, result)}`;
    const button = el('button', { className: 'event', text, attrs: { type: 'button', title: event.range ? 'Show this step in the editor' : 'Go to this step' }, on: { click: () => choose(i + 1) } });
    const current = i + 1 === cursor;
    return el('li', { className: `${current ? 'current' : ''}${i + 1 > cursor ? ' future' : ''}`, attrs: current ? { 'aria-current': 'step' } : {} }, [button]);
  });
  return el('ol', { className: 'log', attrs: { 'aria-label': 'Schedule' } }, items);
}
