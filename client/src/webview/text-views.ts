// The textual parts of the page: the verdict line, the task table at the cursor, and the event log (each entry a
// button: it seeks there and shows the step's line in the editor).
import { describeAction, describeWait, type SimulationResult, type TaskSnapshot } from '../../../scheduler/index';
import { el } from './dom';

const lockName = (result: SimulationResult, id: string) => result.locks.find((lock) => lock.id === id)?.name ?? id;

export function renderVerdict(result: SimulationResult): HTMLElement {
  const exploration = result.exploration;
  const searched = exploration ? ` Explored ${exploration.states} states, ${exploration.schedules} schedules${exploration.exhaustive ? ' (all)' : result.deadlock ? ' before finding it' : ' (bounded: not all)'}.` : '';
  if (result.deadlock) {
    const cycle = result.deadlock.cycle.map((edge) => `${result.tasks[edge.task]!.name} → ${edge.lock === undefined ? '(join)' : lockName(result, edge.lock)}`);
    return el('div', { className: 'verdict deadlock', attrs: { role: 'status' } }, [
      el('strong', { text: `Deadlock at t=${result.deadlock.time} ms. ` }),
      el('span', { className: 'deadlock-description', text: result.deadlock.description }),
      ...(cycle.length > 0 ? [el('div', { className: 'cycle', text: `Cycle: ${cycle.join(' → ')} → ${result.tasks[result.deadlock.cycle[0]!.task]!.name}` })] : []),
      el('span', { text: searched }),
    ]);
  }
  const text = result.outcome === 'bounded' ? 'Stopped at the step bound.' : 'No deadlock: every task finished.';
  return el('div', { className: 'verdict ok', attrs: { role: 'status' } }, [el('strong', { text }), el('span', { text: searched })]);
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
