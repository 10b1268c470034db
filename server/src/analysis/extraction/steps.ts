// One function's body as model steps. The walk is continuation-passing: each statement is turned into steps
// given what runs after it normally (`next`), on `return` (the enclosing `finally` blocks, then the end), on an
// explicit `throw` (the `catch`, or the `finally` blocks), and on `break`/`continue` — so an early return inside
// one arm of an `if` ends that alternative only, and a `return` inside `try … finally` still releases.
//
// Modelling choices (docs/visualizer.md has the reasons):
// - if/else, switch, `?:`, `&&`/`||`/`??` whose arms differ in steps become a `branch`; arms with the same steps
//   (ranges aside) collapse into one. What follows a construct is copied into its arms only when an arm leaves
//   the construct early (return, throw, a break out of it) — otherwise it follows the branch once.
// - Loops run their body once (`break` and `continue` go to what follows the loop).
// - Only explicit `throw` statements are thrown: awaits are assumed to succeed, so `catch` blocks run only for them.
// - `await` of a lock operation → acquire (…release); of a timer → timer; of `Promise.all` → spawn each modelled
//   call + join; of a call into the project's own code → an inlined `call`; of anything else → io. A `return`
//   of a promise is awaited by whoever awaits the function, so it is read the same way (without the io fallback).
// - A call to a project async function that is not awaited → spawn (`const p = f(); … await p` → spawn + join).
// - Blocking places (BlockingAnalysis.stepsIn) → block with BLOCKING_COST_MS.
import ts from 'typescript';
import type { AcquireStep, BranchAlternative, Step } from '../../../../model/schema';
import { chainNames, type BlockingStep } from '../blocking';
import { resolvedDeclaration } from '../blocking-apis';
import { forEachOwnNode, functionName, isAsyncFunction, isFunctionWithBody, type FunctionWithBody } from '../functions';
import { clippedText, isShortCircuit, skipValueWrappers } from '../syntax';
import { functionNamedBy } from '../locks/arguments';
import type { Releaser } from '../locks/libraries';
import { releaseBinding, releaserCall, releaserValue, releasesBy } from '../locks/release';
import { isThenableType } from '../promise-types';
import { BLOCKING_COST_MS, MAX_INLINE_DEPTH } from './costs';
import type { ExtractionContext, LockCall } from './context';
import { knownMs, NO_BINDINGS, timerDelay, type Bindings } from './timers';

/** The function being walked, the calls inlined to get here (outermost first, ending with it), its arguments. */
export interface WalkScope {
  fn: FunctionWithBody;
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

  constructor(private readonly context: ExtractionContext, private readonly scope: WalkScope) {
    for (const step of context.blocking.stepsIn(scope.fn)) this.blockingAt.set(step.node, step);
    forEachOwnNode(scope.fn, (node) => {
      if (ts.isVariableDeclaration(node) && node.initializer) this.noteBinding(node, skipValueWrappers(node.initializer));
    });
  }

  steps(): Step[] {
    const body = this.scope.fn.body!;
    const end: Continuations = { next: [], ret: [], thr: [], targets: [] };
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
    if (leavesEarly(node)) return this.construct(node, k);
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
    return [...this.expr(node), ...k.next];
  }

  /** The body runs once; `break` and `continue` both go on after the loop. */
  private loop(node: ts.IterationStatement, k: Continuations, label: string | undefined): Step[] {
    const exit = k.next;
    let head: Step[] = [];
    let afterBody = exit;
    if (ts.isForStatement(node)) {
      head = [...this.expr(node.initializer), ...this.expr(node.condition)];
      afterBody = [...this.expr(node.incrementor), ...exit];
    } else if (ts.isForOfStatement(node) || ts.isForInStatement(node)) {
      head = this.expr(node.expression);
      if (ts.isForOfStatement(node) && node.awaitModifier) head.push({ kind: 'io', range: this.context.rangeOf(node.expression), note: 'for await: the next element' });
    } else if (ts.isWhileStatement(node)) {
      head = this.expr(node.expression);
    } else if (ts.isDoStatement(node)) {
      afterBody = [...this.expr(node.expression), ...exit];
    }
    const targets = [...k.targets, { label, brk: exit, cont: afterBody }];
    return [...head, ...this.statement(node.statement, { ...k, next: afterBody, targets })];
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
      targets: k.targets.map((target) => ({ ...target, brk: through(target.brk), ...(target.cont ? { cont: through(target.cont) } : {}) })),
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
    const operands = this.operands(call);
    const blocking = this.blockingStepAt(call);
    if (blocking.length > 0) return [...operands, ...blocking];
    const released = this.releaseFunctionOf(call);
    if (released) return [...operands, { kind: 'release', lock: released, range: this.context.rangeOf(call) }];
    const callee = this.context.modelledCallee(call);
    if (callee && isAsyncFunction(callee)) return [...operands, this.spawn(call, callee, this.groupOfBinding(call))];
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
      return group ? [{ kind: 'join', group, range: this.context.rangeOf(where) }] : unknown([]);
    }
    if (!ts.isCallExpression(inner)) return unknown(this.expr(inner));
    const lock = this.context.lockCall(inner);
    if (lock) return this.lockOperation(inner, lock, where);
    // `await release()`: an async releaser (proper-lockfile's, redlock's `lock.release()`) releases when called.
    if (this.releaseFunctionOf(inner)) return this.call(inner);
    const combinator = promiseCombinator(this.context.program, inner);
    if (combinator) return this.combinator(inner, combinator, where);
    const blocking = this.blockingStepAt(inner);
    if (blocking.length > 0) return [...this.operands(inner), ...blocking];
    const callee = this.context.modelledCallee(inner);
    if (callee) return [...this.operands(inner), ...this.inline(callee, inner, where)];
    if (explicit) return unknown(this.operands(inner));
    const called = this.call(inner);
    return called.some((step) => step.kind === 'spawn') ? called : unknown(called);
  }

  private timer(delay: ts.Expression | undefined, where: ts.Node): Step {
    const ms = knownMs(this.context.checker, delay, this.scope.bindings);
    const range = this.context.rangeOf(where);
    const step: Step = ms === undefined ? { kind: 'io', range, note: 'a timer whose delay is not known before run time' } : { kind: 'timer', ms, range };
    timerSteps.add(step);
    return step;
  }

  // ---- locks ----

  private lockOperation(call: ts.CallExpression, { site, sites, api }: LockCall, awaitedAt: ts.Node | undefined): Step[] {
    const lock = this.context.locks.idOf(site, api);
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
        const locks = sites.map((each) => this.context.locks.idOf(each, api));
        const releases = [...locks].reverse().map((each): Step => ({ kind: 'release', lock: each, range: end }));
        return [...operands, ...locks.map((each) => ({ ...scoped, lock: each })), ...body, ...releases];
      }
    }
  }

  /** The callback of runExclusive / lock.acquire(key, cb) / navigator.locks.request: runs with the lock held. */
  private scopedBody(callback: ts.Expression | undefined): Step[] {
    if (!callback) return [];
    const target = skipValueWrappers(callback);
    if (ts.isArrowFunction(target) || ts.isFunctionExpression(target)) return stepsOfFunction(this.context, { ...this.scope, fn: target });
    const named = functionNamedBy(this.context.checker, target);
    return named && this.context.isModelled(named) ? this.inline(named, undefined, target) : [];
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
    if (this.scope.stack.includes(callee)) return [{ kind: 'call', function: name, steps: [], range, note: `recursion cut: ${name} is already running in this task` }];
    if (this.scope.stack.length > MAX_INLINE_DEPTH) return [{ kind: 'call', function: name, steps: [], range, note: `not inlined: calls nest deeper than ${MAX_INLINE_DEPTH}` }];
    const bindings = call ? bindArguments(this.context.checker, callee, call, this.scope.bindings) : NO_BINDINGS;
    const steps = stepsOfFunction(this.context, { fn: callee, stack: [...this.scope.stack, callee], bindings });
    if (steps.length === 0) return [];
    // `await sleep(10)`: a helper whose body only starts a timer is that timer.
    if (steps.length === 1 && timerSteps.has(steps[0]!)) return [{ ...steps[0]!, range, note: `${name}(…)${steps[0]!.kind === 'io' ? ': a timer whose delay is not known before run time' : ''}` }];
    return [{ kind: 'call', function: name, steps, range }];
  }

  private spawn(call: ts.CallExpression, callee: FunctionWithBody, group: string | undefined): Step {
    const template = this.context.templateFor(callee);
    const range = this.context.rangeOf(call);
    return group === undefined ? { kind: 'spawn', template, range } : { kind: 'spawn', template, group, range };
  }

  /** `Promise.all([f(), g()])`: each modelled call is a task of its own, joined; anything else is io. */
  private combinator(call: ts.CallExpression, kind: Combinator, where: ts.Node): Step[] {
    const range = this.context.rangeOf(where);
    const start = call.getSourceFile().getLineAndCharacterOfPosition(call.getStart());
    const group = `Promise.${kind}@${start.line + 1}:${start.character + 1}`;
    const steps: Step[] = [...this.expr(call.expression)];
    const elements = promiseElements(call.arguments[0]);
    let unmodelled = elements === undefined;
    if (elements === undefined) steps.push(...this.expr(call.arguments[0]));
    for (const element of elements ?? []) {
      const inner = skipValueWrappers(element);
      const callee = ts.isCallExpression(inner) && !this.context.lockCall(inner) ? this.context.modelledCallee(inner) : undefined;
      if (callee && ts.isCallExpression(inner)) {
        steps.push(...this.operands(inner), this.spawn(inner, callee, group));
      } else {
        steps.push(...this.expr(element));
        unmodelled = true;
      }
    }
    if (kind === 'race' || kind === 'any') return [...steps, { kind: 'io', range, note: `Promise.${kind}: goes on when the first settles, modelled as io` }];
    if (steps.some((step) => step.kind === 'spawn')) steps.push({ kind: 'join', group, range });
    if (unmodelled) steps.push({ kind: 'io', range, note: `Promise.${kind}: promises outside the model` });
    return steps;
  }

  private noteBinding(declaration: ts.VariableDeclaration, initializer: ts.Expression): void {
    const acquired = ts.isAwaitExpression(initializer) ? skipValueWrappers(initializer.expression) : initializer;
    const lock = ts.isCallExpression(acquired) ? this.context.lockCall(acquired) : undefined;
    const releasedBy = lock?.api.operation.releasedBy;
    if (lock?.site.kind === 'acquire' && ts.isCallExpression(acquired) && releaserValue(acquired, releasedBy)) {
      const symbol = releaseBinding(this.context.checker, declaration.name, releasedBy);
      if (symbol) this.releaseFunctions.set(symbol, { lock: this.context.locks.idOf(lock.site, lock.api), releasedBy });
      return;
    }
    if (!ts.isCallExpression(initializer) || !ts.isIdentifier(declaration.name)) return;
    const callee = this.context.modelledCallee(initializer);
    const symbol = this.context.checker.getSymbolAtLocation(declaration.name);
    if (callee && isAsyncFunction(callee) && symbol) {
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

  private blockStep(step: BlockingStep): Step {
    const chain = chainNames(this.scope.fn, step.path).slice(1);
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

/** The promises an array argument holds: its elements, or the one `.map(x => f(x))` makes (once, as loops run). */
function promiseElements(argument: ts.Expression | undefined): ts.Expression[] | undefined {
  const inner = argument && skipValueWrappers(argument);
  if (!inner) return undefined;
  if (ts.isArrayLiteralExpression(inner)) return inner.elements.some(ts.isSpreadElement) ? undefined : [...inner.elements];
  if (ts.isCallExpression(inner) && ts.isPropertyAccessExpression(inner.expression) && inner.expression.name.text === 'map') {
    const callback = inner.arguments[0] && skipValueWrappers(inner.arguments[0]);
    const returned = callback && (ts.isArrowFunction(callback) || ts.isFunctionExpression(callback)) ? returnedExpression(callback) : undefined;
    return returned ? [returned] : undefined;
  }
  return undefined;
}

function returnedExpression(fn: ts.ArrowFunction | ts.FunctionExpression): ts.Expression | undefined {
  if (!ts.isBlock(fn.body)) return fn.body;
  const [only] = fn.body.statements;
  return fn.body.statements.length === 1 && only && ts.isReturnStatement(only) ? only.expression : undefined;
}

function bindArguments(checker: ts.TypeChecker, callee: FunctionWithBody, call: ts.CallExpression, outer: Bindings): Bindings {
  const bindings = new Map<ts.Symbol, { argument: ts.Expression; bindings: Bindings }>();
  callee.parameters.forEach((parameter, i) => {
    const argument = call.arguments[i];
    const symbol = ts.isIdentifier(parameter.name) ? checker.getSymbolAtLocation(parameter.name) : undefined;
    if (argument && symbol) bindings.set(symbol, { argument, bindings: outer });
  });
  return bindings;
}
