// Analysis runs as queued work, one file at a time (in the analysis thread), after a short debounce while
// typing. Work is keyed by document: a newer edit replaces older queued work, and work whose document version is
// no longer current when its turn comes is dropped. The running job is visible, so a newer edit, a request about
// another file or shutdown can ask it to stop.

export interface AnalysisJob {
  uri: string;
  version: number;
  /** An edit fans out to the files that import the edited one; the dependents' own re-checks do not. */
  reason: 'edit' | 'dependent' | 'refresh';
}

export interface QueueHooks {
  isCurrent(job: AnalysisJob): boolean;
  /** Runs the job; the next one starts when it settles (a rejection is the hook's to report). */
  run(job: AnalysisJob): Promise<void>;
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
  private runningJob: AnalysisJob | undefined;
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

  /** The job being run, if one is. */
  get running(): AnalysisJob | undefined {
    return this.runningJob;
  }

  private wake(): void {
    if (this.turnQueued || this.held || this.runningJob) return;
    const next = this.nextDue();
    if (next === undefined) return this.setBusy(false);
    clearTimeout(this.timer);
    const wait = next.dueAt - Date.now();
    if (wait > 0) {
      this.timer = setTimeout(() => this.wake(), wait);
      return;
    }
    this.turnQueued = true;
    setImmediate(() => void this.turn());
  }

  private async turn(): Promise<void> {
    this.turnQueued = false;
    const next = this.nextDue();
    try {
      if (next && next.dueAt <= Date.now()) {
        this.pending.delete(next.job.uri);
        if (this.hooks.isCurrent(next.job)) {
          this.setBusy(true);
          this.runningJob = next.job;
          await this.hooks.run(next.job);
        }
      }
    } catch {
      // The hook reports its own failures; the rest of the queue still runs.
    } finally {
      this.runningJob = undefined;
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
