// Where the page is in the trace, and playing it. Cursor 0 is the state before the first event; cursor k is the
// state right after event k-1. Pure logic over a length and a clock, so the view only reads `cursor`.
export class Player {
  cursor = 0;
  private timer: number | undefined;

  constructor(
    private length: number,
    private readonly onChange: () => void,
  ) {}

  get playing(): boolean {
    return this.timer !== undefined;
  }

  get atEnd(): boolean {
    return this.cursor >= this.length;
  }

  /** A new trace, stopped at its end: the interesting state (the deadlock, or where every task finished). */
  load(length: number): void {
    this.pause();
    this.length = length;
    this.cursor = length;
    this.onChange();
  }

  /** The same trace with other details (its places after an edit): the cursor stays, and playing goes on. */
  resize(length: number): void {
    this.length = length;
    this.cursor = Math.min(this.cursor, length);
    this.onChange();
  }

  seek(cursor: number): void {
    this.cursor = Math.max(0, Math.min(this.length, cursor));
    if (this.atEnd) this.pause();
    this.onChange();
  }

  step(delta: number): void {
    this.seek(this.cursor + delta);
  }

  play(stepsPerSecond: number): void {
    this.pause();
    if (this.atEnd) this.cursor = 0;
    this.timer = window.setInterval(() => this.step(1), 1000 / stepsPerSecond);
    this.onChange();
  }

  pause(): void {
    if (this.timer === undefined) return;
    window.clearInterval(this.timer);
    this.timer = undefined;
    this.onChange();
  }
}
