// Interprocedural summaries: what a function does, including what the functions it calls do — across files,
// through recursion. A summary is computed from the function's own body and its callees' summaries; the solver
// iterates to the least fixed point over everything reachable, so cycles terminate with exact answers instead
// of whatever a depth-first walk happened to see first.
import type ts from 'typescript';
import { throwIfCancelled } from './cancellation';
import type { FunctionWithBody } from './functions';

export interface SummaryAnalysis<S> {
  /** The summary assumed before anything is known (a function that does nothing). */
  bottom(): S;
  /** fn's summary from its own body; `summaryOf` gives the current summary of a callee. Must be monotone. */
  compute(fn: FunctionWithBody, summaryOf: (callee: FunctionWithBody) => S): S;
  /** Whether two summaries carry the same information (iteration stops when nothing changes). */
  equals(a: S, b: S): boolean;
}

/** Summaries for one program: final answers are cached, so each function is solved once per program. */
export class Summaries<S> {
  private readonly final = new Map<FunctionWithBody, S>();

  constructor(private readonly analysis: SummaryAnalysis<S>) {}

  of(fn: FunctionWithBody): S {
    const known = this.final.get(fn);
    if (known !== undefined) return known;
    this.solveFrom(fn);
    return this.final.get(fn)!;
  }

  private solveFrom(root: FunctionWithBody): void {
    const tentative = new Map<FunctionWithBody, S>([[root, this.analysis.bottom()]]);
    const callers = new Map<FunctionWithBody, Set<FunctionWithBody>>();
    const worklist = new Set<FunctionWithBody>([root]);
    while (worklist.size > 0) {
      throwIfCancelled();
      const fn: FunctionWithBody = worklist.values().next().value!;
      worklist.delete(fn);
      const summary = this.analysis.compute(fn, (callee) => {
        const known = this.final.get(callee);
        if (known !== undefined) return known;
        if (!callers.has(callee)) callers.set(callee, new Set());
        callers.get(callee)!.add(fn);
        if (!tentative.has(callee)) {
          tentative.set(callee, this.analysis.bottom());
          worklist.add(callee);
        }
        return tentative.get(callee)!;
      });
      if (this.analysis.equals(summary, tentative.get(fn)!)) continue;
      tentative.set(fn, summary);
      for (const caller of callers.get(fn) ?? []) worklist.add(caller);
    }
    // Everything reachable from the root has been solved together: those answers are final.
    for (const [fn, summary] of tentative) this.final.set(fn, summary);
  }
}

const perProgram = new WeakMap<object, Map<string, unknown>>();

/**
 * One value per program and key (e.g. a Summaries for a given rule and settings): every file analysed against
 * the same program shares it, and it is dropped with the program.
 */
export function perProgramMemo<T>(program: object, key: string, create: () => T): T {
  let memo = perProgram.get(program);
  if (!memo) perProgram.set(program, (memo = new Map()));
  if (!memo.has(key)) memo.set(key, create());
  return memo.get(key) as T;
}

/**
 * Drops every value kept for the program (and its checker): after an analysis was stopped part-way, a value built
 * lazily during it may be incomplete.
 */
export function forgetProgram(program: ts.Program): void {
  perProgram.delete(program);
  perProgram.delete(program.getTypeChecker());
}

/**
 * Per SourceFile, values for the few most recent stamps (a stamp names the settings and the program's relevant
 * names). Unchanged files keep their SourceFile across edits, so a Map of every stamp ever seen would keep growing
 * — each value holding the trees of other files as they were then. Two stamps cover a file shared by two
 * projects that see it differently.
 */
export class RecentStamps<V> {
  private readonly entries = new WeakMap<ts.SourceFile, Map<string, V>>();

  constructor(private readonly kept = 2) {}

  get(sourceFile: ts.SourceFile, stamp: string): V | undefined {
    const values = this.entries.get(sourceFile);
    const value = values?.get(stamp);
    if (value !== undefined) this.set(sourceFile, stamp, value); // the most recently used is kept longest
    return value;
  }

  set(sourceFile: ts.SourceFile, stamp: string, value: V): void {
    let values = this.entries.get(sourceFile);
    if (!values) this.entries.set(sourceFile, (values = new Map()));
    values.delete(stamp);
    values.set(stamp, value);
    for (const oldest of values.keys()) {
      if (values.size <= this.kept) break;
      values.delete(oldest);
    }
  }
}
