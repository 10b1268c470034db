// One lane per task, one column per trace event, each cell coloured by the task's state after that event; a time
// row above marks where virtual time moves. Columns after the cursor are faded; clicking a column seeks there.
import type { SimulationResult, TaskSnapshot } from '../../../scheduler/index';
import { describeAction, describeWait } from '../../../scheduler/index';
import { svg, svgTitle } from './dom';

const CELL = 14;
const ROW = 22;
const LABEL = 150;
const AXIS = 20;

/** The snapshot column k shows: 0 is the start, k the state after event k-1. */
export function snapshotAt(result: SimulationResult, cursor: number): TaskSnapshot[] {
  return cursor === 0 ? result.initial : result.trace[cursor - 1]!.tasks;
}

export function renderLanes(result: SimulationResult, cursor: number, seek: (cursor: number) => void): SVGSVGElement {
  const columns = result.trace.length + 1;
  const width = LABEL + columns * CELL + 10;
  const height = AXIS + result.tasks.length * ROW + 4;
  const root = svg('svg', { class: 'lanes', width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': 'Task states over the schedule' });
  root.append(timeAxis(result), ...result.tasks.map((task, row) => laneLabel(task.name, row)));
  for (let column = 0; column < columns; column++) root.append(columnCells(result, column, cursor, seek));
  root.append(svg('rect', { class: 'cursor', x: LABEL + cursor * CELL - 1, y: AXIS - 4, width: CELL + 2, height: height - AXIS + 2 }));
  return root;
}

function timeAxis(result: SimulationResult): SVGGElement {
  const axis = svg('g', { class: 'axis' });
  axis.append(svg('text', { x: 4, y: AXIS - 6 }, ['t (ms)']));
  let last = Number.NaN;
  result.trace.forEach((event, i) => {
    if (event.time === last) return;
    last = event.time;
    const x = LABEL + (i + 1) * CELL;
    axis.append(svg('line', { x1: x, x2: x, y1: AXIS - 4, y2: AXIS }), svg('text', { x: x + 2, y: AXIS - 6 }, [String(event.time)]));
  });
  return axis;
}

/** The name, shortened to fit, with the full name as its tooltip. */
function laneLabel(name: string, row: number): SVGGElement {
  const label = svg('text', { class: 'lane-label', x: 4, y: AXIS + row * ROW + ROW / 2 + 4 });
  label.textContent = name.length > 20 ? `${name.slice(0, 19)}…` : name;
  return svg('g', { class: 'lane' }, [svgTitle(name), label]);
}

function columnCells(result: SimulationResult, column: number, cursor: number, seek: (cursor: number) => void): SVGGElement {
  const event = column === 0 ? undefined : result.trace[column - 1];
  const group = svg('g', { class: column > cursor ? 'column future' : 'column', 'data-column': column });
  const tooltip = event ? `t=${event.time} ${result.tasks[event.task]!.name} ${describeAction(event.action, result)}` : 'start';
  snapshotAt(result, column).forEach((task, row) => {
    const cell = svg('rect', { class: `cell state-${task.status}${event?.task === row ? ' actor' : ''}`, x: LABEL + column * CELL, y: AXIS + row * ROW + 3, width: CELL - 1, height: ROW - 6, 'data-task': row });
    const waits = task.wait ? ` (waits for ${describeWait(task.wait, result)})` : '';
    cell.append(svgTitle(`${result.tasks[row]!.name}: ${task.status}${waits} — ${tooltip}`));
    group.append(cell);
  });
  group.addEventListener('click', () => seek(column));
  return group;
}
