// One function's body as model steps. The walk is continuation-passing: each statement is turned into steps
// given what runs after it normally (`next`), on `return` (the enclosing `finally` blocks, then the end), on an
// explicit `throw` (the `catch`, or the `finally` blocks), and on `break`/`continue` — so an early return inside
// one arm of an `if` ends that alternative only, and a `return` inside `try … finally` still releases.
//
// Modelling choices (docs/visualizer.md has the reasons):
// - if/else, switch, `?:`, `&&`/`||`/`??` whose arms differ in steps become a `branch`; arms with the same steps
//   (ranges aside) collapse into one. What follows a construct is copied into its arms only when an arm leaves
//   the construct early (return, throw, a break out of it) — otherwise it follows the branch once.
// - A loop whose body has no model step (io and blocking aside) runs its body once (`break` and `continue` go to
//   what follows the loop). One with model steps is unrolled when its turns are known before run time (a counting
//   `for` over known bounds, a for-of over a constant array: up to MAX_UNROLL turns, each with its variable bound);
//   else it runs LOOP_TURNS turns, each a choice to go on or stop where the condition is not known, and says so.
// - A generator runs only when iterated: calling one runs nothing. `for (await) (const x of gen())` over a
//   generator of the project runs its body in the consuming task, each `yield` running the loop body there, a
//   `break` or `return` of the loop body running the generator's `finally` blocks; `yield* other()` runs the other.
// - A task started with arguments known before run time (`philosopher(3)`, `transfer(alice, bob)`) is an instance
//   of its own, and the locks it names through them are evaluated (values.ts): `forks[(i + 1) % 5]` is `forks[4]`.
//   Whatever cannot be evaluated keeps the lock model's name, and the model lists it as an approximation.
// - Only explicit `throw` statements are thrown: awaits are assumed to succeed, so `catch` blocks run only for them.
// - `await` of a lock operation → acquire (…release); of an event (events.ts) → wait, a call setting one → signal; of a timer → timer; of `Promise.all` → spawn each modelled
//   call + join; of a call into the project's own code → an inlined `call`; of anything else → io. A `return`
//   of a promise is awaited by whoever awaits the function, so it is read the same way (without the io fallback).
// - A call to a project async function that is not awaited → spawn (`const p = f(); … await p` → spawn + join).
// - Blocking places (BlockingAnalysis.stepsIn) → block with BLOCKING_COST_MS.
import ts from 'typescript';
import type { AcquireStep, BranchAlternative, Step } from '../../../../model/schema';
import { chainNames, type BlockingStep } from '../blocking';
import { resolvedDeclaration } from '../blocking-apis';
import { forEachOwnNode, forEachOwnNodeBelow, functionName, isAsyncFunction, isFunctionWithBody, isGeneratorFunction, type FunctionWithBody } from '../functions';
import { clippedText, isShortCircuit, skipValueWrappers, valueUserOf } from '../syntax';
import { functionNamedBy } from '../locks/arguments';
import { isDefaultLibraryMember, lockPassedAs } from '../locks/identity';
import type { LockSite } from '../locks/lock-analysis';
import type { LockApiCall } from '../locks/api';
import type { Releaser } from '../locks/libraries';
import { releaseBinding, releaserCall, releaserValue, releasesBy } from '../locks/release';
import { isThenableType } from '../promise-types';
import { BLOCKING_COST_MS, LOOP_TURNS, MAX_INLINE_DEPTH, MAX_UNROLL } from './costs';
import { countingTurns, cutTurns, hasModelStep, loopCondition, loopVariable, runsForever, yieldOf, yieldsIn, type LoopTurns } from './loops';
import type { ExtractionContext, LockCall } from './context';
import { awaitedEvent, signalledEvent } from './events';
import { knownMs, timerDelay } from './timers';
import { evaluate, NO_BINDINGS, numberOf, receiverSymbol, type Bindings, type Bound } from './values';

/** The function being walked (or a module's top-level code), the calls inlined to get here (outermost first), its arguments. */
export interface WalkScope {
  fn: FunctionWithBody | ts.SourceFile;
  stack: readonly FunctionWithBody[];
  bindings: Bindings;
}

export function stepsOfFunction(context: ExtractionContext, scope: WalkScope): Step[] {
  return new FunctionWalk(context, scope).steps();
}

interface JumpTarget {
  label?: string;
  brk: Step[];
  /** Loops only. */
  cont?: Step[];
}

interface Continuations {
  next: Step[];
  ret: Step[];
  thr: Step[];
  /** Innermost last. */
  targets: JumpTarget[];
  /** The enclosing `finally` blocks (innermost first), then `then`: what a generator runs when its consumer stops. */
  close: (then: Step[]) => Step[];
}

const NOTHING_TO_CLOSE = (then: Step[]) => then;

/**
 * The loop a generator is walked for, in the consuming task: each `yield` runs the loop's body (walked by the
 * consumer's walk, `yielded` the element), which goes on with the generator (`resume.next`) or, on a `break` or
 * `return`, stops it (`resume.close`).
 */
interface Consumer {
  /** The loop body can leave the loop (break, return, throw): what the generator does after a yield is then copied into it. */
  leaves: boolean;
  body(yielded: ts.Expression | undefined, bindings: Bindings, resume: Pick<Continuations, 'next' | 'close'>): Step[];
}

/** A call of a generator of the project the walk runs for a loop, with its function. */
interface FollowedGenerator {
  fn: FunctionWithBody;
  call: ts.CallExpression;
}

type Combinator = 'all' | 'allSettled' | 'race' | 'any';

/** Steps made from a timer expression (not copies made when a helper that only waits is unwrapped). */
const timerSteps = new WeakSet<Step>();

class FunctionWalk {
  private readonly blockingAt = new Map<ts.Node, BlockingStep>();
  /** `const release = await m.acquire()`: calling the binding (a handle's releasing method) releases that lock. */
  private readonly releaseFunctions = new Map<ts.Symbol, { lock: string; releasedBy: Releaser | undefined }>();
  /** `const saving = save(note)`: the spawn's group, joined by `await saving`. */
  private readonly spawnGroups = new Map<ts.Symbol, string>();
  /** The scope's bindings, and the index of each unrolled loop the walk is in. */
  private bindings: Bindings;

  constructor(private readonly context: ExtractionContext, private readonly scope: WalkScope, private readonly consumer?: Consumer) {
    this.bindings = scope.bindings;
    const code = scope.fn;
    if (!ts.isSourceFile(code)) for (const step of context.blocking.stepsIn(code)) this.blockingAt.set(step.node, step);
    const noteBindings = (node: ts.Node) => {
      if (ts.isVariableDeclaration(node) && node.initializer) this.noteBinding(node, skipValueWrappers(node.initializer));
    };
    if (ts.isSourceFile(code)) code.statements.forEach((statement) => forEachOwnNodeBelow(statement, noteBindings));
    else forEachOwnNode(code, noteBindings);
  }

  /** `end`: what follows the function (for a generator, what its consumer does after the loop). */
  steps(end: Continuations = { next: [], ret: [], thr: [], targets: [], close: NOTHING_TO_CLOSE }): Step[] {
    if (ts.isSourceFile(this.scope.fn)) return this.block(this.scope.fn.statements, end);
    const body = this.scope.fn.body!;
    return ts.isBlock(body) ? this.block(body.statements, end) : this.awaited(body, body, false);
  }

  // ---- statements ----

  private block(statements: readonly ts.Statement[], k: Continuations): Step[] {
    let after = k.next;
    for (let i = statements.length - 1; i >= 0; i--) after = this.statement(statements[i]!, { ...k, next: after });
    return after;
  }

  /** A statement that cannot leave early is walked on its own and followed by `next` once (no copies). */
  private statement(node: ts.Statement, k: Continuations): Step[] {
    if (leavesEarly(node) || (this.consumer?.leaves && yieldsIn(node))) return this.construct(node, k);
    return [...this.construct(node, { ...k, next: [] }), ...k.next];
  }

  private construct(node: ts.Statement, k: Continuations): Step[] {
    if (ts.isBlock(node)) return this.block(node.statements, k);
    if (ts.isReturnStatement(node)) return [...(node.expression ? this.awaited(node.expression, node.expression, false) : []), ...k.ret];
    if (ts.isThrowStatement(node)) return [...this.expr(node.expression), ...k.thr];
    if (ts.isIfStatement(node)) {
      return [...this.expr(node.expression), ...this.choice(node.expression, [
        { label: `if (${clippedText(node.expression)})`, steps: this.statement(node.thenStatement, k) },
        { label: 'else', steps: node.elseStatement ? this.statement(node.elseStatement, k) : k.next },
      ])];
    }
    if (ts.isIterationStatement(node, false)) return this.loop(node, k, undefined);
    if (ts.isLabeledStatement(node)) return this.labeled(node, k);
    if (ts.isSwitchStatement(node)) return this.switchStatement(node, k);
    if (ts.isTryStatement(node)) return this.tryStatement(node, k);
    if (ts.isBreakStatement(node) || ts.isContinueStatement(node)) return this.jump(node, k);
    if (ts.isFunctionDeclaration(node) || ts.isClassDeclaration(node)) return k.next; // declared, not run
    const yielded = this.consumer && yieldOf(node);
    if (yielded) return this.yielded(yielded, k);
    return [...this.expr(node), ...k.next];
  }

  /** A loop over a generator runs it; one whose body has model steps is unrolled or runs LOOP_TURNS turns; any other runs once. */
  private loop(node: ts.IterationStatement, k: Continuations, label: string | undefined): Step[] {
    const consumed = ts.isForOfStatement(node) ? this.generatorLoop(node, k, label) : undefined;
    if (consumed) return consumed;
    if (ts.isForOfStatement(node) && node.awaitModifier) this.context.approximate('for await over an iterator the model cannot follow: each element is io', node.expression);
    const turns = this.knownTurns(node);
    if (!this.bodyHasModelSteps(node, label, turns)) return this.loopOnce(node, k, label);
    if (!turns) {
      this.context.approximate(`loop cut at ${LOOP_TURNS} turns: how many it runs is not known before run time`, node);
      return this.boundedTurns(node, k, label);
    }
    if (turns.cut) this.context.approximate(`a loop runs ${MAX_UNROLL} turns here of ${turns.cut}`, node);
    return this.unrolled(node as ts.ForStatement | ts.ForOfStatement, k, label, turns);
  }

  /** A counting `for` over known bounds; a for-of over an array known before run time. */
  private knownTurns(node: ts.IterationStatement): LoopTurns | undefined {
    if (ts.isForStatement(node)) return countingTurns(this.context.checker, node, this.bindings);
    const items = ts.isForOfStatement(node) && !node.awaitModifier ? this.arrayItems(node.expression) : undefined;
    return items && cutTurns(loopVariable(this.context.checker, node as ts.ForOfStatement), items);
  }

  /** The body walked alone (its first known turn's variable bound), with the condition: any step the scheduler acts on? */
  private bodyHasModelSteps(node: ts.IterationStatement, label: string | undefined, turns: LoopTurns | undefined): boolean {
    const first = turns?.variable && turns.values[0] ? [[turns.variable, turns.values[0]] as [ts.Symbol, Bound]] : [];
    const alone: Continuations = { next: [], ret: [], thr: [], targets: [{ label, brk: [], cont: [] }], close: NOTHING_TO_CLOSE };
    return hasModelStep(this.withBindings(first, () => [...this.expr(loopCondition(node)), ...this.statement(node.statement, alone)]));
  }

  /** Each turn of the loop in order, with its variable bound; `continue` goes to the next turn, `break` after the loop. */
  private unrolled(node: ts.ForStatement | ts.ForOfStatement, k: Continuations, label: string | undefined, turns: LoopTurns): Step[] {
    const exit = k.next;
    let after = exit;
    for (const bound of [...turns.values].reverse()) {
      const next = [...this.expr(ts.isForStatement(node) ? node.incrementor : undefined), ...after];
      const targets = [...k.targets, { label, brk: exit, cont: next }];
      const binding = turns.variable && bound ? [[turns.variable, bound] as [ts.Symbol, Bound]] : [];
      after = this.withBindings(binding, () => this.statement(node.statement, { ...k, next, targets }));
    }
    return [...this.expr(ts.isForStatement(node) ? node.initializer : node.expression), ...after];
  }

  /**
   * LOOP_TURNS turns of a loop whose turns are not known, each (unless it runs forever) a choice to take it or to
   * end the loop; after the last the loop ends (the cut). A do-while takes its first turn unasked.
   */
  private boundedTurns(node: ts.IterationStatement, k: Continuations, label: string | undefined): Step[] {
    const exit = k.next;
    const forever = runsForever(this.context.checker, node, this.bindings);
    const ask = (turn: Step[], n: number): Step[] => [...this.expr(loopCondition(node)), ...this.nextElement(node),
      ...(forever ? turn : this.choice(node, [{ label: `turn ${n}`, steps: turn }, { label: 'loop ends', steps: exit }]))];
    let following = exit; // the turn after the one being built; past the last, the cut
    for (let n = LOOP_TURNS; n >= 1; n--) {
      const later = ts.isDoStatement(node) && n < LOOP_TURNS ? ask(following, n + 1) : following;
      const next = [...this.expr(ts.isForStatement(node) ? node.incrementor : undefined), ...later];
      const body = this.statement(node.statement, { ...k, next, targets: [...k.targets, { label, brk: exit, cont: next }] });
      following = ts.isDoStatement(node) ? body : ask(body, n);
    }
    const head = ts.isForStatement(node) ? node.initializer : ts.isForOfStatement(node) || ts.isForInStatement(node) ? node.expression : undefined;
    return [...this.expr(head), ...following];
  }

  /** `for await`: each element waits for a promise from outside the model. */
  private nextElement(node: ts.IterationStatement): Step[] {
    return ts.isForOfStatement(node) && node.awaitModifier ? [{ kind: 'io', range: this.context.rangeOf(node.expression), note: 'for await: the next element' }] : [];
  }

  /** Steps walked with more bindings (a loop's index, a callback's parameters). */
  private withBindings<T>(more: Iterable<[ts.Symbol, Bound]>, walk: () => T): T {
    const outer = this.bindings;
    this.bindings = new Map([...outer, ...more]);
    try {
      return walk();
    } finally {
      this.bindings = outer;
    }
  }

  private loopOnce(node: ts.IterationStatement, k: Continuations, label: string | undefined): Step[] {
    const exit = k.next;
    let head: Step[] = [];
    let afterBody = exit;
    if (ts.isForStatement(node)) {
      head = [...this.expr(node.initializer), ...this.expr(node.condition)];
      afterBody = [...this.expr(node.incrementor), ...exit];
    } else if (ts.isForOfStatement(node) || ts.isForInStatement(node)) {
      head = [...this.expr(node.expression), ...this.nextElement(node)];
    } else if (ts.isWhileStatement(node)) {
      head = this.expr(node.expression);
    } else if (ts.isDoStatement(node)) {
      afterBody = [...this.expr(node.expression), ...exit];
    }
    const targets = [...k.targets, { label, brk: exit, cont: afterBody }];
    return [...head, ...this.statement(node.statement, { ...k, next: afterBody, targets })];
  }

  // ---- generators ----

  /** `for (await) (const x of gen(…))` over a generator of the project: its body, run in this task for this loop. */
  private generatorLoop(node: ts.ForOfStatement, k: Continuations, label: string | undefined): Step[] | undefined {
    const iterated = skipValueWrappers(node.expression);
    const generator = ts.isCallExpression(iterated) ? this.followedGenerator(iterated) : undefined;
    if (!generator) return undefined;
    const element = loopVariable(this.context.checker, node);
    const exit = k.next;
    const consumer: Consumer = {
      leaves: leavesEarly(node.statement),
      body: (yielded, bindings, resume) => this.withBindings(element && yielded ? [[element, { argument: yielded, bindings }]] : [], () =>
        this.statement(node.statement, {
          next: resume.next, ret: resume.close(k.ret), thr: resume.close(k.thr), close: k.close,
          targets: [...k.targets.map((target) => closedTarget(target, resume.close)), { label, brk: resume.close(exit), cont: resume.next }],
        })),
    };
    const end: Continuations = { next: exit, ret: exit, thr: k.thr, targets: [], close: NOTHING_TO_CLOSE };
    return [...this.operands(generator.call), this.generatorRun(generator, consumer, end, node.expression)];
  }

  /** A generator's body in a call frame, its arguments bound as for an inlined call, its yields its consumer's. */
  private generatorRun({ fn, call }: FollowedGenerator, consumer: Consumer, end: Continuations, where: ts.Node): Step {
    const scope: WalkScope = { fn, stack: [...this.scope.stack, fn], bindings: bindArguments(this.context.checker, fn, call, this.bindings) };
    return { kind: 'call', function: functionName(fn), steps: new FunctionWalk(this.context, scope, consumer).steps(end), range: this.context.rangeOf(where) };
  }

  /** The generator of the project a call makes, when the walk can run it here (not already running in this task, not too deep). */
  private followedGenerator(call: ts.CallExpression): FollowedGenerator | undefined {
    const fn = this.context.lockCall(call) ? undefined : this.context.modelledCallee(call);
    if (!fn || !isGeneratorFunction(fn)) return undefined;
    const cut = this.scope.stack.includes(fn) ? 'is already running in this task' : this.scope.stack.length > MAX_INLINE_DEPTH ? `nests deeper than ${MAX_INLINE_DEPTH}` : undefined;
    if (cut) this.context.approximate(`${functionName(fn)}(…) ${cut}: its elements are not followed`, call);
    return cut ? undefined : { fn, call };
  }

  /** A `yield` statement: the consumer's loop body runs, then the generator goes on (`k`); `yield*` runs another generator. */
  private yielded(node: ts.YieldExpression, k: Continuations): Step[] {
    const consumer = this.consumer!;
    const operand = node.expression && skipValueWrappers(node.expression);
    if (!node.asteriskToken || !operand) return [...this.expr(operand), ...consumer.body(operand, this.bindings, k)];
    const generator = ts.isCallExpression(operand) ? this.followedGenerator(operand) : undefined;
    if (generator) {
      const end: Continuations = { next: k.next, ret: k.next, thr: k.thr, targets: [], close: k.close };
      return [...this.operands(generator.call), this.generatorRun(generator, consumer, end, node)];
    }
    this.context.approximate(`${clippedText(node)}: the model cannot follow what it yields: the loop body runs once for it`, node);
    return [...this.expr(operand), ...consumer.body(undefined, this.bindings, k)];
  }

  /** A generator object kept rather than dropped or looped over here: whatever iterates it later is not followed. */
  private noteGeneratorHandedOn(call: ts.CallExpression): void {
    const user = valueUserOf(call);
    const dropped = ts.isAwaitExpression(user) ? valueUserOf(user) : user;
    if (ts.isExpressionStatement(dropped) || ts.isVoidExpression(dropped)) return;
    this.context.approximate(`${clippedText(call)}: a generator object kept (stored, passed on, spread, stepped with next()): what its body does where it is iterated is not followed`, call);
  }

  /** A `yield` inside an expression (`if (yield x)`): the loop body runs there; its `break` or `return` is not followed. */
  private yieldedInside(node: ts.YieldExpression): Step[] {
    if (this.consumer!.leaves) this.context.approximate(`${clippedText(node)}: a yield inside an expression: the loop body's break or return there is modelled as going on`, node);
    return this.yielded(node, { next: [], ret: [], thr: [], targets: [], close: () => [] });
  }

  private labeled(node: ts.LabeledStatement, k: Continuations): Step[] {
    const label = node.label.text;
    if (ts.isIterationStatement(node.statement, false)) return this.loop(node.statement, k, label);
    return this.statement(node.statement, { ...k, targets: [...k.targets, { label, brk: k.next }] });
  }

  private jump(node: ts.BreakStatement | ts.ContinueStatement, k: Continuations): Step[] {
    const isBreak = ts.isBreakStatement(node);
    const label = node.label?.text;
    const target = [...k.targets].reverse().find((candidate) => (label === undefined ? isBreak || candidate.cont !== undefined : candidate.label === label));
    return (isBreak ? target?.brk : target?.cont) ?? [];
  }

  /** Each clause runs on into the next until a break; without a default, no clause may run. */
  private switchStatement(node: ts.SwitchStatement, k: Continuations): Step[] {
    const exit = k.next;
    const targets = [...k.targets, { brk: exit }];
    const clauses = node.caseBlock.clauses;
    const runs: Step[][] = [];
    let fallThrough = exit;
    for (let i = clauses.length - 1; i >= 0; i--) {
      fallThrough = this.block(clauses[i]!.statements, { ...k, next: fallThrough, targets });
      runs[i] = fallThrough;
    }
    const alternatives: BranchAlternative[] = clauses.map((clause, i) => ({
      label: ts.isDefaultClause(clause) ? 'default' : `case ${clippedText(clause.expression)}`,
      steps: runs[i]!,
    }));
    if (!clauses.some(ts.isDefaultClause)) alternatives.push({ label: 'no case', steps: exit });
    return [...this.expr(node.expression), ...this.choice(node.expression, alternatives)];
  }

  /** Every way out of the try block (and of catch) runs the finally block first. */
  private tryStatement(node: ts.TryStatement, k: Continuations): Step[] {
    const finallyBlock = node.finallyBlock;
    const through = (then: Step[]) => (finallyBlock ? this.block(finallyBlock.statements, { ...k, next: then }) : then);
    const out: Continuations = {
      next: through(k.next),
      ret: through(k.ret),
      thr: through(k.thr),
      targets: k.targets.map((target) => closedTarget(target, through)),
      close: finallyBlock ? (then) => through(k.close(then)) : k.close,
    };
    const thr = node.catchClause ? this.block(node.catchClause.block.statements, out) : out.thr;
    return this.block(node.tryBlock.statements, { ...out, thr });
  }

  /** A choice point, unless every alternative does the same. */
  private choice(at: ts.Node, alternatives: BranchAlternative[]): Step[] {
    const first = behaviour(alternatives[0]!.steps);
    if (alternatives.every((alternative) => behaviour(alternative.steps) === first)) return alternatives[0]!.steps;
    return [{ kind: 'branch', range: this.context.rangeOf(at), alternatives }];
  }

  // ---- expressions ----

  private expr(node: ts.Node | undefined): Step[] {
    if (node === undefined) return [];
    if (isFunctionWithBody(node) || ts.isClassLike(node)) return this.blockingInside(node);
    if (ts.isAwaitExpression(node)) return this.awaited(node.expression, node, true);
    if (ts.isYieldExpression(node) && this.consumer) return this.yieldedInside(node);
    if (ts.isCallExpression(node)) return this.call(node);
    if (ts.isConditionalExpression(node)) {
      return [...this.expr(node.condition), ...this.choice(node.condition, [
        { label: `${clippedText(node.condition)} ?`, steps: this.expr(node.whenTrue) },
        { label: ': else', steps: this.expr(node.whenFalse) },
      ])];
    }
    if (ts.isBinaryExpression(node) && isShortCircuit(node.operatorToken.kind)) {
      return [...this.expr(node.left), ...this.choice(node.left, [
        { label: `${clippedText(node.left)} ${node.operatorToken.getText()} …`, steps: this.expr(node.right) },
        { label: 'short-circuited', steps: [] },
      ])];
    }
    const steps: Step[] = [];
    ts.forEachChild(node, (child) => void steps.push(...this.expr(child)));
    return [...steps, ...this.blockingStepAt(node)];
  }

  private call(call: ts.CallExpression): Step[] {
    const lock = this.context.lockCall(call);
    if (lock) return this.lockOperation(call, lock, undefined);
    const mapped = mappedCall(this.context.checker, call) && this.promiseElements(call);
    // `xs.map(x => f(x))` dropped or kept: each element starts its task.
    const started = mapped?.map((element) => this.withBindings(element.bindings, () => this.spawnOf(element.expression, undefined, startsATask)));
    if (started && started.length > 0 && started.every((steps) => steps !== undefined)) return started.flat() as Step[];
    const operands = this.operands(call);
    const blocking = this.blockingStepAt(call);
    if (blocking.length > 0) return [...operands, ...blocking];
    const released = this.releaseFunctionOf(call);
    if (released) return [...operands, { kind: 'release', lock: released, range: this.context.rangeOf(call) }];
    const signal = signalledEvent(this.context, call, this.bindings);
    if (signal) return [...operands, signal];
    const callee = this.context.modelledCallee(call);
    if (callee && startsATask(callee)) return [...operands, this.spawn(call, callee, this.groupOfBinding(call))];
    if (callee && isGeneratorFunction(callee)) this.noteGeneratorHandedOn(call);
    return operands;
  }

  private operands(call: ts.CallExpression | ts.NewExpression, except?: ts.Expression): Step[] {
    return [call.expression, ...(call.arguments ?? [])].filter((operand) => operand !== except).flatMap((operand) => this.expr(operand));
  }

  /** What `await expression` does (`explicit`), or `return expression`, whose promise the caller awaits. */
  private awaited(expression: ts.Expression, where: ts.Node, explicit: boolean): Step[] {
    const inner = skipValueWrappers(expression);
    // A promise from outside the model: io. `return value` waits only if the value is a promise.
    const waits = explicit || isThenableType(this.context.checker, this.context.checker.getTypeAtLocation(inner));
    const unknown = (steps: Step[]): Step[] => (waits ? [...steps, { kind: 'io', range: this.context.rangeOf(where) }] : steps);
    const timer = timerDelay(this.context.program, inner);
    if (timer && (ts.isCallExpression(inner) || ts.isNewExpression(inner))) return [...this.operands(inner, inner.arguments?.[0]), this.timer(timer.delay, where)];
    if (ts.isIdentifier(inner)) {
      const group = this.spawnGroupOf(inner);
      return group ? [{ kind: 'join', group, range: this.context.rangeOf(where) }] : this.eventWait(inner, where) ?? unknown([]);
    }
    if (!ts.isCallExpression(inner)) return this.eventWait(inner, where) ?? unknown(this.expr(inner));
    const lock = this.context.lockCall(inner);
    if (lock) return this.lockOperation(inner, lock, where);
    const waited = this.eventWait(inner, where);
    if (waited) return waited;
    // `await release()`: an async releaser (proper-lockfile's, redlock's `lock.release()`) releases when called.
    if (this.releaseFunctionOf(inner)) return this.call(inner);
    const combinator = promiseCombinator(this.context.program, inner);
    if (combinator) return this.combinator(inner, combinator, where);
    const blocking = this.blockingStepAt(inner);
    if (blocking.length > 0) return [...this.operands(inner), ...blocking];
    const callee = this.context.modelledCallee(inner);
    // `await gen()`: a generator object is no promise, and making it runs none of the generator.
    if (callee && isGeneratorFunction(callee)) return this.call(inner);
    if (callee) return [...this.operands(inner), ...this.inline(callee, inner, where)];
    if (explicit) return unknown(this.operands(inner));
    const called = this.call(inner);
    return called.some((step) => step.kind === 'spawn') ? called : unknown(called);
  }

  /** `await ready`, `await once(emitter, 'name')`: a wait for an event (events.ts), or undefined when it is none. */
  private eventWait(inner: ts.Expression, where: ts.Node): Step[] | undefined {
    const step = awaitedEvent(this.context, inner, this.bindings, where);
    return step && [...(ts.isCallExpression(inner) ? this.operands(inner) : []), step];
  }

  private timer(delay: ts.Expression | undefined, where: ts.Node): Step {
    const ms = knownMs(this.context.checker, delay, this.bindings);
    const range = this.context.rangeOf(where);
    const step: Step = ms === undefined ? { kind: 'io', range, note: 'a timer whose delay is not known before run time' } : { kind: 'timer', ms, range };
    timerSteps.add(step);
    return step;
  }

  // ---- locks ----

  private lockOperation(call: ts.CallExpression, { site, sites, api }: LockCall, awaitedAt: ts.Node | undefined): Step[] {
    const lock = this.lockId(site, api);
    const range = this.context.rangeOf(awaitedAt ?? call);
    const operands = this.operands(call, api.callback);
    const acquire: AcquireStep = site.ref.mode === 'shared' ? { kind: 'acquire', lock, mode: 'shared', range } : { kind: 'acquire', lock, range };
    switch (site.kind) {
      case 'acquire':
        // Not awaited here (`return m.acquire()`, `.then(…)`): the lock is handed on, as the lock model says.
        return awaitedAt || api.operation.releasedBy?.synchronous ? [...operands, acquire] : operands;
      case 'release':
        return [...operands, { kind: 'release', lock, range }];
      case 'wait':
        return [...operands, { ...acquire, note: 'waitForUnlock: waits for the lock, then lets it go' }, { kind: 'release', lock, range }];
      case 'scoped': {
        const body = this.scopedBody(api.callback);
        const end = api.callback ? this.context.rangeOf(api.callback.getLastToken() ?? api.callback) : range;
        const scoped = awaitedAt ? acquire : { ...acquire, note: 'not awaited here: modelled as if it were' };
        // A list of keys: each taken inside the one before, released innermost first.
        const locks = sites.map((each) => this.lockId(each, api));
        const releases = [...locks].reverse().map((each): Step => ({ kind: 'release', lock: each, range: end }));
        return [...operands, ...locks.map((each) => ({ ...scoped, lock: each })), ...body, ...releases];
      }
    }
  }

  /** The callback of runExclusive / lock.acquire(key, cb) / navigator.locks.request: runs with the lock held. */
  private scopedBody(callback: ts.Expression | undefined): Step[] {
    if (!callback) return [];
    const target = skipValueWrappers(callback);
    if (ts.isArrowFunction(target) || ts.isFunctionExpression(target)) return stepsOfFunction(this.context, { ...this.scope, fn: target, bindings: this.bindings });
    const named = functionNamedBy(this.context.checker, target);
    return named && this.context.isModelled(named) ? this.inline(named, undefined, target) : [];
  }

  /**
   * The model's lock for a site, in this instance: a member of a family, a lock reached through a parameter or a
   * destructured element is the object the instance's values name (`forks[4]`, `alice.lock`, the caller's lock); else the lock model's name.
   */
  private lockId(site: LockSite, api: LockApiCall): string {
    const identity = site.ref.identity;
    // A destructured element (`const [first, second] = …`) names whichever object the pattern takes at run time.
    const standsForAnother = identity.family || identity.parameter || (identity.declaration && ts.isBindingElement(identity.declaration));
    if (!standsForAnother) return this.context.locks.idOf(site, api);
    const value = evaluate(this.context.checker, site.lockExpression, this.bindings);
    if (value?.kind === 'object') {
      const key = value.isRoot ? value.key : `member:${value.key}`;
      // Through a parameter: the argument's lock, with the capacity written where it is made.
      const passed = identity.parameter ? lockPassedAs(identity, { object: { key, label: value.text, instance: undefined, declaration: value.root } }) : identity;
      if (passed && !identity.parameter?.keyOf) return this.context.locks.memberId(api, key, value.text, passed);
    }
    const key = value?.kind === 'constant' ? lockPassedAs(identity, { constant: String(value.value) }) : undefined;
    if (key) return this.context.locks.memberId(api, key.key, key.label, key);
    this.context.approximate(`${clippedText(site.lockExpression)}: which lock is not known before run time; named by its spelling (${identity.label})`, site.lockExpression);
    return this.context.locks.idOf(site, api);
  }

  private releaseFunctionOf(call: ts.CallExpression): string | undefined {
    const releasing = releaserCall(call);
    const symbol = releasing && this.context.checker.getSymbolAtLocation(releasing.binding);
    const bound = symbol && this.releaseFunctions.get(symbol);
    return bound && releasesBy(bound.releasedBy, releasing) ? bound.lock : undefined;
  }

  // ---- calls, spawns, joins ----

  /** An awaited call into the project's own code: its steps in place (depth-bounded; recursion cut). */
  private inline(callee: FunctionWithBody, call: ts.CallExpression | undefined, where: ts.Node): Step[] {
    const name = functionName(callee);
    const range = this.context.rangeOf(where);
    const cut = this.scope.stack.includes(callee) ? `recursion cut: ${name} is already running in this task`
      : this.scope.stack.length > MAX_INLINE_DEPTH ? `not inlined: calls nest deeper than ${MAX_INLINE_DEPTH}` : undefined;
    if (cut) {
      this.context.approximate(`${name}(…) ${cut}`, where);
      return [{ kind: 'call', function: name, steps: [], range, note: cut }];
    }
    const bindings = call ? bindArguments(this.context.checker, callee, call, this.bindings) : NO_BINDINGS;
    const steps = stepsOfFunction(this.context, { fn: callee, stack: [...this.scope.stack, callee], bindings });
    if (steps.length === 0) return [];
    // `await sleep(10)`: a helper whose body only starts a timer is that timer.
    if (steps.length === 1 && timerSteps.has(steps[0]!)) return [{ ...steps[0]!, range, note: `${name}(…)${steps[0]!.kind === 'io' ? ': a timer whose delay is not known before run time' : ''}` }];
    return [{ kind: 'call', function: name, steps, range }];
  }

  private spawn(call: ts.CallExpression, callee: FunctionWithBody, group: string | undefined): Step {
    const template = this.context.templateFor(callee, bindArguments(this.context.checker, callee, call, this.bindings));
    const range = this.context.rangeOf(call);
    return group === undefined ? { kind: 'spawn', template, range } : { kind: 'spawn', template, group, range };
  }

  /** `Promise.all([f(), g()])`: each modelled call is a task of its own, joined; anything else is io. */
  private combinator(call: ts.CallExpression, kind: Combinator, where: ts.Node): Step[] {
    const range = this.context.rangeOf(where);
    const start = call.getSourceFile().getLineAndCharacterOfPosition(call.getStart());
    const group = `Promise.${kind}@${start.line + 1}:${start.character + 1}`;
    const steps: Step[] = [...this.expr(call.expression)];
    const argument = call.arguments[0] && skipValueWrappers(call.arguments[0]);
    const elements = argument && this.promiseElements(argument);
    let unmodelled = elements === undefined;
    if (elements === undefined) steps.push(...this.expr(argument));
    for (const element of elements ?? []) {
      const spawned = this.withBindings(element.bindings, () => this.spawnOf(element.expression, group));
      if (spawned) steps.push(...spawned);
      else {
        steps.push(...this.withBindings(element.bindings, () => this.expr(element.expression)));
        unmodelled = true;
      }
    }
    if (kind === 'race' || kind === 'any') return [...steps, { kind: 'io', range, note: `Promise.${kind}: goes on when the first settles, modelled as io` }];
    if (steps.some((step) => step.kind === 'spawn')) steps.push({ kind: 'join', group, range });
    // `Promise.all(started)`, an array the tasks were pushed into: waits for them (and for any other promise in it).
    else if (argument && ts.isIdentifier(argument)) {
      this.context.approximate(`Promise.${kind}(${argument.text}): waits for every task this one started, then for promises outside the model`, call);
      steps.push({ kind: 'join', range });
    }
    if (unmodelled) steps.push({ kind: 'io', range, note: `Promise.${kind}: promises outside the model` });
    return steps;
  }

  /** The spawn an element of a `Promise.all` array makes, with its operands: a call of a modelled function (that `starts`). */
  private spawnOf(element: ts.Expression, group: string | undefined, starts = (callee: FunctionWithBody) => !isGeneratorFunction(callee)): Step[] | undefined {
    const inner = skipValueWrappers(element);
    const callee = ts.isCallExpression(inner) && !this.context.lockCall(inner) ? this.context.modelledCallee(inner) : undefined;
    return callee && starts(callee) && ts.isCallExpression(inner) ? [...this.operands(inner), this.spawn(inner, callee, group)] : undefined;
  }

  /**
   * The promises an array argument holds, each with what its callback's parameters are bound to: its elements;
   * one per element of `.map(cb)` over an array known before run time, or of `Array.from({ length: n }, cb)`;
   * else the one `.map(x => f(x))` makes, once, as loops run.
   */
  private promiseElements(array: ts.Expression): { expression: ts.Expression; bindings: Iterable<[ts.Symbol, Bound]> }[] | undefined {
    if (ts.isArrayLiteralExpression(array)) return array.elements.some(ts.isSpreadElement) ? undefined : array.elements.map((expression) => ({ expression, bindings: [] }));
    const mapped = mappedCall(this.context.checker, array);
    const returned = mapped && returnedExpression(mapped.callback);
    if (!mapped || !returned) return undefined;
    const items = this.mappedItems(mapped);
    if (items === undefined) {
      this.context.approximate(`${clippedText(array)}: what it maps over is not known before run time: the task it starts runs once`, array);
      return [{ expression: returned, bindings: [] }];
    }
    if (items.length > MAX_UNROLL) this.context.approximate(`${clippedText(array)} starts ${MAX_UNROLL} tasks here of ${items.length}`, array);
    const parameters = mapped.callback.parameters.map((parameter) => (ts.isIdentifier(parameter.name) ? this.context.checker.getSymbolAtLocation(parameter.name) : undefined));
    return items.slice(0, MAX_UNROLL).map((item, index) => {
      const bindings: [ts.Symbol, Bound][] = [];
      if (parameters[0] && item) bindings.push([parameters[0], item]);
      if (parameters[1]) bindings.push([parameters[1], { value: { kind: 'constant', value: index } }]);
      return { expression: returned, bindings };
    });
  }

  /** The elements a `.map` goes over (undefined for each of `Array.from({ length })`'s), or undefined when not known. */
  private mappedItems(mapped: MappedCall): (Bound | undefined)[] | undefined {
    if (mapped.length) {
      const length = numberOf(evaluate(this.context.checker, mapped.length, this.bindings));
      return length !== undefined && Number.isInteger(length) && length >= 0 ? Array.from({ length }, () => undefined) : undefined;
    }
    return this.arrayItems(mapped.over!);
  }

  /** The elements of an array known before run time: a literal, or a const's literal the code never changes. */
  private arrayItems(array: ts.Expression): (Bound | undefined)[] | undefined {
    const source = evaluate(this.context.checker, array, this.bindings);
    if (source?.kind === 'tuple') return source.elements.map((value) => value && { value });
    const made = source?.kind === 'object' && source.isRoot ? source.made : undefined;
    if (!made || !ts.isArrayLiteralExpression(made.expression) || made.expression.elements.some(ts.isSpreadElement)) return undefined;
    if (source?.kind === 'object' && mayChange(this.context.checker, source.root)) return undefined;
    return made.expression.elements.map((argument) => ({ argument, bindings: made.bindings }));
  }

  private noteBinding(declaration: ts.VariableDeclaration, initializer: ts.Expression): void {
    const acquired = ts.isAwaitExpression(initializer) ? skipValueWrappers(initializer.expression) : initializer;
    const lock = ts.isCallExpression(acquired) ? this.context.lockCall(acquired) : undefined;
    const releasedBy = lock?.api.operation.releasedBy;
    if (lock?.site.kind === 'acquire' && ts.isCallExpression(acquired) && releaserValue(acquired, releasedBy)) {
      const symbol = releaseBinding(this.context.checker, declaration.name, releasedBy);
      if (symbol) this.releaseFunctions.set(symbol, { lock: this.lockId(lock.site, lock.api), releasedBy });
      return;
    }
    if (!ts.isCallExpression(initializer) || !ts.isIdentifier(declaration.name)) return;
    const callee = this.context.modelledCallee(initializer);
    const symbol = this.context.checker.getSymbolAtLocation(declaration.name);
    if (callee && startsATask(callee) && symbol) {
      const line = declaration.getSourceFile().getLineAndCharacterOfPosition(declaration.getStart()).line + 1;
      this.spawnGroups.set(symbol, `${declaration.name.text}@${line}`);
    }
  }

  private groupOfBinding(call: ts.CallExpression): string | undefined {
    const parent = call.parent;
    if (!ts.isVariableDeclaration(parent) || parent.initializer !== call) return undefined;
    const symbol = this.context.checker.getSymbolAtLocation(parent.name);
    return symbol && this.spawnGroups.get(symbol);
  }

  private spawnGroupOf(identifier: ts.Identifier): string | undefined {
    const symbol = this.context.checker.getSymbolAtLocation(identifier);
    return symbol && this.spawnGroups.get(symbol);
  }

  // ---- blocking ----

  private blockingStepAt(node: ts.Node): Step[] {
    const found = this.blockingAt.get(node);
    return found ? [this.blockStep(found)] : [];
  }

  /** Inline sync callbacks run now (`items.forEach(…)`): their blocking places are the function's own. */
  private blockingInside(nested: ts.Node): Step[] {
    return [...this.blockingAt.values()]
      .filter((step) => step.node.pos >= nested.pos && step.node.end <= nested.end)
      .sort((a, b) => a.node.pos - b.node.pos)
      .map((step) => this.blockStep(step));
  }

  /** Only functions have blocking places (the module's top-level code is not asked for them). */
  private blockStep(step: BlockingStep): Step {
    const chain = chainNames(this.scope.fn as FunctionWithBody, step.path).slice(1);
    return { kind: 'block', ms: BLOCKING_COST_MS, call: chain.join(' → '), range: this.context.rangeOf(step.node) };
  }
}

// ---- helpers ----

/** Whether a statement can leave itself other than by finishing: return, throw, or a jump to outside it. */
function leavesEarly(root: ts.Statement): boolean {
  let leaves = false;
  const visit = (node: ts.Node): void => {
    if (leaves || isFunctionWithBody(node) || ts.isClassLike(node)) return;
    if (ts.isReturnStatement(node) || ts.isThrowStatement(node)) leaves = true;
    else if ((ts.isBreakStatement(node) || ts.isContinueStatement(node)) && !jumpsWithin(node, root)) leaves = true;
    else ts.forEachChild(node, visit);
  };
  visit(root);
  return leaves;
}

function jumpsWithin(jump: ts.BreakStatement | ts.ContinueStatement, root: ts.Node): boolean {
  if (jump === root) return false;
  for (let node = jump.parent; node; node = node.parent) {
    const isTarget = jump.label
      ? ts.isLabeledStatement(node) && node.label.text === jump.label.text
      : ts.isIterationStatement(node, false) || (ts.isBreakStatement(jump) && ts.isSwitchStatement(node));
    if (isTarget) return true;
    if (node === root) return false;
  }
  return false;
}

/** A jump target whose break and continue first run what `through` adds (finally blocks). */
function closedTarget(target: JumpTarget, through: (then: Step[]) => Step[]): JumpTarget {
  return { ...target, brk: through(target.brk), ...(target.cont ? { cont: through(target.cont) } : {}) };
}

/** A call of an async function that is not a generator: it starts running, as a task, when called. */
function startsATask(callee: FunctionWithBody): boolean {
  return isAsyncFunction(callee) && !isGeneratorFunction(callee);
}

/** What steps do, without where they are written: arms equal in this are one. */
function behaviour(steps: readonly Step[]): string {
  return JSON.stringify(steps, (key, value: unknown) => (key === 'range' || key === 'note' || key === 'label' ? undefined : value));
}


function promiseCombinator(program: ts.Program, call: ts.CallExpression): Combinator | undefined {
  const declaration = resolvedDeclaration(program.getTypeChecker(), call);
  const owner = declaration?.parent;
  if (!owner || !ts.isInterfaceDeclaration(owner) || owner.name.text !== 'PromiseConstructor' || !program.isSourceFileDefaultLibrary(owner.getSourceFile())) return undefined;
  const name = ts.getNameOfDeclaration(declaration)?.getText();
  return name === 'all' || name === 'allSettled' || name === 'race' || name === 'any' ? name : undefined;
}

/** `xs.map(cb)` (over) or `Array.from({ length: n }, cb)` (length), with an inline callback. */
interface MappedCall {
  callback: ts.ArrowFunction | ts.FunctionExpression;
  over?: ts.Expression;
  length?: ts.Expression;
}

function mappedCall(checker: ts.TypeChecker, expression: ts.Expression): MappedCall | undefined {
  if (!ts.isCallExpression(expression) || !ts.isPropertyAccessExpression(expression.expression)) return undefined;
  const method = expression.expression;
  const argument = (i: number) => expression.arguments[i] && skipValueWrappers(expression.arguments[i]!);
  const isInline = (node: ts.Expression | undefined): node is ts.ArrowFunction | ts.FunctionExpression => node !== undefined && (ts.isArrowFunction(node) || ts.isFunctionExpression(node));
  const callback = argument(method.name.text === 'map' ? 0 : 1);
  if (!isInline(callback)) return undefined;
  if (method.name.text === 'map' && isDefaultLibraryMember(checker, method.name, ARRAY_TYPES)) return { callback, over: method.expression };
  const options = argument(0);
  if (method.name.text !== 'from' || !isDefaultLibraryMember(checker, method.name, ARRAY_CONSTRUCTOR) || !options || !ts.isObjectLiteralExpression(options)) return undefined;
  const length = options.properties.find((property) => ts.isPropertyAssignment(property) && property.name.getText() === 'length');
  return length && ts.isPropertyAssignment(length) ? { callback, length: length.initializer } : undefined;
}

const ARRAY_TYPES = new Set(['Array', 'ReadonlyArray']);

/**
 * Whether the array a const holds may hold other elements than its literal's: some use of it calls a method of
 * the default library's Array that changes it (`started.push(…)`), assigns an element, or hands it on.
 */
function mayChange(checker: ts.TypeChecker, declaration: ts.Declaration): boolean {
  const symbol = ts.isVariableDeclaration(declaration) ? checker.getSymbolAtLocation(declaration.name) : undefined;
  let changes = false;
  const visit = (node: ts.Node): void => {
    if (changes) return;
    if (ts.isIdentifier(node) && node !== (declaration as ts.VariableDeclaration).name && checker.getSymbolAtLocation(node) === symbol) changes = changesThrough(checker, node);
    else ts.forEachChild(node, visit);
  };
  visit(declaration.getSourceFile());
  return changes;
}

function changesThrough(checker: ts.TypeChecker, use: ts.Identifier): boolean {
  const user = valueUserOf(use);
  if (ts.isPropertyAccessExpression(user)) return isDefaultLibraryMember(checker, user.name, ARRAY_TYPES) && MUTATORS.has(user.name.text);
  if (ts.isElementAccessExpression(user)) return ts.isBinaryExpression(user.parent) && user.parent.left === user && isAssignment(user.parent.operatorToken.kind);
  return ts.isCallExpression(user) || ts.isNewExpression(user) || ts.isBinaryExpression(user) && user.left === use;
}

const isAssignment = (kind: ts.SyntaxKind) => kind >= ts.SyntaxKind.FirstAssignment && kind <= ts.SyntaxKind.LastAssignment;
const MUTATORS = new Set(['push', 'pop', 'shift', 'unshift', 'splice', 'sort', 'reverse', 'fill', 'copyWithin']);
const ARRAY_CONSTRUCTOR = new Set(['ArrayConstructor']);

/** The templates steps start, at any depth, in order. */
export function spawnedBy(steps: readonly Step[]): string[] {
  return steps.flatMap((step) => {
    if (step.kind === 'spawn') return [step.template];
    if (step.kind === 'call') return spawnedBy(step.steps);
    return step.kind === 'branch' ? step.alternatives.flatMap((alternative) => spawnedBy(alternative.steps)) : [];
  });
}

function returnedExpression(fn: ts.ArrowFunction | ts.FunctionExpression): ts.Expression | undefined {
  if (!ts.isBlock(fn.body)) return fn.body;
  const [only] = fn.body.statements;
  return fn.body.statements.length === 1 && only && ts.isReturnStatement(only) ? only.expression : undefined;
}

/** The callee's parameters bound to the call's arguments, and a method's `this` to what it is called on. */
function bindArguments(checker: ts.TypeChecker, callee: FunctionWithBody, call: ts.CallExpression, outer: Bindings): Bindings {
  const bindings = new Map<ts.Symbol, { argument: ts.Expression; bindings: Bindings }>();
  callee.parameters.forEach((parameter, i) => {
    const argument = call.arguments[i];
    const symbol = ts.isIdentifier(parameter.name) ? checker.getSymbolAtLocation(parameter.name) : undefined;
    if (argument && symbol) bindings.set(symbol, { argument, bindings: outer });
  });
  const receiver = receiverSymbol(checker, callee);
  const called = skipValueWrappers(call.expression);
  if (receiver && (ts.isPropertyAccessExpression(called) || ts.isElementAccessExpression(called))) bindings.set(receiver, { argument: called.expression, bindings: outer });
  return bindings;
}
