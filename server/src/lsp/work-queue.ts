// Analysis is synchronous and can take a while on a big program, so it runs as queued work: one file per
// macrotask (so requests and newer edits are read in between), after a short debounce while typing. Work is
// keyed by document: a newer edit replaces older queued work, and work whose document version is no longer
// current when its turn comes is dropped.

export interface AnalysisJob {
  uri: string;
  version: number;
  /** An edit fans out to the files that import the edited one; the dependents' own re-checks do not. */
  reason: 'edit' | 'dependent' | 'refresh';
}

export interface QueueHooks {
  isCurrent(job: AnalysisJob): boolean;
  run(job: AnalysisJob): void;
  /** Called when the queue starts being worked on and when it runs empty. */
  onBusyChange(busy: boolean): void;
}

interface Pending {
  job: AnalysisJob;
  dueAt: number;
}

export class AnalysisQueue {
  private readonly pending = new Map<string, Pending>();
  private timer: NodeJS.Timeout | undefined;
  private turnQueued = false;
  private busy = false;
  private held = false;

  constructor(private readonly hooks: QueueHooks) {}

  schedule(job: AnalysisJob, delayMs = 0): void {
    const previous = this.pending.get(job.uri);
    let dueAt = Date.now() + delayMs;
    let reason = job.reason;
    if (previous && previous.job.version === job.version) {
      // Queuing the same version again never delays it, and an edit still fans out to its dependents.
      dueAt = Math.min(dueAt, previous.dueAt);
      if (previous.job.reason === 'edit') reason = 'edit';
    }
    this.pending.set(job.uri, { job: { ...job, reason }, dueAt });
    this.wake();
  }

  /** Queues work without running it (until the settings are known, say). */
  hold(): void {
    this.held = true;
  }

  release(): void {
    this.held = false;
    this.wake();
  }

  cancel(uri: string): void {
    this.pending.delete(uri);
  }

  get queued(): number {
    return this.pending.size;
  }

  private wake(): void {
    if (this.turnQueued || this.held) return;
    const next = this.nextDue();
    if (next === undefined) return this.setBusy(false);
    clearTimeout(this.timer);
    const wait = next.dueAt - Date.now();
    if (wait > 0) {
      this.timer = setTimeout(() => this.wake(), wait);
      return;
    }
    this.turnQueued = true;
    setImmediate(() => this.turn());
  }

  private turn(): void {
    this.turnQueued = false;
    try {
      const next = this.nextDue();
      if (next && next.dueAt <= Date.now()) {
        this.pending.delete(next.job.uri);
        if (this.hooks.isCurrent(next.job)) {
          this.setBusy(true);
          this.hooks.run(next.job);
        }
      }
    } finally {
      // Even if a job throws, the rest of the queue still runs.
      this.wake();
    }
  }

  private nextDue(): Pending | undefined {
    let earliest: Pending | undefined;
    for (const entry of this.pending.values()) if (!earliest || entry.dueAt < earliest.dueAt) earliest = entry;
    return earliest;
  }

  private setBusy(busy: boolean): void {
    if (busy === this.busy) return;
    this.busy = busy;
    this.hooks.onBusyChange(busy);
  }
}
