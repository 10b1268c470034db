// The lanes: one row per task (or per folded group of identical instances), its states as spans over the
// columns; above them the time axis and the "event loop" band, where each blocking call stalls everyone; arrows
// from the task that released a lock or set an event to each task it woke. Columns are steps, or virtual time
// (zoom: buttons, +/−, Ctrl+wheel; pan: scroll). The labels sit outside the horizontal scroller, so they stay
// put. The page rebuilds the view on every step: the view keeps its scroll and moves it only to show the cursor.
import { describeAction, describeWait, eventName, lockName, type SimulationResult, type TaskSnapshot } from '../../../scheduler/index';
import { button, el, svg, svgTitle } from './dom';
import { clampScale, ColumnLayout, fitScale, STEP_WIDTH, stepTicks, TIME_STEP_WIDTH, timeTicks, type LanesMode } from './lanes-layout';
import { laneRows, stateCounts, type LaneGroup, type LaneRow } from './lanes-rows';
import { revealWithin } from './scroll';

const ROW = 22;
const LABEL = 150;
const AXIS = 20;
const BAND = 20;
const TOP = AXIS + BAND;
const ZOOM_STEP = 1.5;

/** The snapshot column k shows: 0 is the start, k the state after event k-1. */
export function snapshotAt(result: SimulationResult, cursor: number): TaskSnapshot[] {
  return cursor === 0 ? result.initial : result.trace[cursor - 1]!.tasks;
}

/** The virtual time at which each column's state begins. */
const columnStarts = (result: SimulationResult) => [0, ...result.trace.map((event) => event.time)];

const shortened = (name: string) => (name.length > 20 ? `${name.slice(0, 19)}…` : name);
const rowMiddle = (row: number) => TOP + row * ROW + ROW / 2;

export class LanesView {
  private mode: LanesMode = 'steps';
  /** Time mode's pixels per ms; undefined: fit the run to the view's width. */
  private scale: number | undefined;
  /** Folded or not, by group key, as the user chose (a Map: the keys hold user names). */
  private readonly expanded = new Map<string, boolean>();
  private scroller: HTMLElement | undefined;
  private layout: ColumnLayout | undefined;
  private cursor = 0;
  private savedLeft = 0;
  /** After a zoom or a change of mode: keep this column where it was on screen. */
  private anchor: { column: number; offset: number } | undefined;

  constructor(
    private readonly seek: (cursor: number) => void,
    private readonly redraw: () => void,
  ) {}

  /** Call while the previous view is still in the page: its scroll is read here. */
  render(result: SimulationResult, cursor: number): HTMLElement {
    this.savedLeft = this.scroller?.scrollLeft ?? 0;
    const starts = columnStarts(result);
    const width = this.scroller?.clientWidth || window.innerWidth - LABEL - 48;
    const layout = new ColumnLayout(starts, this.mode, this.mode === 'time' ? (this.scale ?? fitScale(starts, width)) : 0);
    const rows = laneRows(result, this.expanded);
    const scroller = el('div', { className: 'lanes-scroll' }, [this.lanes(result, rows, layout, cursor)]);
    scroller.addEventListener('wheel', (event) => this.onWheel(event), { passive: false });
    Object.assign(this, { scroller, layout, cursor });
    return el('section', { className: 'lanes-box', attrs: { 'aria-label': 'Lanes' } }, [this.toolbar(), el('div', { className: 'lanes-frame' }, [this.labels(result, rows), scroller])]);
  }

  /** Once the view is in the page: the scroll it had, moved (when the cursor `moved`) only as far as it takes to show the cursor. */
  attached(moved: boolean): void {
    const { scroller, layout, anchor } = this;
    if (!scroller || !layout) return;
    this.anchor = undefined;
    if (anchor) scroller.scrollLeft = layout.left(anchor.column) - anchor.offset;
    else scroller.scrollLeft = this.savedLeft;
    const cursor = layout.span(this.cursor);
    if (moved && !anchor) revealWithin(scroller, 'x', cursor.x, cursor.x + Math.min(cursor.width, STEP_WIDTH));
  }

  /** Time mode: zoom by `factor` around the pointer, else around the cursor (or the middle when it is off-screen). */
  zoom(factor: number, clientX?: number): void {
    const { scroller, layout } = this;
    if (this.mode !== 'time' || !scroller || !layout) return;
    this.keepInPlace(scroller, layout, clientX);
    this.scale = clampScale(layout.scale * factor);
    this.redraw();
  }

  private keepInPlace(scroller: HTMLElement, layout: ColumnLayout, clientX?: number): void {
    const cursorAt = layout.left(this.cursor) - scroller.scrollLeft;
    const visible = cursorAt >= 0 && cursorAt <= scroller.clientWidth;
    const at = clientX === undefined ? (visible ? cursorAt : scroller.clientWidth / 2) : clientX - scroller.getBoundingClientRect().left;
    const column = clientX === undefined && visible ? this.cursor : layout.columnAt(scroller.scrollLeft + at);
    this.anchor = { column, offset: layout.left(column) - scroller.scrollLeft };
  }

  private setMode(mode: LanesMode): void {
    if (this.scroller && this.layout) this.keepInPlace(this.scroller, this.layout);
    this.mode = mode;
    this.redraw();
  }

  private fit(): void {
    this.scale = undefined;
    this.redraw();
  }

  private onWheel(event: WheelEvent): void {
    if (!event.ctrlKey || this.mode !== 'time') return;
    event.preventDefault();
    this.zoom(event.deltaY < 0 ? ZOOM_STEP : 1 / ZOOM_STEP, event.clientX);
  }

  private toolbar(): HTMLElement {
    const time = this.mode === 'time';
    const modes = el('span', { className: 'group', attrs: { role: 'group', 'aria-label': 'Columns' } }, [
      button('lanes-steps', 'Steps', 'One column per step', () => this.setMode('steps'), !time),
      button('lanes-time', 'Time', 'Columns by virtual time', () => this.setMode('time'), time),
    ]);
    if (!time) return el('div', { className: 'lanes-controls' }, [modes]);
    const zoom = el('span', { className: 'group', attrs: { role: 'group', 'aria-label': 'Zoom' } }, [
      button('zoom-out', '−', 'Zoom out (−)', () => this.zoom(1 / ZOOM_STEP)),
      button('zoom-in', '+', 'Zoom in (+)', () => this.zoom(ZOOM_STEP)),
      button('zoom-fit', 'Fit', 'Fit the run to the width', () => this.fit()),
      el('span', { className: 'hint', text: 'Ctrl+wheel zooms, scroll pans' }),
    ]);
    return el('div', { className: 'lanes-controls' }, [modes, zoom]);
  }

  // ---- the labels: outside the scroller ------------------------------------------------------------------------

  private labels(result: SimulationResult, rows: LaneRow[]): SVGSVGElement {
    const height = TOP + rows.length * ROW + 4;
    const root = svg('svg', { class: 'lane-labels', width: LABEL, height, viewBox: `0 0 ${LABEL} ${height}` });
    root.append(svg('text', { class: 'axis-title', x: 4, y: AXIS - 6 }, [this.mode === 'time' ? 'time (ms)' : 't (ms)']));
    root.append(svg('text', { class: 'band-title', x: 4, y: AXIS + BAND / 2 + 4 }, ['event loop']));
    let toggles = 0;
    rows.forEach((row, i) => {
      const group = row.group;
      const toggle = group && (row.kind === 'folded' || group.tasks[0] === row.task) ? this.foldToggle(group, rowMiddle(i), toggles++) : undefined;
      const name = row.kind === 'folded' ? `${row.group.template} ×${row.group.tasks.length}` : result.tasks[row.task]!.name;
      const label = svg('text', { class: 'lane-label', x: toggle ? 18 : 4, y: rowMiddle(i) + 4 }, [shortened(name)]);
      root.append(svg('g', { class: row.kind === 'folded' ? 'lane folded' : 'lane' }, [svgTitle(name), label, ...(toggle ? [toggle] : [])]));
    });
    return root;
  }

  private foldToggle(group: LaneGroup, y: number, index: number): SVGGElement {
    const count = group.tasks.length;
    const what = group.expanded ? `Fold the ${count} ${group.template} lanes into one: they went through the same states` : `Show the ${count} ${group.template} lanes`;
    const toggle = svg('g', { class: 'fold-toggle', id: `fold-${index}`, role: 'button', tabindex: 0, 'aria-expanded': String(group.expanded), 'aria-label': what }, [
      svgTitle(what),
      svg('rect', { x: 2, y: y - 7, width: 13, height: 14, rx: 2 }),
      svg('text', { x: 4, y: y + 4 }, [group.expanded ? '▾' : '▸']),
    ]);
    const flip = () => {
      this.expanded.set(group.key, !group.expanded);
      this.redraw();
    };
    toggle.addEventListener('click', flip);
    toggle.addEventListener('keydown', (event) => {
      if (event.key !== 'Enter' && event.key !== ' ') return;
      event.preventDefault();
      event.stopPropagation(); // Space would also play
      flip();
    });
    return toggle;
  }

  // ---- the lanes: inside the scroller --------------------------------------------------------------------------

  private lanes(result: SimulationResult, rows: LaneRow[], layout: ColumnLayout, cursor: number): SVGSVGElement {
    const width = layout.width + 10;
    const height = TOP + rows.length * ROW + 4;
    const root = svg('svg', { class: `lanes ${this.mode}`, width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': 'Task states over the schedule' });
    const rowOf = new Map(rows.flatMap((row, i) => (row.kind === 'folded' ? row.group.tasks : [row.task]).map((task) => [task, i] as const)));
    root.append(
      arrowhead(),
      timeAxis(result, layout),
      blockedBand(result, layout),
      ...rows.map((row, i) => (row.kind === 'folded' ? foldedSpans(result, row.group, i, layout) : taskSpans(result, row.task, i, layout))),
      ...(this.mode === 'time' ? [blockingSpans(result, layout, rows)] : []),
      actorMarks(result, layout, rowOf),
      wakeArrows(result, layout, rowOf),
    );
    if (cursor + 1 < layout.columns) {
      const future = layout.span(cursor + 1, layout.columns - 1);
      root.append(svg('rect', { class: 'future-veil', x: future.x, y: TOP, width: future.width + 10, height: height - TOP }));
    }
    const at = layout.span(cursor);
    root.append(svg('rect', { class: 'cursor', x: at.x - 1, y: AXIS - 4, width: at.width + 1, height: height - AXIS + 2, 'data-column': cursor }));
    root.addEventListener('click', (event) => this.seek(layout.columnAt(event.clientX - root.getBoundingClientRect().left)));
    return root;
  }
}

function arrowhead(): SVGDefsElement {
  const marker = svg('marker', { id: 'lanes-arrowhead', viewBox: '0 0 8 8', refX: 8, refY: 4, markerWidth: 6, markerHeight: 6, orient: 'auto' }, [svg('path', { d: 'M0,0 L8,4 L0,8 z' })]);
  return svg('defs', {}, [marker, ...STATE_PATTERNS.map(statePattern)]);
}

/**
 * A state is told by its pattern as well as its colour (media/visualizer.css fills the spans with these): ready
 * dotted, waiting striped, blocked cross-hatched; running solid, done grey.
 */
const STATE_PATTERNS = [
  { state: 'ready', marks: 'M2,2 h1.5 v1.5 h-1.5 z' },
  { state: 'waiting', marks: 'M0,6 L6,0' },
  { state: 'blocked', marks: 'M0,6 L6,0 M0,0 L6,6' },
] as const;

function statePattern({ state, marks }: (typeof STATE_PATTERNS)[number]): SVGPatternElement {
  return svg('pattern', { id: `lanes-pattern-${state}`, class: 'state-pattern', width: 6, height: 6, patternUnits: 'userSpaceOnUse' }, [
    svg('rect', { class: `state-${state}`, width: 6, height: 6 }),
    svg('path', { class: 'pattern-marks', d: marks }),
  ]);
}

function timeAxis(result: SimulationResult, layout: ColumnLayout): SVGGElement {
  const axis = svg('g', { class: 'axis' });
  const ticks = layout.mode === 'time' ? timeTicks(layout, result.trace.at(-1)?.time ?? 0) : stepTicks(layout);
  for (const tick of ticks) {
    axis.append(svg('line', { x1: tick.x, x2: tick.x, y1: AXIS - 4, y2: AXIS }));
    if (tick.label !== undefined) axis.append(svg('text', { class: 'tick', x: tick.x + 2, y: AXIS - 6 }, [tick.label]));
  }
  return axis;
}

/** A bar per blocking call: over its duration in time mode, on its step's column in step mode. */
function blockedBand(result: SimulationResult, layout: ColumnLayout): SVGGElement {
  const band = svg('g', { class: 'blocked-band' });
  const bars = result.trace.flatMap((event, i) => {
    if (event.action.kind !== 'block') return [];
    const { x, width } = layout.mode === 'time' ? timeExtent(layout, event.time - event.action.ms, event.time) : layout.span(i + 1);
    return [{ x, width, label: `${event.action.call} ${event.action.ms} ms`, task: result.tasks[event.task]!.name }];
  });
  bars.forEach((bar, j) => {
    const room = (bars[j + 1]?.x ?? layout.width + 10) - bar.x - 4;
    const fits = Math.floor(room / 6.5);
    const text = bar.label.length <= fits ? bar.label : `${bar.label.slice(0, Math.max(0, fits - 1))}…`;
    band.append(svg('g', { class: 'blocked' }, [
      svgTitle(`event loop blocked: ${bar.label} in ${bar.task}`),
      svg('rect', { class: 'blocked-bar', x: bar.x, y: AXIS + BAND - 7, width: bar.width, height: 5 }),
      svg('text', { class: 'blocked-label', x: bar.x + 1, y: AXIS + BAND - 10 }, [fits > 1 ? text : '']),
    ]));
  });
  return band;
}

/**
 * Time mode: a step's state begins at its event's time, so a blocking call (recorded when it returns) would show
 * its task as it was before the call. Over the call's duration the task is running: drawn so, over its lane.
 */
function blockingSpans(result: SimulationResult, layout: ColumnLayout, rows: readonly LaneRow[]): SVGGElement {
  const spans = svg('g', { class: 'blocking' });
  // A folded lane stands for several tasks: it keeps its counts.
  const rowOf = new Map(rows.flatMap((row, i) => (row.kind === 'task' ? [[row.task, i] as const] : [])));
  for (const event of result.trace) {
    if (event.action.kind !== 'block' || !rowOf.has(event.task)) continue;
    const { x, width } = timeExtent(layout, event.time - event.action.ms, event.time);
    const rect = svg('rect', { class: 'span state-running', x, y: TOP + rowOf.get(event.task)! * ROW + 3, width, height: ROW - 6 });
    rect.append(svgTitle(`${result.tasks[event.task]!.name}: running ${event.action.call}, which blocks the event loop — t=${event.time - event.action.ms}–${event.time} ms`));
    spans.append(rect);
  }
  return spans;
}

function timeExtent(layout: ColumnLayout, from: number, to: number): { x: number; width: number } {
  const x = layout.xAtTime(from);
  return { x, width: Math.max(TIME_STEP_WIDTH, layout.xAtTime(to) - x) };
}

/** Runs of consecutive columns whose key is the same. */
function stretches(columns: number, keyOf: (column: number) => string): { from: number; to: number }[] {
  const runs: { from: number; to: number }[] = [];
  for (let column = 0; column < columns; column++) {
    const last = runs.at(-1);
    if (last && keyOf(last.from) === keyOf(column)) last.to = column;
    else runs.push({ from: column, to: column });
  }
  return runs;
}

function spanText(layout: ColumnLayout, from: number, to: number): string {
  const steps = from === to ? `step ${from}` : `steps ${from}–${to}`;
  const end = to + 1 < layout.columns ? layout.timeOf(to + 1) : layout.timeOf(to);
  return `${steps}, t=${layout.timeOf(from)}–${end} ms`;
}

function spanRect(layout: ColumnLayout, from: number, to: number, y: number, height: number, status: string): SVGRectElement {
  const { x, width } = layout.span(from, to);
  return svg('rect', { class: `span state-${status}`, x, y, width: Math.max(1, width - (layout.mode === 'steps' ? 1 : 0)), height, 'data-from': from, 'data-to': to });
}

function taskSpans(result: SimulationResult, task: number, row: number, layout: ColumnLayout): SVGGElement {
  const lane = svg('g', { class: 'lane-row', 'data-task': task });
  const state = (column: number) => snapshotAt(result, column)[task];
  const key = (column: number) => JSON.stringify(state(column) ?? null);
  for (const { from, to } of stretches(layout.columns, key)) {
    const snapshot = state(from);
    if (!snapshot) continue;
    const waits = snapshot.wait ? ` for ${describeWait(snapshot.wait, result)}` : '';
    const holds = snapshot.holds.length > 0 ? `, holds ${snapshot.holds.map((id) => lockName(result, id)).join(', ')}` : '';
    const rect = spanRect(layout, from, to, TOP + row * ROW + 3, ROW - 6, snapshot.status);
    rect.append(svgTitle(`${result.tasks[task]!.name}: ${snapshot.status}${waits}${holds} — ${spanText(layout, from, to)}`));
    lane.append(rect);
  }
  return lane;
}

/** A folded group: in each stretch, how many of its tasks are in each state, stacked. */
function foldedSpans(result: SimulationResult, group: LaneGroup, row: number, layout: ColumnLayout): SVGGElement {
  const lane = svg('g', { class: 'lane-row folded', 'data-tasks': group.tasks.length });
  const counts = (column: number) => stateCounts(result, column, group.tasks);
  const unit = (ROW - 6) / group.tasks.length;
  for (const { from, to } of stretches(layout.columns, (column) => JSON.stringify(counts(column)))) {
    const title = svgTitle(`${group.template} ×${group.tasks.length}: ${counts(from).map(([status, n]) => `${n} ${status}`).join(', ')} — ${spanText(layout, from, to)}`);
    let y = TOP + row * ROW + 3;
    const part = svg('g', {}, [title]);
    for (const [status, n] of counts(from)) {
      part.append(spanRect(layout, from, to, y, n * unit, status));
      y += n * unit;
    }
    lane.append(part);
  }
  return lane;
}

/** A mark under the task that acted at each step, with the step in words. */
function actorMarks(result: SimulationResult, layout: ColumnLayout, rowOf: ReadonlyMap<number, number>): SVGGElement {
  const marks = svg('g', { class: 'actors' });
  const width = layout.mode === 'steps' ? STEP_WIDTH - 1 : TIME_STEP_WIDTH;
  result.trace.forEach((event, i) => {
    const row = rowOf.get(event.task)!;
    const mark = svg('rect', { class: 'actor', x: layout.left(i + 1), y: TOP + row * ROW + ROW - 5, width, height: 3 });
    mark.append(svgTitle(`step ${i + 1}, t=${event.time} ms: ${result.tasks[event.task]!.name} ${describeAction(event.action, result)}`));
    marks.append(mark);
  });
  return marks;
}

/** Who released whom: from the releaser's lane to the woken task's at the step of the grant (or of the signal). */
function wakeArrows(result: SimulationResult, layout: ColumnLayout, rowOf: ReadonlyMap<number, number>): SVGGElement {
  const arrows = svg('g', { class: 'wake-arrows' });
  const x = (column: number) => layout.left(column) + (layout.mode === 'steps' ? STEP_WIDTH : TIME_STEP_WIDTH) / 2;
  const arrow = (column: number, from: number, to: number, text: string) => {
    const [fromRow, toRow] = [rowOf.get(from)!, rowOf.get(to)!];
    if (fromRow === toRow) return;
    const direction = Math.sign(toRow - fromRow);
    const line = svg('line', { class: 'wake-arrow', x1: x(column), x2: x(column), y1: rowMiddle(fromRow), y2: rowMiddle(toRow) - direction * (ROW / 2 - 2), 'marker-end': 'url(#lanes-arrowhead)', 'data-from': from, 'data-to': to });
    line.append(svgTitle(text));
    arrows.append(line);
  };
  result.trace.forEach((event, i) => {
    const { action } = event;
    const woken = result.tasks[event.task]!.name;
    if (action.kind === 'granted') arrow(i + 1, action.by, event.task, `${result.tasks[action.by]!.name} released ${lockName(result, action.lock)}: ${woken} takes it`);
    if (action.kind === 'signal') {
      for (const waiter of action.woke) arrow(i + 1, event.task, waiter, `${woken} set ${eventName(result, action.event)}: ${result.tasks[waiter]!.name} wakes`);
    }
  });
  return arrows;
}
