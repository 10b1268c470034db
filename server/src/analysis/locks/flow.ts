// The lock facts of one function, from a small path-sensitive walk over its own body: which locks it takes and
// which it already holds at that moment, which functions it calls while holding what, and which acquisitions
// can leave the function still held.
//
// Precision (the choices, so the rules' reports can be trusted and their silences understood):
// - Statements are followed in order with the set of locks that MAY be held; branches join by union, so a lock
//   released on one branch only is still held after the `if`. return, throw, break, continue and labels leave
//   their construct with the state at that point; `finally` runs on every way out of its `try`.
// - Loops are walked once: the state after a loop joins "never entered", "ran once", and the breaks/continues.
// - Any call or await between an acquisition and its release may throw; such implicit throws count as a way out
//   of the function (so `acquire(); await work(); release()` leaks when work() rejects), caught by `catch`.
// - Callbacks of scoped lock operations (`runExclusive(cb)`, `lock.acquire(key, cb)`, `navigator.locks.request(…,
//   cb)`) are walked in place with the lock held — they run inside it. Other nested functions run at another time
//   and are units of their own; a release function they mention has escaped.
// - Within an expression, operands are walked left to right; `a && m.acquire()` counts as taken (may-analysis).
// - An acquisition not awaited where it is made (`return m.acquire()`, `m.acquire().then(…)`) hands the lock on:
//   it is ordered against what is held, but not tracked as held here.
// - Several at once (several-at-once.ts): a list of async-lock keys is taken key by key; the acquisitions an
//   awaited `Promise.all` waits for are taken in array order and held together, released through its array.
import ts from 'typescript';
import type { CallRelevance } from '../call-relevance';
import { resolveCallee, signatureDeclarations } from '../calls';
import { isAsyncFunction, isFunctionWithBody, type FunctionWithBody } from '../functions';
import type { UserLockType } from '../types';
import { lockApiCall, type LockApiCall, type LockOperationKind } from './api';
import type { Releaser } from './libraries';
import { releaseBinding, releaserCall, releaserValue, releasesBy, type ReleaserCall } from './release';
import { alwaysRunsBefore, skipValueWrappers, valueUserOf } from '../syntax';
import { argumentFacts, callbackSlotOf, functionNamedBy, hasParameterNamed, isParameterNameAround, passedExpression, propertyPathRoot, type CallbackSlot } from './arguments';
import { instanceOf, keyRefsInOrder, lockPassedAs, lockRefOf, type LockRef } from './identity';
import { assignedFunctions } from './assigned-values';
import { isGuardedByOwnerFlag } from './owner-flag';
import { bindingOfRelease, returnedRelease } from './returned-release';
import { isNonThrowingCall } from '../non-throwing-apis';
import { promiseChainLock } from './promise-chain';
import * as together from './several-at-once';

/** One lock operation in the code. */
export interface LockSite {
  ref: LockRef;
  kind: LockOperationKind;
  call: ts.CallExpression;
  /** The expression that names the lock: the receiver (`m` in `m.acquire()`), or the key / name argument. */
  lockExpression: ts.Expression;
  /** The function whose run performs it (for a scoped operation's callback: the function around the operation). */
  fn: FunctionWithBody;
  /** Taken only while a field its callback sets is unset: a hand-made reentrant lock (owner-flag.ts). */
  ownerFlagged: boolean;
}

export interface Acquisition {
  site: LockSite;
  /** The acquisitions whose locks may be held when this one is made, on some path. */
  held: LockSite[];
  /**
   * The function gave this lock back earlier without having taken it (a wrapper's callback that releases the
   * wrapper's lock around slow work, then takes it again): the hold is the wrapper's again, balanced, not new.
   */
  retakes: boolean;
}

export interface CallWhileHolding {
  call: ts.CallExpression | ts.NewExpression;
  callee: FunctionWithBody;
  held: LockSite[];
  /** Which object the callee's `this` is, as the caller names it (`this` for `this.f()`, `@…` for `db.f()`). */
  receiver?: string;
  /** The function making the call (whose parameters an argument may hand on). */
  caller: FunctionWithBody;
  /** The arguments, as written: what each is to the lock model is asked only when a summary binds it (arguments.ts). */
  argumentNodes: readonly ts.Expression[];
  /** The call takes its lock only while a field its callback sets is unset: a hand-made reentrant lock (owner-flag.ts). */
  ownerFlagged: boolean;
}

/** What a call tells its callee's summary beyond held locks. */
type CallBinding = Pick<CallWhileHolding, 'receiver' | 'caller' | 'argumentNodes' | 'ownerFlagged'>;

/**
 * A function calls a parameter (the callback of a wrapper) while these locks may be held: one of its own, or — in
 * an inline callback — one of the function around it (`runWithLock(async () => onBlock())` in `iterator(onBlock)`).
 */
export interface ParameterCall extends CallbackSlot {
  /** Whose parameter. */
  fn: FunctionWithBody;
  call: ts.CallExpression;
  held: LockSite[];
  /** Locks the function gave back (released without taking) on every path to this call: the wrapper's, not held here. */
  givenBack: string[];
  /** What the callback receives, as the function names each argument (`this`, a parameter); [] when a library calls it. */
  passes: readonly (string | undefined)[];
}

/** A call that may run a callback slot of a function around the caller: resolved on demand. */
export interface OuterParameterCall {
  call: ts.CallExpression;
  givenBack: string[];
  passes: readonly (string | undefined)[];
}

export type ExitKind = 'return' | 'throw' | 'implicit-throw' | 'end';

export interface Leak {
  site: LockSite;
  exit: ExitKind;
  /** The return/throw statement, the call that may throw, or the function's body for the end. */
  exitNode: ts.Node;
}

export interface FunctionLockFacts {
  fn: FunctionWithBody;
  /** Every lock operation of the function (and of the scoped callbacks walked in place), in source order. */
  operations: LockSite[];
  acquisitions: Acquisition[];
  calls: CallWhileHolding[];
  leaks: Leak[];
  /** The identity keys of locks the function releases without holding them (a wrapper's unlock, a counter's `filled.release()`). */
  givenBack: string[];
  /** Calls of the function's own parameters (it runs a callback it was given), with what may be held then. */
  parameterCalls: ParameterCall[];
  /**
   * Calls, with nothing held here, that may run a parameter of a function around this one: they matter only if
   * that function hands this one to a wrapper, and are resolved then (lock-analysis.ts), not for every closure.
   */
  outerParameterCalls: OuterParameterCall[];
  /** Scoped callbacks walked in place: they are not units of their own. */
  inlined: FunctionWithBody[];
}

export interface FlowContext {
  checker: ts.TypeChecker;
  program: ts.Program;
  userTypes: readonly UserLockType[];
  /** Which calls are worth resolving: only those that may lead to a lock operation. */
  relevance: CallRelevance;
  /** Told about every declaration the facts rely on (its file's tree must stay the same for them to stay valid). */
  dependsOn: (node: ts.Node) => void;
}

interface Held {
  site: LockSite;
  /** Taken with acquire() (released by hand), not by a scoped operation. */
  manual: boolean;
  /** The binding of the release function `acquire()` resolved to (or of the handle that releases it), if it was bound. */
  release?: ts.Symbol;
  /** How that binding releases (its library's Releaser). */
  releasedBy?: Releaser;
  /** The release function went somewhere we cannot follow (returned, stored, passed on): no leak is claimed. */
  escaped: boolean;
}

/** The locks that may be held at a point; undefined where the point cannot be reached. */
type State = readonly Held[] | undefined;

interface Exit {
  kind: 'return' | 'throw' | 'implicit-throw' | 'break' | 'continue';
  node: ts.Node;
  state: readonly Held[];
  label?: string;
}

interface Flow {
  state: State;
  exits: Exit[];
}

export function functionLockFacts(context: FlowContext, fn: FunctionWithBody): FunctionLockFacts {
  const walker = new FlowWalker(context, fn);
  walker.walkUnit(fn, []);
  walker.holdPromiseChain();
  return walker.facts();
}

class FlowWalker {
  /** By call; the later keys of a list taken in order (async-lock's `acquire(['a', 'b'], cb)`) by their key. */
  private readonly sites = new Map<ts.Node, LockSite>();
  private readonly acquisitions = new Map<LockSite, Set<LockSite>>();
  private readonly calls = new Map<ts.Node, Map<FunctionWithBody, CallWhileHolding & { heldSet: Set<LockSite> }>>();
  private readonly leaks = new Map<LockSite, Leak>();
  private readonly parameterCalls = new Map<ts.CallExpression, ParameterCall & { heldSet: Set<LockSite> }>();
  private readonly outerParameterCalls: OuterParameterCall[] = [];
  /** Locks released here that no path here had taken (given by a caller or a wrapper, and given back): their releases. */
  private readonly givenBack = new Map<string, ts.CallExpression[]>();
  /** How many `finally` blocks the walk is inside. */
  private cleanupDepth = 0;
  private readonly retaken = new Set<LockSite>();
  private readonly inlined: FunctionWithBody[] = [];

  constructor(private readonly context: FlowContext, private readonly fn: FunctionWithBody) {}

  facts(): FunctionLockFacts {
    const inSourceOrder = <T>(items: T[], node: (item: T) => ts.Node) => items.sort((a, b) => node(a).pos - node(b).pos);
    return {
      fn: this.fn,
      operations: inSourceOrder([...this.sites.values()], (site) => site.call),
      acquisitions: inSourceOrder([...this.acquisitions].map(([site, held]) => ({ site, held: [...held], retakes: this.retaken.has(site) })), (a) => a.site.call),
      calls: inSourceOrder([...this.calls.values()].flatMap((byCallee) => [...byCallee.values()]).map(({ heldSet, ...call }) => ({ ...call, held: [...heldSet] })), (c) => c.call),
      leaks: inSourceOrder([...this.leaks.values()], (leak) => leak.site.call),
      givenBack: [...this.givenBack.keys()],
      parameterCalls: inSourceOrder([...this.parameterCalls.values()].map(({ heldSet, ...call }) => ({ ...call, held: [...heldSet] })), (c) => c.call),
      outerParameterCalls: this.outerParameterCalls,
      inlined: this.inlined,
    };
  }

  /**
   * Walks a function body from `entry`; acquisitions made inside — and the `owned` holds it starts with, which it
   * must release — still held on a way out are leaks.
   */
  walkUnit(fn: FunctionWithBody, entry: readonly Held[], owned: readonly Held[] = []): void {
    const body = fn.body!;
    const exits: Exit[] = [];
    const start = [...entry, ...owned];
    const flow: Flow = ts.isBlock(body) ? this.block(body.statements, start) : { state: this.expr(body, start, exits), exits };
    const ways: { kind: ExitKind; node: ts.Node; state: readonly Held[] }[] = [...exits, ...flow.exits].flatMap((exit) =>
      exit.kind === 'break' || exit.kind === 'continue' ? [] : [{ kind: exit.kind, node: exit.node, state: exit.state }]);
    if (flow.state) ways.push({ kind: 'end', node: body, state: flow.state });
    for (const way of ways) {
      for (const held of way.state) {
        if (held.manual && !held.escaped && !entry.some((outer) => outer.site === held.site)) this.noteLeak(held.site, way.kind, way.node);
      }
    }
  }

  /**
   * A function that keeps a chain of promises as a lock (promise-chain.ts) takes the slot's lock and runs its
   * callback holding it: a scoped operation at each run of the callback.
   */
  holdPromiseChain(): void {
    const { program, relevance, dependsOn } = this.context;
    const chain = relevance.mayChainPromises(this.fn) ? promiseChainLock(program, this.fn, dependsOn) : undefined;
    if (!chain) return;
    for (const run of chain.runs) {
      const site = this.siteOf(run, 'scoped', chain.ref, chain.slot);
      this.noteAcquisition(site, []);
      this.noteParameterCall({ fn: this.fn, index: chain.callbackIndex, path: [] }, run, [{ site, manual: false, escaped: false }], this.passedBy(run));
    }
  }

  /** One leak per acquisition; an explicit way out (return, throw, the end) says more than "if this call throws". */
  private noteLeak(site: LockSite, exit: ExitKind, exitNode: ts.Node): void {
    const known = this.leaks.get(site);
    if (known && !(known.exit === 'implicit-throw' && exit !== 'implicit-throw')) return;
    this.leaks.set(site, { site, exit, exitNode });
  }

  // ---- statements ----

  private block(statements: readonly ts.Statement[], entry: State): Flow {
    let state = entry;
    const exits: Exit[] = [];
    for (const statement of statements) {
      if (!state) break;
      const flow = this.statement(statement, state);
      exits.push(...flow.exits);
      state = flow.state;
    }
    return { state, exits };
  }

  private statement(node: ts.Statement, state: readonly Held[], label?: string): Flow {
    const exits: Exit[] = [];
    if (ts.isBlock(node)) return this.block(node.statements, state);
    if (ts.isExpressionStatement(node)) return { state: this.expr(node.expression, state, exits), exits };
    if (ts.isReturnStatement(node) || ts.isThrowStatement(node)) {
      const after = node.expression ? this.expr(node.expression, state, exits) : state;
      exits.push({ kind: ts.isReturnStatement(node) ? 'return' : 'throw', node, state: after });
      return { state: undefined, exits };
    }
    if (ts.isBreakStatement(node) || ts.isContinueStatement(node)) {
      exits.push({ kind: ts.isBreakStatement(node) ? 'break' : 'continue', node, state, label: node.label?.text });
      return { state: undefined, exits };
    }
    if (ts.isIfStatement(node)) {
      const afterCondition = this.expr(node.expression, state, exits);
      const whenTrue = this.statement(node.thenStatement, afterCondition);
      const whenFalse = node.elseStatement ? this.statement(node.elseStatement, afterCondition) : { state: afterCondition, exits: [] };
      return { state: join(whenTrue.state, whenFalse.state), exits: [...exits, ...whenTrue.exits, ...whenFalse.exits] };
    }
    if (ts.isIterationStatement(node, false)) return this.loop(node, state, label);
    if (ts.isLabeledStatement(node)) return this.labeled(node, state);
    if (ts.isSwitchStatement(node)) return this.switchStatement(node, state);
    if (ts.isTryStatement(node)) return this.tryStatement(node, state);
    if (ts.isFunctionDeclaration(node) || ts.isClassDeclaration(node)) return { state: this.nestedFunction(node, state), exits };
    // Variable statements and anything else: the expressions inside, in order.
    return { state: this.children(node, state, exits), exits };
  }

  private loop(node: ts.IterationStatement, entry: readonly Held[], label: string | undefined): Flow {
    const releasedEach = ts.isForOfStatement(node) ? this.releaseEach(() => together.releasesEach(this.context.checker, node), entry) : undefined;
    if (releasedEach) return { state: releasedEach, exits: [] };
    const exits: Exit[] = [];
    let state = entry;
    if (ts.isForStatement(node)) {
      if (node.initializer) state = this.expr(node.initializer, state, exits);
      if (node.condition) state = this.expr(node.condition, state, exits);
    } else if (ts.isForOfStatement(node) || ts.isForInStatement(node) || ts.isWhileStatement(node)) {
      state = this.expr(node.expression, state, exits);
    }
    const body = this.statement(node.statement, state);
    let after = join(ts.isDoStatement(node) ? undefined : state, body.state);
    if (ts.isDoStatement(node) && body.state) after = join(after, this.expr(node.expression, body.state, exits));
    if (ts.isForStatement(node) && node.incrementor && body.state) this.expr(node.incrementor, body.state, exits);
    for (const exit of body.exits) {
      const ownsExit = (exit.kind === 'break' || exit.kind === 'continue') && (exit.label === undefined || exit.label === label);
      if (ownsExit) after = join(after, exit.state);
      else exits.push(exit);
    }
    return { state: after, exits };
  }

  private labeled(node: ts.LabeledStatement, state: readonly Held[]): Flow {
    const label = node.label.text;
    const inner = this.statement(node.statement, state, label);
    let after = inner.state;
    const exits: Exit[] = [];
    for (const exit of inner.exits) {
      if (exit.kind === 'break' && exit.label === label) after = join(after, exit.state);
      else exits.push(exit);
    }
    return { state: after, exits };
  }

  private switchStatement(node: ts.SwitchStatement, entry: readonly Held[]): Flow {
    const exits: Exit[] = [];
    const afterExpression = this.expr(node.expression, entry, exits);
    let fallThrough: State;
    let after: State;
    for (const clause of node.caseBlock.clauses) {
      const flow = this.block(clause.statements, join(afterExpression, fallThrough));
      fallThrough = flow.state;
      for (const exit of flow.exits) {
        if (exit.kind === 'break' && exit.label === undefined) after = join(after, exit.state);
        else exits.push(exit);
      }
    }
    after = join(after, fallThrough);
    if (!node.caseBlock.clauses.some(ts.isDefaultClause)) after = join(after, afterExpression);
    return { state: after, exits };
  }

  private tryStatement(node: ts.TryStatement, entry: readonly Held[]): Flow {
    const attempt = this.block(node.tryBlock.statements, entry);
    let normal = attempt.state;
    let pending = attempt.exits;
    if (node.catchClause) {
      const throws = pending.filter(isThrow);
      pending = pending.filter((exit) => !isThrow(exit));
      const caught = throws.reduce<State>((state, exit) => join(state, exit.state), undefined) ?? entry;
      const handler = this.block(node.catchClause.block.statements, caught);
      normal = join(normal, handler.state);
      pending = [...pending, ...handler.exits];
    }
    if (!node.finallyBlock) return { state: normal, exits: pending };
    const finallyStatements = node.finallyBlock.statements;
    const exits: Exit[] = [];
    const completed = normal ? this.cleanup(finallyStatements, normal) : { state: undefined, exits: [] };
    exits.push(...completed.exits);
    // Every way out passes through `finally`; ways out of one kind share one walk of it (their states joined).
    for (const group of groupExits(pending)) {
      const state = group.reduce<State>((joined, exit) => join(joined, exit.state), undefined)!;
      const through = this.cleanup(finallyStatements, state);
      exits.push(...through.exits);
      const after = through.state;
      if (after) exits.push(...group.map((exit) => ({ ...exit, state: heldAfterCleanup(exit.state, state, after) })));
    }
    return { state: completed.state, exits };
  }

  /**
   * A `finally` block is cleanup: its calls and awaits are not counted as ways to throw past the release that
   * follows them (a cleanup that throws is a bug of its own; counting it flagged `finally { log(); release(); }`
   * everywhere). Its explicit throws and returns still count.
   */
  private cleanup(statements: readonly ts.Statement[], state: readonly Held[]): Flow {
    this.cleanupDepth++;
    try {
      return this.block(statements, state);
    } finally {
      this.cleanupDepth--;
    }
  }

  // ---- expressions ----

  private expr(node: ts.Node, state: readonly Held[], exits: Exit[]): readonly Held[] {
    if (isFunctionWithBody(node) || ts.isClassLike(node)) return this.nestedFunction(node, state);
    if (ts.isCallExpression(node)) return this.call(node, state, exits);
    if (ts.isNewExpression(node)) {
      const after = this.children(node, state, exits);
      this.noteCall(node, after);
      this.mayThrow(node, after, exits);
      return after;
    }
    if (ts.isIdentifier(node)) return this.identifierUse(node, state);
    if (ts.isAwaitExpression(node)) {
      // The awaited promise may reject, with what is held once its expression ran (a call inside has counted its
      // own throw; an async releaser, `await release()`, has released). Awaiting a lock is not counted:
      // acquisitions reject only when cancelled or timed out, and counting them would flag the usual
      // `const ra = await a.acquire(); const rb = await b.acquire(); try …` pattern.
      const after = this.expr(node.expression, state, exits);
      const awaited = skipValueWrappers(node.expression);
      const awaitsLocks = () => ts.isCallExpression(awaited) && (this.sites.has(awaited) || this.acquiresTogether(awaited));
      if (this.holdsByHand(after) && !awaitsLocks()) this.mayThrow(node, after, exits);
      return after;
    }
    return this.children(node, state, exits);
  }

  private children(node: ts.Node, state: readonly Held[], exits: Exit[]): readonly Held[] {
    let current = state;
    ts.forEachChild(node, (child) => {
      current = this.expr(child, current, exits);
    });
    return current;
  }

  private call(call: ts.CallExpression, state: readonly Held[], exits: Exit[]): readonly Held[] {
    const { checker, program, userTypes, relevance } = this.context;
    // A lock operation is a seed of the relevance closure: a call it rules out is none (and costs no type check).
    const api = relevance.mayMatter(call) ? lockApiCall(checker, program, call, userTypes) : undefined;
    const ref = api && lockRefOf(checker, api, this.context.dependsOn);
    if (!api || !ref) return this.perElementOperation(call, state) ?? this.ordinaryCall(call, state, exits);

    let current = this.expr(call.expression, state, exits);
    for (const argument of call.arguments) if (argument !== api.callback) current = this.expr(argument, current, exits);
    const keys = api.kind === 'scoped' ? keyRefsInOrder(checker, api, this.context.dependsOn) : undefined;
    const sites = keys?.map((key, i) => this.siteOf(call, api.kind, key.ref, key.expression, i === 0 ? call : key.expression)) ??
      [this.siteOf(call, api.kind, ref, api.key ?? api.receiver ?? call.expression)];
    const site = sites[0]!;
    switch (api.kind) {
      case 'release': {
        const after = releaseByMethod(current, ref);
        if (after === current) this.noteGivenBack(lockKeyOf(ref), call);
        return after;
      }
      case 'wait':
        this.noteAcquisition(site, current);
        return current;
      case 'acquire':
        this.noteAcquisition(site, current);
        this.holdInThen(site, current, api.operation.releasedBy);
        return this.givenBack.has(lockKeyOf(ref)) ? this.retake(site, current) : this.startHolding(site, current, api.operation.releasedBy);
      case 'scoped':
        this.runScoped(sites, api.callback, current);
        return current;
    }
  }

  private ordinaryCall(call: ts.CallExpression, state: readonly Held[], exits: Exit[]): readonly Held[] {
    const releasedEach = this.releaseEach(() => together.releasesEach(this.context.checker, call), state);
    if (releasedEach) return releasedEach;
    const callee = skipValueWrappers(call.expression);
    const releasing = releaserCall(call);
    const releasedIn = (held: readonly Held[]) => (releasing ? this.heldReleasedBy(releasing, held) : undefined);
    // A bare identifier callee, or a handle's releasing method, is not a use that lets a releaser escape: calling it is the release.
    let current = ts.isIdentifier(callee) || releasedIn(state) ? state : this.expr(call.expression, state, exits);
    for (const argument of call.arguments) current = this.expr(argument, current, exits);
    current = this.handOnTogether(call, current);
    const released = releasedIn(current);
    if (released) return current.filter((held) => held !== released);
    const runsOuter = current.length === 0 && this.mayRunOuterParameter(callee);
    if (runsOuter) this.outerParameterCalls.push({ call, givenBack: this.givenBackBefore(call), passes: this.passedBy(call) });
    const parameter = current.length > 0 ? this.callbackSlotOf(callee) : undefined;
    if (parameter) this.noteParameterCall(parameter, call, current, this.passedBy(call));
    // A function-valued property may also hold what the code assigns to it (assigned-values.ts): resolved as any call.
    const callsParameter = parameter?.path.length === 0 || (runsOuter && ts.isIdentifier(callee));
    const resolved = callsParameter ? undefined : this.noteCall(call, current);
    if (this.holdsByHand(current) && !this.cannotThrowHere(call)) this.mayThrow(call, current, exits);
    return resolved ? this.holdReturnedLock(call, resolved, current) : current;
  }

  /**
   * Records a call that may lead to a lock operation; the function it runs, when it has a body. A field or binding
   * typed as a bare signature runs whatever functions the code assigns to it (`this.lock(name, fn)`): each is a callee.
   */
  private noteCall(call: ts.CallExpression | ts.NewExpression, state: readonly Held[]): FunctionWithBody | undefined {
    if (!this.context.relevance.mayMatter(call)) return undefined;
    const resolved = resolveCallee(this.context.checker, call);
    const callees = resolved ? [resolved] : ts.isCallExpression(call) ? assignedFunctions(this.context.checker, call.expression) : [];
    let binding: CallBinding | undefined;
    const bound = () => (binding ??= {
      receiver: this.receiverOf(call),
      caller: this.fn,
      argumentNodes: call.arguments ?? [],
      ownerFlagged: isGuardedByOwnerFlag(this.context.checker, call),
    });
    for (const callee of callees) {
      this.context.dependsOn(callee);
      this.addCall(call, callee, state, bound);
    }
    return resolved;
  }

  /**
   * `const { value, releaseLock } = await lockFor(id)`: a helper that returns the release of a lock it took hands
   * the lock to this function, which then holds it until it calls what it received.
   */
  private holdReturnedLock(call: ts.CallExpression, callee: FunctionWithBody, state: readonly Held[]): readonly Held[] {
    const returned = returnedRelease(this.context, callee);
    if (!returned) return state;
    const awaited = valueUserOf(call);
    const user = ts.isAwaitExpression(awaited) ? valueUserOf(awaited) : undefined;
    if (!user || !ts.isVariableDeclaration(user)) return state;
    const ref = this.refAsPassed(returned.ref, callee, call);
    const site = this.siteOf(call, 'acquire', ref, call.expression);
    this.noteAcquisition(site, state);
    const name = bindingOfRelease(user.name, returned.shape);
    const release = name && this.context.checker.getSymbolAtLocation(name);
    return [...state, { site, manual: true, release, escaped: release === undefined }];
  }

  /** The helper's lock as this call passes it: a parameter's lock is the argument's. */
  private refAsPassed(ref: LockRef, callee: FunctionWithBody, call: ts.CallExpression): LockRef {
    const parameter = ref.identity.parameter;
    const argument = parameter?.fn === callee ? passedExpression(call, call.arguments, parameter.index) : undefined;
    const passed = argument && lockPassedAs(ref.identity, argumentFacts(this.context.checker, argument, this.fn, this.context.dependsOn));
    return passed ? { ...ref, identity: passed, instance: undefined } : { ...ref, instance: undefined };
  }

  private addCall(
    call: ts.CallExpression | ts.NewExpression, callee: FunctionWithBody, state: readonly Held[],
    binding: () => CallBinding,
  ): void {
    let byCallee = this.calls.get(call);
    if (!byCallee) this.calls.set(call, (byCallee = new Map()));
    let known = byCallee.get(callee);
    if (!known) byCallee.set(callee, (known = { call, callee, held: [], ...binding(), heldSet: new Set() }));
    for (const held of state) known.heldSet.add(held.site);
  }

  /** `this.f()` → `this`; `db.f()` → db's instance; a plain call → none. */
  private receiverOf(call: ts.CallExpression | ts.NewExpression): string | undefined {
    const callee = skipValueWrappers(call.expression);
    return ts.isPropertyAccessExpression(callee) || ts.isElementAccessExpression(callee) ? instanceOf(this.context.checker, callee.expression) : undefined;
  }

  /**
   * With nothing held, a call matters as a callback slot only as a wrapper's callback calling its wrapper's
   * parameter (`runWithLock(async () => onBlock())`): a name (or a property path from one) that a function around
   * this one, not this one, has as a parameter — in a function handed to a call that may take a lock.
   */
  private mayRunOuterParameter(callee: ts.Expression): boolean {
    const root = propertyPathRoot(callee);
    if (!ts.isIdentifier(root) || hasParameterNamed(this.fn, root.text)) return false;
    const handedTo = valueUserOf(this.fn);
    const isArgument = ts.isCallExpression(handedTo) && handedTo.arguments.some((argument) => skipValueWrappers(argument) === this.fn);
    return (!isArgument || this.context.relevance.mayMatter(handedTo)) && isParameterNameAround(root);
  }

  /** The parameter (or a function-valued property of one) an expression reads: of the walked function, or of a function around it. */
  private callbackSlotOf(expression: ts.Expression): (CallbackSlot & { fn: FunctionWithBody }) | undefined {
    return callbackSlotOf(this.context.checker, expression);
  }

  private noteParameterCall(
    parameter: CallbackSlot & { fn: FunctionWithBody }, call: ts.CallExpression, state: readonly Held[], passes: ParameterCall['passes'] = [],
  ): void {
    let known = this.parameterCalls.get(call);
    if (!known) this.parameterCalls.set(call, (known = { ...parameter, call, held: [], givenBack: this.givenBackBefore(call), passes, heldSet: new Set() }));
    for (const held of state) known.heldSet.add(held.site);
  }

  /** The objects a call hands its callee, as this function names them. */
  private passedBy(call: ts.CallExpression): ParameterCall['passes'] {
    return call.arguments.map((argument) => instanceOf(this.context.checker, argument));
  }

  private noteGivenBack(key: string, release: ts.CallExpression): void {
    this.givenBack.set(key, [...(this.givenBack.get(key) ?? []), release]);
  }

  /**
   * The locks given back on every path to this call (a release that runs before it, on no branch of its own):
   * `if (unlocked) lock.release(); await onBlock()` still runs onBlock with the lock held when the flag is unset.
   */
  private givenBackBefore(call: ts.CallExpression): string[] {
    return [...this.givenBack].filter(([, releases]) => releases.some((release) => alwaysRunsBefore(release, call))).map(([key]) => key);
  }

  /** `await m.acquire()` (`lockSync(file)`): held from here; bound to its releaser, released by it (or by m.release()). */
  private startHolding(site: LockSite, state: readonly Held[], releasedBy: Releaser | undefined): readonly Held[] {
    const member = together.takenTogether(this.context.checker, site.call);
    if (member) return [...state, this.heldTogether(site, member, releasedBy)];
    const value = releaserValue(site.call, releasedBy);
    if (!value) return state; // handed on: the caller of this promise holds it
    const user = valueUserOf(value);
    if (ts.isExpressionStatement(user)) return [...state, { site, manual: true, escaped: false }];
    const release = ts.isVariableDeclaration(user) ? releaseBinding(this.context.checker, user.name, releasedBy) : undefined;
    return [...state, { site, manual: true, release, releasedBy, escaped: release === undefined }];
  }

  /**
   * `m.acquire().then((release) => …)`: the callback runs holding the lock, and its first parameter is the release
   * function — walked in place, it must release on every way out.
   */
  private holdInThen(site: LockSite, state: readonly Held[], releasedBy: Releaser | undefined): void {
    const then = valueUserOf(site.call);
    if (!ts.isPropertyAccessExpression(then) || then.name.text !== 'then' || !ts.isCallExpression(then.parent) || then.parent.expression !== then) return;
    const callback = then.parent.arguments[0] && skipValueWrappers(then.parent.arguments[0]);
    if (!callback || !(ts.isArrowFunction(callback) || ts.isFunctionExpression(callback))) return;
    const parameter = callback.parameters[0];
    const release = parameter && releaseBinding(this.context.checker, parameter.name, releasedBy);
    this.inlined.push(callback);
    this.walkUnit(callback, state, [{ site, manual: true, release, releasedBy, escaped: release === undefined }]);
  }

  /**
   * The callback of a scoped operation runs with its locks held (a list of keys: each taken inside the one before):
   * walked in place, or called if it is named.
   */
  private runScoped(sites: readonly LockSite[], callback: ts.Expression | undefined, state: readonly Held[]): void {
    let inside = state;
    for (const site of sites) {
      this.noteAcquisition(site, inside);
      inside = [...inside, { site, manual: false, escaped: false }];
    }
    if (!callback) return;
    const site = sites[0]!;
    const target = skipValueWrappers(callback);
    if (ts.isArrowFunction(target) || ts.isFunctionExpression(target)) {
      this.inlined.push(target);
      this.walkUnit(target, inside);
      return;
    }
    const parameter = this.callbackSlotOf(target);
    if (parameter !== undefined) {
      this.noteParameterCall(parameter, site.call, inside);
      return;
    }
    const named = functionNamedBy(this.context.checker, target);
    if (named) {
      this.context.dependsOn(named);
      const receiver = ts.isPropertyAccessExpression(target) ? instanceOf(this.context.checker, target.expression) : undefined;
      this.addCall(site.call, named, inside, () => ({ receiver, caller: this.fn, argumentNodes: [], ownerFlagged: false }));
    }
  }

  private siteOf(call: ts.CallExpression, kind: LockOperationKind, ref: LockRef, lockExpression: ts.Expression, keyedBy: ts.Node = call): LockSite {
    let site = this.sites.get(keyedBy);
    if (!site) {
      const ownerFlagged = kind === 'scoped' && isGuardedByOwnerFlag(this.context.checker, call);
      this.sites.set(keyedBy, (site = { ref, kind, call, lockExpression, fn: this.fn, ownerFlagged }));
    }
    return site;
  }

  // ---- several locks at once (several-at-once.ts) ----

  /**
   * `await Promise.all(ms.map((m) => m.acquire()))`: one acquisition of the family of the array's elements, made
   * here, held once the await resolves; `ms.forEach((m) => m.release())` releases it. The callback is walked in
   * place: it runs during the call.
   */
  private perElementOperation(call: ts.CallExpression, state: readonly Held[]): readonly Held[] | undefined {
    const { checker, program, userTypes, relevance } = this.context;
    const each = together.perElementCall(checker, call, (made) => relevance.mayMatter(made));
    const api = each && lockApiCall(checker, program, each.call, userTypes);
    const ref = each && api && together.perElementLockRef(checker, each, api, this.context.dependsOn);
    if (!each || !api || !ref) return undefined;
    const after = api.kind === 'acquire' ? this.acquireEach(call, each, api, ref, state) : api.kind === 'release' ? releaseByMethod(state, ref) : state;
    if (after === state) return undefined;
    this.inlined.push(each.callback);
    return after;
  }

  /** The map call's acquisition, when the map is what an awaited Promise.all waits for. */
  private acquireEach(call: ts.CallExpression, each: together.PerElementCall, api: LockApiCall, ref: LockRef, state: readonly Held[]): readonly Held[] {
    const member = together.takenTogether(this.context.checker, call);
    if (!member?.awaited) return state;
    const site = this.siteOf(each.call, 'acquire', ref, api.receiver ?? each.call.expression, call);
    this.noteAcquisition(site, state);
    return [...state, this.heldTogether(site, member, api.operation.releasedBy)];
  }

  /**
   * A member of a Promise.all: held by hand, released through the array it resolves to, or one element of it. The
   * members of one not awaited here are held only while the array is made (each is taken after the ones before it),
   * then handed on.
   */
  private heldTogether(site: LockSite, member: together.TakenTogether, releasedBy: Releaser | undefined): Held {
    if (!member.awaited) return { site, manual: true, escaped: true };
    return { site, manual: true, releasedBy, ...together.releaseOfMember(this.context.checker, member, releasedBy) };
  }

  /** After a Promise.all not awaited here: its members' locks are handed on with its promise. */
  private handOnTogether(call: ts.CallExpression, state: readonly Held[]): readonly Held[] {
    if (state.length === 0) return state;
    const members = together.membersTakenTogether(this.context.checker, call);
    if (!members || ts.isAwaitExpression(valueUserOf(call))) return state;
    return state.filter((held) => !members.includes(held.site.call));
  }

  /** Awaiting a Promise.all of lock operations only is awaiting acquisitions: not counted as a way to throw. */
  private acquiresTogether(call: ts.CallExpression): boolean {
    return together.membersTakenTogether(this.context.checker, call)?.every((member) => this.sites.has(member)) ?? false;
  }

  /** `releases.forEach((r) => r())`, `for (const r of releases) r()`: ends every hold released through that array. */
  private releaseEach(releasesEach: () => together.ReleasesEach | undefined, state: readonly Held[]): readonly Held[] | undefined {
    // Asked only while something held has a release binding (the array's): most code has none.
    if (!state.some((held) => held.release)) return undefined;
    const each = releasesEach();
    const array = each && this.context.checker.getSymbolAtLocation(each.array);
    if (!array) return undefined;
    const released = state.filter((held) => held.release === array && together.releasesEachBy(this.context.checker, each!, held.releasedBy));
    return released.length > 0 ? state.filter((held) => !released.includes(held)) : undefined;
  }

  /** Takes back a lock this function was given and gave back: held again, and the giver releases it. */
  private retake(site: LockSite, state: readonly Held[]): readonly Held[] {
    this.retaken.add(site);
    return [...state, { site, manual: true, escaped: true }];
  }

  private noteAcquisition(site: LockSite, state: readonly Held[]): void {
    let held = this.acquisitions.get(site);
    if (!held) this.acquisitions.set(site, (held = new Set()));
    for (const h of state) held.add(h.site);
  }

  /** A way out through an exception, worth recording only while something taken by hand is held, outside cleanup. */
  private mayThrow(node: ts.Node, state: readonly Held[], exits: Exit[]): void {
    if (this.cleanupDepth === 0 && this.holdsByHand(state)) exits.push({ kind: 'implicit-throw', node, state });
  }

  private holdsByHand(state: readonly Held[]): boolean {
    return state.some((held) => held.manual && !held.escaped);
  }

  /**
   * A call known not to throw (non-throwing-apis.ts: collection bookkeeping, logging, Promise.all), or a call of an async
   * function, which cannot throw where it is made: whatever goes wrong rejects the promise it returns (an `await`
   * of it may throw, and counts on its own) — an async IIFE, or every declaration of the callee async.
   */
  private cannotThrowHere(call: ts.CallExpression): boolean {
    if (isNonThrowingCall(this.context.program, call)) return true;
    const callee = skipValueWrappers(call.expression);
    if (ts.isArrowFunction(callee) || ts.isFunctionExpression(callee)) return isAsyncFunction(callee);
    const declarations = signatureDeclarations(this.context.checker, call);
    return declarations.length > 0 && declarations.every((declaration) => isFunctionWithBody(declaration) && isAsyncFunction(declaration));
  }

  // ---- release functions ----

  /** The hold a call of its releaser ends: `release()`, or a handle's `lock.release()`. */
  private heldReleasedBy(call: ReleaserCall, state: readonly Held[]): Held | undefined {
    const held = this.heldWithReleaseFunction(call.binding, state);
    return held && releasesBy(held.releasedBy, call) ? held : undefined;
  }

  private heldWithReleaseFunction(identifier: ts.Identifier, state: readonly Held[]): Held | undefined {
    const candidates = state.filter((held) => held.release?.name === identifier.text);
    if (candidates.length === 0) return undefined;
    const symbol = this.context.checker.getSymbolAtLocation(identifier);
    return candidates.find((held) => held.release === symbol);
  }

  /** Any other mention of a release function lets it escape (returned, stored, passed on). */
  private identifierUse(identifier: ts.Identifier, state: readonly Held[]): readonly Held[] {
    const held = this.heldWithReleaseFunction(identifier, state);
    return held ? state.map((h) => (h.release === held.release ? { ...h, escaped: true } : h)) : state;
  }

  /** A nested function runs at another time; if it mentions a release function, that function escapes. */
  private nestedFunction(node: ts.Node, state: readonly Held[]): readonly Held[] {
    if (!state.some((held) => held.release)) return state;
    let current = state;
    const visit = (child: ts.Node): void => {
      if (ts.isIdentifier(child)) current = this.identifierUse(child, current);
      ts.forEachChild(child, visit);
    };
    visit(node);
    return current;
  }
}

function join(a: State, b: State): State {
  if (!a) return b;
  if (!b) return a;
  const joined = [...a];
  for (const held of b) {
    const index = joined.findIndex((h) => h.site === held.site);
    if (index < 0) joined.push(held);
    else if (held.escaped && !joined[index]!.escaped) joined[index] = { ...joined[index]!, escaped: true };
  }
  return joined;
}

/**
 * What one way out still holds after a `finally` walked once for its whole group: its own holds the walk kept, and
 * what the walk took. So a leak names the way out that held the lock, not the first of its kind.
 */
function heldAfterCleanup(own: readonly Held[], group: readonly Held[], after: readonly Held[]): readonly Held[] {
  const had = (held: Held, state: readonly Held[]) => state.some((h) => h.site === held.site);
  return after.filter((held) => had(held, own) || !had(held, group));
}

function isThrow(exit: Exit): boolean {
  return exit.kind === 'throw' || exit.kind === 'implicit-throw';
}

function groupExits(exits: Exit[]): Exit[][] {
  const groups = new Map<string, Exit[]>();
  for (const exit of exits) {
    const key = `${exit.kind}|${exit.label ?? ''}`;
    groups.set(key, [...(groups.get(key) ?? []), exit]);
  }
  return [...groups.values()];
}

/** A lock given back is known by its identity only: the wrapper that gave it names the instance its own way. */
export function lockKeyOf(ref: LockRef): string {
  return ref.identity.key;
}

/** `m.release()`: releases the most recent hold of that lock (of that instance, when known). */
function releaseByMethod(state: readonly Held[], ref: LockRef): readonly Held[] {
  for (let i = state.length - 1; i >= 0; i--) {
    const held = state[i]!;
    if (held.manual && held.site.ref.identity.key === ref.identity.key && held.site.ref.instance === ref.instance) {
      return [...state.slice(0, i), ...state.slice(i + 1)];
    }
  }
  return state;
}
