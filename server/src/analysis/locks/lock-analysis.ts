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
import { functionLockFacts, type Acquisition, type CallWhileHolding, type FunctionLockFacts, type LockSite, type ParameterCall } from './flow';
import { argumentFacts, callbackSlotOf, parameterNamedBy, passedExpression, valueAtSlot, type ArgumentFacts, type CallbackSlot } from './arguments';
import { lockPassedAs, renameParameters, type LockIdentity, type LockMode, type ParameterPosition } from './identity';
import { skipValueWrappers } from '../syntax';

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
  /** The callback, handed to a wrapper at the first call of the chain, that takes the lock. */
  callback?: FunctionWithBody;
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

/**
 * What calling a function may do with locks, as its callers need to know it:
 * - reach: the locks it may take (directly, through calls, through the callbacks it is given and runs);
 * - parameterEdges: lock-order edges inside it with an end that is one of its own parameters (`both(x, y)` takes
 *   y while holding x): each call instantiates them with its arguments;
 * - runsParameter: the parameters (or their function-valued properties) it calls — a wrapper runs its callback —
 *   and the locks that may be held then.
 */
export interface LockSummary {
  reach: Map<string, Reach>;
  parameterEdges: Map<string, LockEdge>;
  runsParameter: Map<string, ParameterRun>;
}

/** A callback slot a wrapper runs while this lock may be held. */
export interface ParameterRun extends CallbackSlot {
  held: LockSite;
}

/** A call's arguments bound to the callee's parameters, to see the callee's locks as the caller names them. */
interface CallBinding {
  call: CallWhileHolding;
  /** The call in the caller's body whose arguments these are. */
  via: ts.CallExpression | ts.NewExpression;
}

export class LockAnalysis {
  private readonly summaries: Summaries<LockSummary>;
  private readonly factsByFunction = new Map<FunctionWithBody, FunctionLockFacts>();
  private readonly ownerFlaggedCalls = new Set<ts.Node>();
  private readonly argumentFacts = new Map<ts.Expression, ArgumentFacts>();
  /** One object per lock site seen through one binding, so sets and maps of sites keep working. */
  private readonly boundSites = new Map<LockSite, Map<string, LockSite>>();
  private readonly resolvedOuterCalls = new Map<FunctionLockFacts, ParameterCall[]>();
  private edgeList: LockEdge[] | undefined;

  constructor(private readonly program: ts.Program, private readonly userTypes: readonly UserLockType[]) {
    this.summaries = new Summaries({
      bottom: () => ({ reach: new Map(), parameterEdges: new Map(), runsParameter: new Map() }),
      compute: (fn, summaryOf) => this.summaryFrom(fn, summaryOf),
      equals: (a, b) => sameKeys(a.reach, b.reach) && sameKeys(a.parameterEdges, b.parameterEdges) && sameKeys(a.runsParameter, b.runsParameter),
    });
  }

  /** The facts of every function in the file (scoped callbacks are part of the function around them). */
  fileFacts(sourceFile: ts.SourceFile): FileLockFacts {
    const facts = cachedFileFacts(this.program, sourceFile, this.userTypes);
    for (const fn of facts.functions) {
      this.factsByFunction.set(fn.fn, fn);
      for (const call of fn.calls) if (call.ownerFlagged) this.ownerFlaggedCalls.add(call.call);
    }
    return facts;
  }

  /**
   * The lock is reached through a hand-made reentrant wrapper (owner-flag.ts) — which a flow already holding its
   * lock passes through without taking it again. Asked of re-entries and same-family nestings only.
   */
  reachesThroughOwnerFlag(reach: Reach): boolean {
    return reach.site.ownerFlagged || reach.chain.some((call) => this.ownerFlaggedCalls.has(call));
  }

  /** The facts of one function (walked on demand for functions outside the project's own files). */
  functionFacts(fn: FunctionWithBody): FunctionLockFacts | undefined {
    if (!this.factsByFunction.has(fn)) this.fileFacts(fn.getSourceFile());
    return this.factsByFunction.get(fn);
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

  /** The project's wrappers — functions that run a parameter while they may hold locks — with what they run and hold (for reports). */
  wrappers(): { fn: FunctionWithBody; runs: ParameterRun[] }[] {
    const found: { fn: FunctionWithBody; runs: ParameterRun[] }[] = [];
    for (const fileName of projectFiles(this.program)) {
      const sourceFile = this.program.getSourceFile(fileName);
      if (!sourceFile) continue;
      for (const { fn } of this.fileFacts(sourceFile).functions) {
        const runs = [...this.summaries.of(fn).runsParameter.values()];
        if (runs.length > 0) found.push({ fn, runs });
      }
    }
    return found;
  }

  /** Every acquisition in the project, for hover's "where it is taken". */
  acquisitions(): Acquisition[] {
    this.edges();
    return [...this.factsByFunction.values()].flatMap((fn) => fn.acquisitions);
  }

  /** The function's edges: its own nestings, what its calls take while it holds a lock, and what the calls' arguments bring. */
  edgesOf(facts: FunctionLockFacts, summaryOf = (fn: FunctionWithBody) => this.summaries.of(fn)): LockEdge[] {
    const edges: LockEdge[] = [];
    for (const acquisition of facts.acquisitions) {
      const taken: Reach = { site: acquisition.site, instance: acquisition.site.ref.instance, mode: acquisition.site.ref.mode, chain: [] };
      for (const held of acquisition.held) edges.push({ held, taken, via: acquisition.site.call });
    }
    for (const call of facts.calls) {
      for (const reach of this.reachOfCall(call, summaryOf).values()) {
        for (const held of call.held) edges.push({ held, taken: reach, via: call.call });
      }
      const binding = { call, via: call.call };
      for (const edge of summaryOf(call.callee).parameterEdges.values()) {
        edges.push({ held: this.bindSite(edge.held, binding), taken: this.bindReach(edge.taken, binding), via: call.call });
      }
      edges.push(...this.callbackEdges(call, summaryOf));
    }
    return edges;
  }

  /**
   * A callback handed to a function that runs it while holding locks (a wrapper: `runWithLock(fn)`,
   * `db.transaction(cb)`) takes what it takes while those locks — and the caller's — are held.
   */
  callbackEdges(call: CallWhileHolding, summaryOf = (fn: FunctionWithBody) => this.summaries.of(fn)): LockEdge[] {
    const edges: LockEdge[] = [];
    const binding = { call, via: call.call };
    for (const { slot, callback } of this.callbacksRun(call, summaryOf)) {
      const heldByWrapper = [...summaryOf(call.callee).runsParameter.values()].filter((run) => slotKey(run) === slotKey(slot)).map((run) => this.bindSite(run.held, binding));
      const held = [...new Set([...heldByWrapper, ...call.held])];
      for (const reach of this.callbackReach(call, slot, callback, summaryOf)) {
        const taken = { ...reach, callback };
        for (const holder of held) edges.push({ held: holder, taken, via: call.call });
      }
    }
    return edges;
  }

  private summaryFrom(fn: FunctionWithBody, summaryOf: (callee: FunctionWithBody) => LockSummary): LockSummary {
    const summary: LockSummary = { reach: new Map(), parameterEdges: new Map(), runsParameter: new Map() };
    const facts = this.functionFacts(fn);
    if (!facts) return summary;
    for (const { site, retakes } of facts.acquisitions) {
      if (!retakes) addReach(summary.reach, { site, instance: site.ref.instance, mode: site.ref.mode, chain: [] });
    }
    for (const run of facts.parameterCalls) if (run.fn === fn) for (const held of run.held) addRun(summary, run, held);
    for (const call of facts.calls) {
      for (const found of this.reachOfCall(call, summaryOf).values()) addReach(summary.reach, found);
      for (const { slot, callback } of this.callbacksRun(call, summaryOf)) {
        for (const found of this.callbackReach(call, slot, callback, summaryOf)) addReach(summary.reach, found);
      }
      this.passParameterRuns(summary, fn, call, summaryOf);
    }
    if (!mayTakeParameterLocks(this.program.getTypeChecker(), facts)) return summary;
    for (const edge of this.edgesOf(facts, summaryOf)) {
      if (isParameterOf(edge.held.ref.identity, fn) || isParameterOf(edge.taken.site.ref.identity, fn)) addEdge(summary.parameterEdges, edge);
    }
    return summary;
  }

  /**
   * A wrapper that hands its own callback on to another wrapper — as it is, or called inside an inline callback
   * it hands over — runs it while that one's locks are held.
   */
  private passParameterRuns(summary: LockSummary, fn: FunctionWithBody, call: CallWhileHolding, summaryOf: (callee: FunctionWithBody) => LockSummary): void {
    const binding = { call, via: call.call };
    for (const run of summaryOf(call.callee).runsParameter.values()) {
      const argument = this.argumentAt(call, run);
      const inCallback = argument?.callback ? this.parameterCallsIn(argument.callback).filter((inner) => inner.fn === fn) : [];
      const passed = [...(argument?.parameter === undefined ? [] : [{ ...argument.parameter, held: [] as LockSite[], givenBack: [] as string[] }]), ...inCallback];
      for (const { held, givenBack, ...slot } of passed) {
        const byWrapper = this.bindSite(run.held, binding);
        if (!givenBack.includes(byWrapper.ref.identity.key)) addRun(summary, slot, byWrapper);
        for (const holder of [...call.held, ...held]) addRun(summary, slot, holder);
      }
    }
  }

  /**
   * What a callback handed to a wrapper takes, as the caller names it: the callback's parameters are what the
   * wrapper passes it (`work(this)` in `db.transaction(async (tx) => tx.query())`: `tx` is `db`), when known.
   */
  private callbackReach(call: CallWhileHolding, slot: CallbackSlot, callback: FunctionWithBody, summaryOf: (callee: FunctionWithBody) => LockSummary): Reach[] {
    const passes = this.passesTo(call.callee, slot).map((passed) => passed && this.bindInstance(passed, call));
    return [...summaryOf(callback).reach.values()].map((reach) => {
      const instance = reach.instance && (renameParameters(reach.instance, callback, (index) => passes[index]) ?? reach.instance);
      return { ...reach, instance, chain: [call.call, ...reach.chain] };
    });
  }

  /** What a wrapper passes the callback in a slot, argument by argument: what its every call of the slot agrees on. */
  private passesTo(wrapper: FunctionWithBody, slot: CallbackSlot): (string | undefined)[] {
    const runs = this.functionFacts(wrapper)?.parameterCalls.filter((run) => run.fn === wrapper && slotKey(run) === slotKey(slot)) ?? [];
    const [first, ...others] = runs;
    return (first?.passes ?? []).map((passed, index) => (others.every((run) => run.passes[index] === passed) ? passed : undefined));
  }

  /** A callback's calls of callback slots: its own, and those of functions around it (resolved here, once). */
  private parameterCallsIn(callback: FunctionWithBody): ParameterCall[] {
    const facts = this.functionFacts(callback);
    if (!facts) return [];
    let outer = this.resolvedOuterCalls.get(facts);
    if (!outer) {
      const checker = this.program.getTypeChecker();
      outer = facts.outerParameterCalls.flatMap(({ call, givenBack, passes }) => {
        const slot = callbackSlotOf(checker, call.expression);
        return slot ? [{ ...slot, call, held: [], givenBack, passes }] : [];
      });
      this.resolvedOuterCalls.set(facts, outer);
    }
    return [...facts.parameterCalls, ...outer];
  }

  /** The callbacks a call hands to parameters the callee runs. */
  private callbacksRun(call: CallWhileHolding, summaryOf: (callee: FunctionWithBody) => LockSummary): { slot: CallbackSlot; callback: FunctionWithBody }[] {
    const slots = new Map([...summaryOf(call.callee).runsParameter.values()].map((run) => [slotKey(run), run]));
    return [...slots.values()].flatMap((slot) => {
      const callback = this.argumentAt(call, slot)?.callback;
      return callback ? [{ slot, callback }] : [];
    });
  }

  /** What a call may take, as the caller names it: the callee's parameters become the arguments, its `this` the receiver. */
  reachOfCall(call: CallWhileHolding, summaryOf = (callee: FunctionWithBody) => this.summaries.of(callee)): Map<string, Reach> {
    const reach = new Map<string, Reach>();
    const binding = { call, via: call.call };
    for (const found of summaryOf(call.callee).reach.values()) addReach(reach, this.bindReach(found, binding));
    return reach;
  }

  private bindReach(reach: Reach, binding: CallBinding): Reach {
    const site = this.bindSite(reach.site, binding);
    return { ...reach, site, instance: this.bindInstance(reach.instance, binding.call), mode: site.ref.mode, chain: [binding.via, ...reach.chain] };
  }

  /** The site as the caller sees it: a parameter's lock is the argument's, instances are renamed through the call. */
  private bindSite(site: LockSite, binding: CallBinding): LockSite {
    const parameter = site.ref.identity.parameter;
    const passed = parameter && parameter.fn === binding.call.callee ? this.argumentOf(binding.call, parameter.index) : undefined;
    const identity = (passed && lockPassedAs(site.ref.identity, passed)) ?? site.ref.identity;
    const instance = passed?.object && !parameter?.keyOf ? passed.object.instance : this.bindInstance(site.ref.instance, binding.call);
    if (identity === site.ref.identity && instance === site.ref.instance) return site;
    const key = `${identity.key}|${instance ?? '?'}`;
    let bound = this.boundSites.get(site);
    if (!bound) this.boundSites.set(site, (bound = new Map()));
    let known = bound.get(key);
    if (!known) bound.set(key, (known = { ...site, ref: { ...site.ref, identity, instance } }));
    return known;
  }

  /**
   * An instance inside the callee (`this.x`, `@param`, `[@i]`) as the caller names it: `this` becomes the receiver,
   * a parameter the argument. Undefined when the caller cannot name it (the callee's own locals, an unknown argument).
   */
  private bindInstance(instance: string | undefined, call: CallWhileHolding): string | undefined {
    if (instance === undefined) return undefined;
    let bound = instance;
    if (bound === 'this' || bound.startsWith('this.') || bound.startsWith('this[')) {
      if (call.receiver === undefined) return undefined;
      bound = call.receiver + bound.slice('this'.length);
    }
    const renamed = renameParameters(bound, call.callee, (index) => this.argumentOf(call, index)?.instance);
    return renamed === undefined || namesLocalOf(renamed, call.callee) ? undefined : renamed;
  }

  /** What a call's argument is to the lock model, asked once per program (arguments.ts). */
  private argumentOf(call: CallWhileHolding, position: ParameterPosition): ArgumentFacts | undefined {
    const node = passedExpression(call.call, call.argumentNodes, position);
    return node && this.factsOf(node, call.caller);
  }

  /**
   * What a call passes for a callback slot of its callee: the argument, a property of an object literal there, or
   * the caller's own parameter (or a property of it) that the rest of the slot's path is read from.
   */
  private argumentAt(call: CallWhileHolding, slot: CallbackSlot): ArgumentFacts | undefined {
    const node = call.argumentNodes[slot.index];
    if (!node) return undefined;
    const { value, rest } = valueAtSlot(node, slot.path);
    if (ts.isMethodDeclaration(value)) return { callback: value };
    const facts = this.factsOf(value, call.caller);
    if (rest.length === 0) return facts;
    return facts.parameter && { parameter: { index: facts.parameter.index, path: [...facts.parameter.path, ...rest] } };
  }

  private factsOf(node: ts.Expression, caller: FunctionWithBody): ArgumentFacts {
    let known = this.argumentFacts.get(node);
    if (!known) this.argumentFacts.set(node, (known = argumentFacts(this.program.getTypeChecker(), node, caller)));
    return known;
  }
}

/** Whether an instance still names a binding declared inside fn (which means nothing outside it). */
function namesLocalOf(instance: string, fn: FunctionWithBody): boolean {
  const prefix = `@${fn.getSourceFile().fileName}:`;
  for (let at = instance.indexOf(prefix); at >= 0; at = instance.indexOf(prefix, at + 1)) {
    const pos = Number(/^\d+/.exec(instance.slice(at + prefix.length))?.[0]);
    if (pos >= fn.pos && pos < fn.end) return true;
  }
  return false;
}

/** Only a function that takes a lock through its own parameter, or hands one on to a call, can have parameter edges. */
function mayTakeParameterLocks(checker: ts.TypeChecker, facts: FunctionLockFacts): boolean {
  return facts.acquisitions.some(({ site }) => isParameterOf(site.ref.identity, facts.fn)) ||
    facts.calls.some((call) => call.argumentNodes.some((argument) => parameterNamedBy(checker, skipValueWrappers(argument))?.fn === facts.fn));
}

function isParameterOf(identity: LockIdentity, fn: FunctionWithBody): boolean {
  return identity.parameter?.fn === fn;
}

function sameKeys(a: Map<string, unknown>, b: Map<string, unknown>): boolean {
  return a.size === b.size && [...a.keys()].every((key) => b.has(key));
}

function addRun(summary: LockSummary, slot: CallbackSlot, held: LockSite): void {
  const key = `${slotKey(slot)}|${held.ref.identity.key}|${held.ref.instance ?? '?'}|${held.ref.mode}`;
  if (!summary.runsParameter.has(key)) summary.runsParameter.set(key, { index: slot.index, path: slot.path, held });
}

function slotKey(slot: CallbackSlot): string {
  return [slot.index, ...slot.path].join('.');
}

function addEdge(edges: Map<string, LockEdge>, edge: LockEdge): void {
  const held = edge.held.ref;
  const key = `${held.identity.key}|${held.instance ?? '?'}|${held.mode}>${edge.taken.site.ref.identity.key}|${edge.taken.instance ?? '?'}|${edge.taken.mode}`;
  if (!edges.has(key)) edges.set(key, edge);
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
