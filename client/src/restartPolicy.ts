// When to bring the language server back after it dies. Pure (no vscode import) so it can be unit-tested
// with a fake clock; the client's error handler only translates its decisions.

export interface RestartPolicyOptions {
  /** How many restarts are allowed within `windowMs` before giving up. */
  maxRestarts: number;
  windowMs: number;
  /** Injected for tests. */
  now?: () => number;
}

export type CrashDecision =
  | { restart: true; crashesInWindow: number }
  | { restart: false; crashesInWindow: number; reason: string };

/** Consecutive connection errors worth riding out (as vscode-languageclient's default handler does). */
const connectionErrorsTolerated = 3;

export const defaultRestartPolicy: RestartPolicyOptions = { maxRestarts: 5, windowMs: 3 * 60 * 1000 };

/**
 * Restarts a crashed server unless it has crashed more than `maxRestarts` times within the last `windowMs`:
 * a server that dies on every start (a bad build, a file that crashes the analysis on open) would otherwise
 * restart forever and keep the CPU busy. Crashes older than the window are forgotten, so a server that
 * crashes rarely is always restarted.
 */
export class RestartPolicy {
  private crashTimes: number[] = [];
  private readonly now: () => number;

  constructor(private readonly options: RestartPolicyOptions = defaultRestartPolicy) {
    this.now = options.now ?? Date.now;
  }

  onServerCrashed(): CrashDecision {
    const now = this.now();
    this.crashTimes = this.crashTimes.filter((time) => now - time < this.options.windowMs);
    this.crashTimes.push(now);
    const crashesInWindow = this.crashTimes.length;
    if (crashesInWindow <= this.options.maxRestarts) return { restart: true, crashesInWindow };
    const minutes = Math.round(this.options.windowMs / 60_000);
    return {
      restart: false,
      crashesInWindow,
      reason: `The Lockstep server crashed ${crashesInWindow} times in the last ${minutes} minutes and will not be restarted.`,
    };
  }

  /** Whether to keep a connection that reported its `count`-th consecutive error (reset by a good message). */
  keepConnectionAfterError(count: number | undefined): boolean {
    return count !== undefined && count <= connectionErrorsTolerated;
  }

  /** A restart asked for by hand starts with a clean slate: the user has presumably fixed something. */
  reset(): void {
    this.crashTimes = [];
  }
}
