// The connection thread's handle on the analysis thread (analysis-worker.ts). Analysis is synchronous and can be
// slow, so it runs there: this thread keeps reading the editor's messages, and stops a running analysis by
// writing its job id into the shared stop word. The analysis stops between two type-checker calls; if, once its
// rules run, it does not within a grace period (one call can take seconds on a type that is slow to check) the
// thread is ended and started again, and what it was told — settings, open documents, unanswered requests — is
// told again. Building a program comes before the rules and is not watched: it has no checker call to stop at,
// and on a big project it takes as long as it takes.
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { AnalyzeResult, FromWorker, ThreadRequest, ThreadResults, ToWorker, WorkerData } from './analysis-protocol';

/** How long past its time limit an analysis may run before its thread is ended. */
const OVER_TIME_GRACE_MS = 3000;
/** How long an analysis asked to stop may take to stop before its thread is ended. */
const STOP_GRACE_MS = 3000;
/** Thread ends in a row with no answer in between after which it is not started again (it cannot start). */
const MAX_FUTILE_STARTS = 3;

export type AnalysisOutcome =
  | AnalyzeResult
  /** It ran on past its time limit and would not stop: its thread was ended. */
  | { outcome: 'over-time' }
  /** The thread ended during it (out of memory, a crash). */
  | { outcome: 'failed'; reason: string };

export interface AnalysisThreadHooks {
  /** The workspace's own log lines. */
  log(message: string): void;
  /** A thread started, running these rules. */
  onStart(ruleIds: readonly string[]): void;
  onConfigurationRead(file: string, errors: readonly string[]): void;
  /** The thread ended and was started again (or could not be), and why. */
  onRestart(reason: string): void;
}

interface PendingRequest {
  request: ThreadRequest;
  resolve(result: unknown): void;
  reject(error: Error): void;
}

interface RunningJob {
  jobId: number;
  file: string;
  limitSeconds: number;
  stopAsked: boolean;
  rulesStarted: boolean;
  /** Ends the thread if the rules run on too long (armed when they start, shortened when a stop is asked). */
  watchdog?: NodeJS.Timeout;
}

class ThreadEnded extends Error {
  constructor(reason: string, readonly overTime: boolean) {
    super(reason);
  }
}

export class AnalysisThread {
  private readonly stopWord = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
  private readonly overlays = new Map<string, { text: string; version: number }>();
  private readonly pending = new Map<number, PendingRequest>();
  private overrides: { value: unknown } | undefined;
  private worker: Worker;
  private running: RunningJob | undefined;
  /** The last analysis asked for: the next one starts when it settles. */
  private analyses: Promise<unknown> = Promise.resolve();
  private nextId = 1;
  private futileStarts = 0;
  private disposed = false;
  private unavailable: string | undefined;

  constructor(private readonly hooks: AnalysisThreadHooks, private readonly workerFile = path.join(__dirname, 'analysis-worker.js')) {
    this.worker = this.start();
  }

  openDocument(file: string, text: string, version: number): void {
    this.overlays.set(file, { text, version });
    this.post({ kind: 'open', file, text, version });
  }

  closeDocument(file: string): void {
    this.overlays.delete(file);
    this.post({ kind: 'close', file });
  }

  diskChanged(): void {
    this.post({ kind: 'disk-changed' });
  }

  /** Lays the editor's settings over the configuration files; resolves with their problems. */
  setOverrides(overrides: unknown): Promise<string[]> {
    this.overrides = { value: overrides };
    return this.request({ method: 'settings', overrides });
  }

  scriptFilesUnder(folders: string[]): Promise<string[]> {
    return this.request({ method: 'script-files', folders });
  }

  hoverAt(file: string, offset: number): Promise<string | null> {
    return this.request({ method: 'hover', file, offset });
  }

  modelOf(file: string, entries: string[] | undefined, openUris: [string, string][]): Promise<ThreadResults['model']> {
    return this.request({ method: 'model', file, entries, openUris });
  }

  /**
   * Analyses a file within the time limit, after the analyses asked for before it (the editor's queue and a
   * Check Workspace share the thread); `dependentCandidates`: open files whose dependence on it to report.
   */
  analyze(file: string, limitSeconds: number, dependentCandidates?: string[]): Promise<AnalysisOutcome> {
    const turn = this.analyses.then(() => this.analyzeNow(file, limitSeconds, dependentCandidates));
    this.analyses = turn.catch(() => undefined);
    return turn;
  }

  private async analyzeNow(file: string, limitSeconds: number, dependentCandidates?: string[]): Promise<AnalysisOutcome> {
    const jobId = this.nextId++;
    const job: RunningJob = { jobId, file, limitSeconds, stopAsked: false, rulesStarted: false };
    this.running = job;
    try {
      return await this.request({ method: 'analyze', file, jobId, limitSeconds, dependentCandidates });
    } catch (error) {
      if (!(error instanceof ThreadEnded)) throw error;
      if (job.stopAsked) return { outcome: 'cancelled' };
      return error.overTime ? { outcome: 'over-time' } : { outcome: 'failed', reason: error.message };
    } finally {
      clearTimeout(job.watchdog);
      if (this.running === job) this.running = undefined;
    }
  }

  /** The file being analysed, if one is. */
  get runningFile(): string | undefined {
    return this.running?.file;
  }

  /** Asks the running analysis (if any) to stop; it resolves as cancelled. */
  stopRunning(): void {
    const job = this.running;
    if (!job || job.stopAsked) return;
    job.stopAsked = true;
    Atomics.store(this.stopWord, 0, job.jobId);
    if (job.rulesStarted) this.watch(job);
  }

  /** The job's rules run: ends the thread if they run past the limit (or past a stop asked for) by the grace. */
  private watch(job: RunningJob): void {
    clearTimeout(job.watchdog);
    job.watchdog = job.stopAsked
      ? setTimeout(() => this.restart(`the analysis of ${job.file} did not stop when asked`), STOP_GRACE_MS)
      : setTimeout(() => this.restart(`the analysis of ${job.file} ran past its time limit of ${job.limitSeconds} s and did not stop`, true), job.limitSeconds * 1000 + OVER_TIME_GRACE_MS);
  }

  private rulesStarted(jobId: number): void {
    const job = this.running;
    if (job?.jobId !== jobId) return;
    job.rulesStarted = true;
    this.watch(job);
  }

  /** Stops the running analysis and lets the thread end (it is not started again). */
  dispose(): void {
    this.disposed = true;
    this.stopRunning();
    this.post({ kind: 'dispose' });
    // A thread stuck in one long type-checker call never reads the message.
    setTimeout(() => void this.worker.terminate(), STOP_GRACE_MS).unref();
  }

  private request<M extends ThreadRequest['method']>(request: Extract<ThreadRequest, { method: M }>): Promise<ThreadResults[M]> {
    if (this.unavailable) return Promise.reject(new Error(this.unavailable));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { request, resolve: resolve as (result: unknown) => void, reject });
      this.post({ kind: 'request', id, request });
    });
  }

  private post(message: ToWorker): void {
    if (!this.unavailable) this.worker.postMessage(message);
  }

  private start(): Worker {
    const workerData: WorkerData = { stopWord: this.stopWord };
    const worker = new Worker(this.workerFile, { workerData });
    worker.on('message', (message: FromWorker) => this.received(message));
    worker.on('error', (error) => this.ended(worker, `the analysis thread failed: ${error.stack ?? error.message}`));
    worker.on('exit', (code) => this.ended(worker, `the analysis thread exited (code ${code})`));
    return worker;
  }

  private received(message: FromWorker): void {
    switch (message.kind) {
      case 'started':
        return this.hooks.onStart(message.ruleIds);
      case 'rules-started':
        return this.rulesStarted(message.jobId);
      case 'log':
        return this.hooks.log(message.message);
      case 'configuration-read':
        return this.hooks.onConfigurationRead(message.file, message.errors);
      case 'reply': {
        this.futileStarts = 0;
        const pending = this.pending.get(message.id);
        this.pending.delete(message.id);
        if (message.error !== undefined) pending?.reject(new Error(message.error));
        else pending?.resolve(message.result);
      }
    }
  }

  private ended(worker: Worker, reason: string): void {
    if (worker === this.worker && !this.disposed) this.restart(reason);
  }

  /**
   * Ends the thread and starts another, told everything the last one was. The running analysis is not sent again
   * (it resolves as over time, cancelled or failed); other unanswered requests are.
   */
  private restart(reason: string, overTime = false): void {
    const old = this.worker;
    void old.terminate();
    const analysis = [...this.pending].find(([, pending]) => pending.request.method === 'analyze');
    if (analysis) {
      this.pending.delete(analysis[0]);
      analysis[1].reject(new ThreadEnded(reason, overTime));
    }
    if (++this.futileStarts > MAX_FUTILE_STARTS) return this.giveUp(reason);
    this.hooks.onRestart(reason);
    this.worker = this.start();
    if (this.overrides) this.post({ kind: 'request', id: this.nextId++, request: { method: 'settings', overrides: this.overrides.value } });
    for (const [file, { text, version }] of this.overlays) this.post({ kind: 'open', file, text, version });
    for (const [id, { request }] of this.pending) this.post({ kind: 'request', id, request });
  }

  private giveUp(reason: string): void {
    this.unavailable = `the analysis thread could not be started (${reason})`;
    this.hooks.onRestart(`${this.unavailable}; no file is analysed until the server restarts`);
    for (const pending of this.pending.values()) pending.reject(new Error(this.unavailable));
    this.pending.clear();
  }
}
