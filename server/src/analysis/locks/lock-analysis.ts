// The lock model of a program: per function, its lock operations (identity, mode, kind, location) and what it
// holds at each acquisition and call (flow.ts); across functions, what each function may take, transitively
// (summaries over the call graph, across files); and the lock-order graph: an edge A→B wherever B is taken, directly
// or through calls, while A may be held. The lock rules, hover, and the visualizer's model read this module.
//
// Cost: facts come from one walk per function, with the checker. They are cached per SourceFile object (which
// TypeScript reuses across programs for files that did not change) and stay valid while every file they resolved
// into (callees, lock declarations) is still the same SourceFile object — per function, so an edit re-walks only
// the functions that resolved into the edited file; the graph itself is rebuilt per program
// from the cached facts, which needs no checker.
import ts from 'typescript';
import { functionsIn, type FunctionWithBody } from '../functions';
import { perProgramMemo, RecentStamps, Summaries } from '../summaries';
import type { UserLockType } from '../types';
import { callRelevance } from '../call-relevance';
import { projectFiles } from '../program-files';
import { lockRelevanceSeeds } from './api';
import { functionLockFacts, type Acquisition, type CallWhileHolding, type FunctionLockFacts, type LockSite } from './flow';
import type { LockMode } from './identity';

export type { Acquisition, CallWhileHolding, FunctionLockFacts, Leak, LockSite } from './flow';
export type { LockIdentity, LockMode, LockRef } from './identity';

/** A lock a function may take when called, with how it gets there. */
export interface Reach {
  site: LockSite;
  /** The member of a family as the function's caller sees it (`this` survives `this.f()` calls), when known. */
  instance?: string;
  mode: LockMode;
  /** The calls from the function to the site's function, outermost first (empty: the function takes it itself). */
  chain: (ts.CallExpression | ts.NewExpression)[];
}

/** An edge of the lock-order graph: `taken` is acquired while `held` may be held. */
export interface LockEdge {
  held: LockSite;
  taken: Reach;
  /** Where, in the holder's function, the second lock is taken or the call leading to it is made. */
  via: ts.CallExpression | ts.NewExpression;
}

export interface FileLockFacts {
  functions: FunctionLockFacts[];
}

export class LockAnalysis {
  private readonly summaries: Summaries<Map<string, Reach>>;
  private readonly factsByFunction = new Map<FunctionWithBody, FunctionLockFacts>();
  private edgeList: LockEdge[] | undefined;

  constructor(private readonly program: ts.Program, private readonly userTypes: readonly UserLockType[]) {
    this.summaries = new Summaries({
      bottom: () => new Map(),
      compute: (fn, summaryOf) => this.reachOf(fn, summaryOf),
      equals: (a, b) => a.size === b.size && [...a.keys()].every((key) => b.has(key)),
    });
  }

  /** The facts of every function in the file (scoped callbacks are part of the function around them). */
  fileFacts(sourceFile: ts.SourceFile): FileLockFacts {
    const facts = cachedFileFacts(this.program, sourceFile, this.userTypes);
    for (const fn of facts.functions) this.factsByFunction.set(fn.fn, fn);
    return facts;
  }

  /** The facts of one function (walked on demand for functions outside the project's own files). */
  functionFacts(fn: FunctionWithBody): FunctionLockFacts | undefined {
    if (!this.factsByFunction.has(fn)) this.fileFacts(fn.getSourceFile());
    return this.factsByFunction.get(fn);
  }

  /** What calling fn may take, keyed by lock, instance and mode. */
  reachableFrom(fn: FunctionWithBody): Map<string, Reach> {
    return this.summaries.of(fn);
  }

  /** Every edge of the project's lock-order graph. */
  edges(): LockEdge[] {
    if (this.edgeList) return this.edgeList;
    const edges: LockEdge[] = [];
    for (const fileName of projectFiles(this.program)) {
      const sourceFile = this.program.getSourceFile(fileName);
      if (!sourceFile) continue;
      for (const fn of this.fileFacts(sourceFile).functions) edges.push(...this.edgesOf(fn));
    }
    return (this.edgeList = edges);
  }

  /** Every acquisition in the project, for hover's "where it is taken". */
  acquisitions(): Acquisition[] {
    this.edges();
    return [...this.factsByFunction.values()].flatMap((fn) => fn.acquisitions);
  }

  edgesOf(facts: FunctionLockFacts): LockEdge[] {
    const edges: LockEdge[] = [];
    for (const acquisition of facts.acquisitions) {
      const taken: Reach = { site: acquisition.site, instance: acquisition.site.ref.instance, mode: acquisition.site.ref.mode, chain: [] };
      for (const held of acquisition.held) edges.push({ held, taken, via: acquisition.site.call });
    }
    for (const call of facts.calls) {
      if (call.held.length === 0) continue;
      for (const reach of this.reachOfCall(call, (fn) => this.summaries.of(fn)).values()) {
        for (const held of call.held) edges.push({ held, taken: reach, via: call.call });
      }
    }
    return edges;
  }

  private reachOf(fn: FunctionWithBody, summaryOf: (callee: FunctionWithBody) => Map<string, Reach>): Map<string, Reach> {
    const reach = new Map<string, Reach>();
    const facts = this.functionFacts(fn);
    if (!facts) return reach;
    for (const { site } of facts.acquisitions) {
      addReach(reach, { site, instance: site.ref.instance, mode: site.ref.mode, chain: [] });
    }
    for (const call of facts.calls) for (const found of this.reachOfCall(call, summaryOf).values()) addReach(reach, found);
    return reach;
  }

  /** What a call may take, as the caller sees it: only `this` keeps its meaning across a `this.f()` call. */
  reachOfCall(call: CallWhileHolding, summaryOf = (callee: FunctionWithBody) => this.summaries.of(callee)): Map<string, Reach> {
    const reach = new Map<string, Reach>();
    for (const found of summaryOf(call.callee).values()) {
      const instance = call.onThis && found.instance?.startsWith('this') ? found.instance : undefined;
      addReach(reach, { ...found, instance, chain: [call.call, ...found.chain] });
    }
    return reach;
  }
}

function addReach(reach: Map<string, Reach>, found: Reach): void {
  const key = `${found.site.ref.identity.key}|${found.instance ?? '?'}|${found.mode}`;
  if (!reach.has(key)) reach.set(key, found);
}

/** The lock model for a program and lock settings, shared by every rule and file analysed against it. */
export function lockAnalysis(program: ts.Program, userTypes: readonly UserLockType[]): LockAnalysis {
  return perProgramMemo(program, `lock-model|${JSON.stringify(userTypes)}`, () => new LockAnalysis(program, userTypes));
}

interface CachedFacts {
  facts: FileLockFacts;
  /** The files whose trees the facts read (callees, lock declarations): valid while each is still the same object. */
  inputs: ts.SourceFile[];
  /** The same, per function: when some inputs changed, the functions that did not read them keep their facts. */
  functions: Map<FunctionWithBody, { facts: FunctionLockFacts; inputs: ts.SourceFile[] }>;
}

const factsCache = new RecentStamps<CachedFacts>();
/** The benchmark measures the cache's worth by turning it off (LOCKSTEP_LOCK_FACTS_CACHE=off). */
const useFactsCache = process.env.LOCKSTEP_LOCK_FACTS_CACHE !== 'off';

function cachedFileFacts(program: ts.Program, sourceFile: ts.SourceFile, userTypes: readonly UserLockType[]): FileLockFacts {
  const relevance = callRelevance(program, lockRelevanceSeeds(program, userTypes));
  // Facts skip the calls that were irrelevant when they were computed: new relevant names invalidate them.
  const stamp = `${JSON.stringify(userTypes)}|${relevance.digest}`;
  const cached = factsCache.get(sourceFile, stamp);
  const unchanged = (inputs: readonly ts.SourceFile[]) => inputs.every((input) => program.getSourceFile(input.fileName) === input);
  if (useFactsCache && cached && unchanged(cached.inputs)) return cached.facts;

  const fileInputs = new Set<ts.SourceFile>();
  let inputs = new Set<ts.SourceFile>();
  const context = {
    checker: program.getTypeChecker(),
    program,
    userTypes,
    relevance,
    dependsOn: (node: ts.Node) => void inputs.add(node.getSourceFile()),
  };
  const functions: FunctionLockFacts[] = [];
  const perFunction: CachedFacts['functions'] = new Map();
  const inlined = new Set<FunctionWithBody>();
  for (const fn of functionsIn(sourceFile)) {
    if (inlined.has(fn)) continue;
    let entry = cached?.functions.get(fn);
    if (!useFactsCache || !entry || !unchanged(entry.inputs)) {
      inputs = new Set();
      const facts = functionLockFacts(context, fn);
      inputs.delete(sourceFile);
      entry = { facts, inputs: [...inputs] };
    }
    perFunction.set(fn, entry);
    entry.inputs.forEach((input) => fileInputs.add(input));
    entry.facts.inlined.forEach((callback) => inlined.add(callback));
    functions.push(entry.facts);
  }
  const facts = { functions };
  factsCache.set(sourceFile, stamp, { facts, inputs: [...fileInputs], functions: perFunction });
  return facts;
}
