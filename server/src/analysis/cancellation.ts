// Stopping an analysis part-way: a host (the language server's analysis thread) gives an analysis a budget — a
// time limit, and a question "has someone asked to stop?" that reads shared memory another thread writes. The
// limit counts from when the rules start: building the program first is TypeScript's, as long as the project is
// big, and no checker call happens in it to stop at. The
// analysis asks it between the type checker's calls and in its own loops, and stops by throwing
// AnalysisCancelled. Stopping only between checker calls keeps the checker consistent (a call interrupted inside
// TypeScript could leave its caches half-made); one very slow call is the host's to handle (it ends the thread).
import type ts from 'typescript';

export interface AnalysisBudget {
  /** How long the rules may run, in seconds. */
  limitSeconds: number;
  /** Whether the host asked it to stop (a newer edit, a request about another file, shutdown). */
  stopRequested(): boolean;
  /** Told when the time limit starts counting (the host's own watch on the analysis starts then too). */
  onStart?(): void;
}

interface ActiveBudget {
  budget: AnalysisBudget;
  /** performance.now() after which the analysis stops as over its time limit. */
  deadline: number;
}

export class AnalysisCancelled extends Error {
  /** The budget's limit, when the analysis stopped because it ran over it; else it was asked to stop. */
  constructor(readonly overTimeLimitSeconds?: number) {
    super(overTimeLimitSeconds === undefined ? 'the analysis was cancelled' : `the analysis ran over its time limit of ${overTimeLimitSeconds} s`);
  }
}

/** Why a file has no findings when its analysis ran over the time limit (also the host's words, when it had to end one). */
export function overTimeReason(limitSeconds: number): string {
  return `its analysis took longer than the time limit of ${limitSeconds} s (lockstep.analysisTimeLimitSeconds); it is analysed again when it or a file it imports changes`;
}

/** The clock is read once per this many checks: performance.now() costs more than the shared-memory read. */
const CHECKS_PER_CLOCK_READ = 32;

let active: ActiveBudget | undefined;
let checksSinceClock = 0;

/** Runs the work under a budget, its time limit counting from now (budgets do not nest: one file runs at a time). */
export function withBudget<T>(budget: AnalysisBudget | undefined, work: () => T): T {
  if (!budget) return work();
  const outer = active;
  active = { budget, deadline: performance.now() + budget.limitSeconds * 1000 };
  checksSinceClock = 0;
  budget.onStart?.();
  try {
    return work();
  } finally {
    active = outer;
  }
}

/** Throws AnalysisCancelled if the running analysis was asked to stop or is past its deadline. */
export function throwIfCancelled(): void {
  if (!active) return;
  if (active.budget.stopRequested()) throw new AnalysisCancelled();
  if (++checksSinceClock < CHECKS_PER_CLOCK_READ) return;
  checksSinceClock = 0;
  if (performance.now() > active.deadline) throw new AnalysisCancelled(active.budget.limitSeconds);
}

const guardedCheckers = new WeakSet<ts.TypeChecker>();

/**
 * Makes every method of the program's checker check the budget before it runs. The checker is the program's own
 * object (nothing outside the analysis holds it), and its internals call each other directly, so only the
 * analysis's questions are checked — at their start, never inside one.
 */
export function guardChecker(program: ts.Program): void {
  const checker = program.getTypeChecker();
  if (guardedCheckers.has(checker)) return;
  guardedCheckers.add(checker);
  const methods = checker as unknown as Record<string, unknown>;
  for (const [name, method] of Object.entries(methods)) {
    if (typeof method !== 'function') continue;
    methods[name] = function (this: unknown, ...args: unknown[]) {
      throwIfCancelled();
      return (method as (...inner: unknown[]) => unknown).apply(this, args);
    };
  }
}
