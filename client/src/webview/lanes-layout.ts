// Where the lanes put each column. Step-indexed: one fixed-width column per step. Time-scaled: x = virtual time
// × scale, plus a minimum width per step, so steps at the same instant (a task runs to its next await in no
// time) stay apart and clickable while a 50 ms block is five times as wide as a 10 ms wait. No DOM: plain numbers.

export type LanesMode = 'steps' | 'time';

export const STEP_WIDTH = 14;
/** The width every step keeps in time mode, whatever the zoom. */
export const TIME_STEP_WIDTH = 4;
/** Zoom bounds, in pixels per millisecond of virtual time. */
export const MIN_SCALE = 0.01;
export const MAX_SCALE = 2000;
/** A digit of the axis labels (11px text) is narrower than this: the estimate that keeps labels apart. */
const CHAR_WIDTH = 7;
const LABEL_GAP = 8;

export class ColumnLayout {
  /** Left edge of each column, and one more: the right edge of the last. */
  private readonly edges: number[];

  /** `starts[k]`: the virtual time at which column k's state begins (0, then each event's time). */
  constructor(
    private readonly starts: readonly number[],
    readonly mode: LanesMode,
    readonly scale: number,
  ) {
    const step = mode === 'steps' ? STEP_WIDTH : TIME_STEP_WIDTH;
    const pxPerMs = mode === 'steps' ? 0 : scale;
    this.edges = starts.map((time, k) => k * step + time * pxPerMs);
    this.edges.push((this.edges.at(-1) ?? 0) + (mode === 'steps' ? STEP_WIDTH : 3 * TIME_STEP_WIDTH));
  }

  get columns(): number {
    return this.starts.length;
  }

  get width(): number {
    return this.edges.at(-1)!;
  }

  timeOf(column: number): number {
    return this.starts[column]!;
  }

  left(column: number): number {
    return this.edges[column]!;
  }

  /** Where column `from` begins to where column `to` ends. */
  span(from: number, to = from): { x: number; width: number } {
    return { x: this.edges[from]!, width: this.edges[to + 1]! - this.edges[from]! };
  }

  /** Time mode: the x of an instant — before the first step at that time, after the steps before it. */
  xAtTime(time: number): number {
    const before = firstAtOrAfter(this.starts, time);
    return time * this.scale + before * TIME_STEP_WIDTH;
  }

  /** The column drawn at x (clamped to the first and last). */
  columnAt(x: number): number {
    let low = 0;
    let high = this.columns - 1;
    while (low < high) {
      const middle = Math.ceil((low + high) / 2);
      if (this.edges[middle]! <= x) low = middle;
      else high = middle - 1;
    }
    return low;
  }
}

/** The first index whose value is ≥ `value` in a non-decreasing list: how many values are below it. */
function firstAtOrAfter(values: readonly number[], value: number): number {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (values[middle]! < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** The scale that fits the whole run into `width` pixels. */
export function fitScale(starts: readonly number[], width: number): number {
  const end = starts.at(-1) ?? 0;
  // The steps' own widths, the last column's and the lanes' right margin (lanes.ts) are not time.
  const room = Math.max(100, width - (starts.length + 3) * TIME_STEP_WIDTH - 12);
  return clampScale(end > 0 ? room / end : 10);
}

export const clampScale = (scale: number) => Math.max(MIN_SCALE, Math.min(MAX_SCALE, scale));

export interface Tick {
  x: number;
  label: string;
}

/**
 * Time mode: ticks every 1, 2 or 5 × 10^k ms, the smallest such step whose labels cannot touch at this scale
 * (the per-step widths only push later ticks further apart).
 */
export function timeTicks(layout: ColumnLayout, end: number): Tick[] {
  const widest = labelWidth(formatTime(Math.ceil(end), 0.001));
  const every = tickStep((widest + LABEL_GAP) / layout.scale);
  const ticks: Tick[] = [];
  for (let i = 0; i * every <= end; i++) ticks.push({ x: layout.xAtTime(i * every), label: formatTime(i * every, every) });
  return ticks;
}

/** The smallest 1/2/5 × 10^k not below `minimum`. */
export function tickStep(minimum: number): number {
  let power = 10 ** Math.floor(Math.log10(minimum));
  for (;;) {
    for (const factor of [1, 2, 5]) if (factor * power >= minimum) return factor * power;
    power *= 10;
  }
}

/** A tick's time with just the decimals its step needs. */
export function formatTime(time: number, step: number): string {
  const decimals = Math.max(0, Math.min(3, -Math.floor(Math.log10(step) + 1e-9)));
  return time.toFixed(decimals);
}

/** Step mode: a tick where virtual time moves, labelled only where the label has room after the last one. */
export function stepTicks(layout: ColumnLayout): { x: number; label?: string }[] {
  const ticks: { x: number; label?: string }[] = [];
  let free = -Infinity;
  for (let column = 0; column < layout.columns; column++) {
    const time = layout.timeOf(column);
    if (column > 0 && time === layout.timeOf(column - 1)) continue;
    const x = layout.left(column);
    const label = String(time);
    if (x >= free) {
      ticks.push({ x, label });
      free = x + labelWidth(label) + LABEL_GAP;
    } else ticks.push({ x });
  }
  return ticks;
}

const labelWidth = (label: string) => label.length * CHAR_WIDTH;
