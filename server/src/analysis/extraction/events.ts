// The model's events (EventDecl): a promise whose resolve function the code keeps, and a Node emitter's event.
// Decided by declarations and data flow, never by names:
// - `new Promise((resolve) => (setReady = resolve))` kept in `ready` (a variable or a field, assigned anywhere in
//   its file), or `const { promise, resolve } = Promise.withResolvers()`: `await ready` (also through a const
//   alias) waits for it, a call of what holds the resolve function (`setReady()`, `this.resolveDone()`) sets it.
// - `await once(emitter, 'name')` waits for the emitter's event, `emitter.emit('name')` sets it (event-apis.ts).
// A promise reached through an object (`gate.ready`) is that object's, as the instance's values name it
// (values.ts), like a lock reached through a parameter; unknown, it keeps its spelling, listed as an approximation.
// A resolve function handed to a call the model does not follow (`register(resolve)`) leaves the promise io, listed.
import ts from 'typescript';
import type { EventDecl, Step } from '../../../../model/schema';
import { resolvedDeclaration } from '../blocking-apis';
import { calleeSymbol } from '../calls';
import { emitterEventCall } from '../event-apis';
import { declarationKey, isDefaultLibrary, isDefaultLibraryMember } from '../locks/identity';
import { clippedText, skipValueWrappers, valueUserOf } from '../syntax';
import type { ExtractionContext } from './context';
import type { ModelIds } from './lock-table';
import { rangeOf, type UriOf } from './ranges';
import { evaluate, type Bindings } from './values';

/** What makes the promise: `new Promise(executor)` or `Promise.withResolvers()`. */
type Maker = ts.NewExpression | ts.CallExpression;

/** A maker reached from an expression, and the object it was reached through (`gate` of `gate.ready`), if any. */
interface Reached {
  maker: Maker;
  receiver?: ts.Expression;
}

/** How many aliases and assignments are followed from one expression. */
const MAX_DEPTH = 8;

/** The events of one model, by identity: one EventDecl each, ids `file#name` like the locks'. */
export class EventTable {
  private readonly byKey = new Map<string, { decl: EventDecl; order: [string, number] }>();
  /** By the declaration assigned (`this.x` may resolve to a symbol of `this`'s type, `other.x` to the class's: one declaration). */
  private readonly assignmentsByFile = new Map<ts.SourceFile, Map<ts.Declaration, ts.Expression[]>>();

  /** The promises some task waits for, by event id; the calls the walks made signals of. */
  private readonly waited = new Map<string, Maker>();
  private readonly signals = new Set<ts.CallExpression>();

  constructor(private readonly ids: ModelIds, private readonly uriOf: UriOf) {}

  noteWait(id: string, maker: Maker): void {
    this.waited.set(id, maker);
  }

  noteSignal(call: ts.CallExpression): void {
    this.signals.add(call);
  }

  /** The promises waited for, each with its name for people. */
  waitedFor(): { name: string; maker: Maker }[] {
    const names = new Map(this.decls().map((decl) => [decl.id, decl.name]));
    return [...this.waited].map(([id, maker]) => ({ name: names.get(id)!, maker }));
  }

  isSignal(call: ts.CallExpression): boolean {
    return this.signals.has(call);
  }

  idOf(key: string, name: string, declaredAt: ts.Node): string {
    const known = this.byKey.get(key);
    if (known) return known.decl.id;
    const decl: EventDecl = { id: this.ids.unique(`${this.ids.placeOf(declaredAt)}#${name}`), name, range: rangeOf(declaredAt, this.uriOf) };
    this.byKey.set(key, { decl, order: [declaredAt.getSourceFile().fileName, declaredAt.getStart()] });
    return decl.id;
  }

  /** Every event used, by where it is declared. */
  decls(): EventDecl[] {
    return [...this.byKey.values()].sort((a, b) => a.order[0].localeCompare(b.order[0]) || a.order[1] - b.order[1]).map((entry) => entry.decl);
  }

  /** What the files declaring a symbol assign to it (`setReady = resolve`, `this.ready = new Promise(…)`), besides its initializer. */
  assignedTo(checker: ts.TypeChecker, symbol: ts.Symbol): ts.Expression[] {
    const declaration = symbol.declarations?.[0];
    if (!declaration) return [];
    const files = new Set((symbol.declarations ?? []).map((each) => each.getSourceFile()));
    return [...files].flatMap((file) => this.assignmentsIn(checker, file).get(declaration) ?? []);
  }

  private assignmentsIn(checker: ts.TypeChecker, file: ts.SourceFile): Map<ts.Declaration, ts.Expression[]> {
    let assignments = this.assignmentsByFile.get(file);
    if (assignments) return assignments;
    const found = new Map<ts.Declaration, ts.Expression[]>();
    const visit = (node: ts.Node): void => {
      const declaration = ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken ? heldBy(checker, node.left)?.declarations?.[0] : undefined;
      if (declaration) found.set(declaration, [...(found.get(declaration) ?? []), (node as ts.BinaryExpression).right]);
      ts.forEachChild(node, visit);
    };
    visit(file);
    this.assignmentsByFile.set(file, (assignments = found));
    return assignments;
  }
}

/** `await expression`, when it waits for an event: the wait step, or io when its promise cannot be followed (listed). */
export function awaitedEvent(context: ExtractionContext, expression: ts.Expression, bindings: Bindings, where: ts.Node): Step | undefined {
  const inner = skipValueWrappers(expression);
  if (ts.isCallExpression(inner)) return emitterEvent(context, inner, 'wait', bindings, where);
  const reached = promiseReached(context, inner, 0);
  if (!reached) return undefined;
  const range = context.rangeOf(where);
  const settles = settlement(context, reached.maker);
  if (settles === 'kept') {
    const event = promiseEventId(context, reached, bindings);
    context.events.noteWait(event, reached.maker);
    return { kind: 'wait', event, range };
  }
  if (settles === 'unknown') return undefined;
  context.approximate(`${clippedText(inner)}: its resolve function is handed to ${clippedText(settles)}, which the model does not follow: awaited as io`, where);
  return { kind: 'io', range, note: 'a promise settled where the model does not follow' };
}

/** A call that sets an event: a kept resolve function's, or an emitter's `emit`. */
export function signalledEvent(context: ExtractionContext, call: ts.CallExpression, bindings: Bindings): Step | undefined {
  const emitted = emitterEvent(context, call, 'signal', bindings, call);
  if (emitted) return emitted;
  const reached = resolverReached(context, skipValueWrappers(call.expression), 0);
  if (!reached) return undefined;
  context.events.noteSignal(call);
  return { kind: 'signal', event: promiseEventId(context, reached, bindings), range: context.rangeOf(call) };
}

/**
 * Calls of a waited promise's kept resolve function that no walk met (in a callback run later, a sync helper):
 * they may set the event where the model does not, so a wait the model never wakes is listed as an approximation.
 */
export function noteSignalsNotModelled(context: ExtractionContext): void {
  for (const { name, maker } of context.events.waitedFor()) {
    const holders = resolveHolders(context, maker);
    const files = new Set([...holders].map((holder) => holder.getSourceFile()));
    for (const file of files) {
      forEachCall(file, (call) => {
        const holder = heldBy(context.checker, call.expression)?.declarations?.[0];
        if (holder && holders.has(holder) && !context.events.isSignal(call)) {
          context.approximate(`${clippedText(call)} sets ${name} where the model does not run (a callback, a sync helper): a wait for it may never be woken in the model`, call);
        }
      });
    }
  }
}

/** The declarations a promise's resolve function is kept in: what its executor assigns it to, a withResolvers' `resolve` binding. */
function resolveHolders(context: ExtractionContext, maker: Maker): Set<ts.Declaration> {
  const holders = new Set<ts.Declaration>();
  if (ts.isCallExpression(maker)) {
    const variable = maker.parent;
    const binding = ts.isVariableDeclaration(variable) && ts.isObjectBindingPattern(variable.name)
      ? variable.name.elements.find((element) => ((element.propertyName ?? element.name) as ts.Identifier).text === 'resolve') : undefined;
    if (binding) holders.add(binding);
    return holders;
  }
  const executor = maker.arguments?.[0] && skipValueWrappers(maker.arguments[0]);
  if (!executor || !(ts.isArrowFunction(executor) || ts.isFunctionExpression(executor))) return holders;
  const visit = (node: ts.Node): void => {
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && resolveParameterOf(context, skipValueWrappers(node.right)) === maker) {
      const holder = heldBy(context.checker, node.left)?.declarations?.[0];
      if (holder) holders.add(holder);
    }
    ts.forEachChild(node, visit);
  };
  visit(executor.body);
  return holders;
}

function forEachCall(node: ts.Node, visit: (call: ts.CallExpression) => void): void {
  if (ts.isCallExpression(node)) visit(node);
  ts.forEachChild(node, (child) => forEachCall(child, visit));
}

// ---- promises kept with their resolve functions ----

/** The promise an expression holds, followed through consts, variables and fields assigned in their files. */
function promiseReached(context: ExtractionContext, expression: ts.Expression, depth: number): Reached | undefined {
  const inner = skipValueWrappers(expression);
  if (isPromiseMaker(context.program, inner, 'new')) return { maker: inner };
  if (depth > MAX_DEPTH) return undefined;
  const fromResolvers = resolversMember(context, inner, 'promise');
  if (fromResolvers) return fromResolvers;
  return followHolder(context, inner, (held) => promiseReached(context, held, depth + 1));
}

/** The promise a resolve function belongs to: what is called holds an executor's first parameter or a withResolvers' `resolve`. */
function resolverReached(context: ExtractionContext, callee: ts.Expression, depth: number): Reached | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const executorOf = resolveParameterOf(context, callee);
  if (executorOf) return { maker: executorOf };
  const fromResolvers = resolversMember(context, callee, 'resolve');
  if (fromResolvers) return fromResolvers;
  return followHolder(context, callee, (held) => resolverReached(context, held, depth + 1));
}

/**
 * What a variable or field is given (its initializer, what its files assign to it), followed by `next`; the first
 * that reaches a promise wins. A field read through an object (`gate.ready`) keeps that object as the receiver.
 */
function followHolder(context: ExtractionContext, expression: ts.Expression, next: (held: ts.Expression) => Reached | undefined): Reached | undefined {
  if (!ts.isIdentifier(expression) && !ts.isPropertyAccessExpression(expression)) return undefined;
  const symbol = heldBy(context.checker, expression);
  if (!symbol) return undefined;
  const declaration = symbol.valueDeclaration;
  const initializer = declaration && (ts.isVariableDeclaration(declaration) || ts.isPropertyDeclaration(declaration)) ? declaration.initializer : undefined;
  const held = [...(initializer ? [initializer] : []), ...context.events.assignedTo(context.checker, symbol)];
  for (const each of held) {
    const reached = next(each);
    if (reached) return reached.receiver || !ts.isPropertyAccessExpression(expression) ? reached : { ...reached, receiver: expression.expression };
  }
  return undefined;
}

/** `new Promise((resolve) => …)`'s resolve parameter, when the expression is it: the promise it settles. */
function resolveParameterOf(context: ExtractionContext, expression: ts.Expression): ts.NewExpression | undefined {
  if (!ts.isIdentifier(expression)) return undefined;
  const declaration = context.checker.getSymbolAtLocation(expression)?.valueDeclaration;
  const executor = declaration && ts.isParameter(declaration) ? declaration.parent : undefined;
  if (!executor || executor.parameters[0] !== declaration || !(ts.isArrowFunction(executor) || ts.isFunctionExpression(executor))) return undefined;
  const made = executor.parent;
  return ts.isNewExpression(made) && made.arguments?.[0] && skipValueWrappers(made.arguments[0]) === executor && isPromiseMaker(context.program, made, 'new') ? made : undefined;
}

/**
 * `const { promise, resolve } = Promise.withResolvers()` (a binding of the member), or `r.promise` / `r.resolve`
 * of an `r` holding one: the withResolvers call.
 */
function resolversMember(context: ExtractionContext, expression: ts.Expression, member: 'promise' | 'resolve'): Reached | undefined {
  const { checker, program } = context;
  if (ts.isPropertyAccessExpression(expression)) {
    const isMember = expression.name.text === member && isDefaultLibraryMember(checker, expression.name, PROMISE_WITH_RESOLVERS);
    return isMember ? followHolder(context, skipValueWrappers(expression.expression), (held) => withResolversCall(program, held)) : undefined;
  }
  const declaration = ts.isIdentifier(expression) ? checker.getSymbolAtLocation(expression)?.valueDeclaration : undefined;
  if (!declaration || !ts.isBindingElement(declaration) || !ts.isObjectBindingPattern(declaration.parent)) return undefined;
  const property = declaration.propertyName ?? declaration.name;
  const variable = declaration.parent.parent;
  if (!ts.isIdentifier(property) || property.text !== member || !ts.isVariableDeclaration(variable) || !variable.initializer) return undefined;
  return withResolversCall(program, variable.initializer);
}

const PROMISE_WITH_RESOLVERS = new Set(['PromiseWithResolvers']);

function withResolversCall(program: ts.Program, expression: ts.Expression): Reached | undefined {
  const inner = skipValueWrappers(expression);
  return isPromiseMaker(program, inner, 'withResolvers') ? { maker: inner } : undefined;
}

/** `new Promise(…)` ('new') or `Promise.withResolvers()`, as the default library declares them. */
function isPromiseMaker(program: ts.Program, expression: ts.Expression, which: 'new' | 'withResolvers'): expression is Maker {
  if (which === 'new' ? !ts.isNewExpression(expression) : !ts.isCallExpression(expression)) return false;
  const declaration = resolvedDeclaration(program.getTypeChecker(), expression as Maker);
  const owner = declaration?.parent;
  if (!owner || !ts.isInterfaceDeclaration(owner) || owner.name.text !== 'PromiseConstructor' || !isDefaultLibrary(owner.getSourceFile())) return false;
  return which === 'new' ? ts.isConstructSignatureDeclaration(declaration) : ts.getNameOfDeclaration(declaration)?.getText() === 'withResolvers';
}

/**
 * Whether the code keeps the promise's resolve function to call later ('kept': an event); hands it to a call the
 * model does not follow (that call); or neither — called at once or never (`unknown`: the await stays io).
 */
function settlement(context: ExtractionContext, maker: Maker): 'kept' | 'unknown' | ts.CallExpression {
  if (ts.isCallExpression(maker)) return 'kept';
  const written = maker.arguments?.[0] && skipValueWrappers(maker.arguments[0]);
  const executor = written && (ts.isArrowFunction(written) || ts.isFunctionExpression(written)) ? written : undefined;
  const parameter = executor?.parameters[0];
  const resolve = parameter && ts.isIdentifier(parameter.name) ? context.checker.getSymbolAtLocation(parameter.name) : undefined;
  if (!executor || !parameter || !resolve) return 'unknown';
  let result: 'kept' | 'unknown' | ts.CallExpression = 'unknown';
  const visit = (node: ts.Node): void => {
    if (result === 'kept') return;
    if (ts.isIdentifier(node) && node !== parameter.name && context.checker.getSymbolAtLocation(node) === resolve) result = useOfResolve(node) ?? result;
    ts.forEachChild(node, visit);
  };
  visit(executor.body);
  return result;
}

/** One use of the resolve parameter: stored (kept), passed to a call (that call), or anything else (undefined). */
function useOfResolve(use: ts.Identifier): 'kept' | ts.CallExpression | undefined {
  const user = valueUserOf(use);
  if (ts.isBinaryExpression(user) && user.operatorToken.kind === ts.SyntaxKind.EqualsToken && skipValueWrappers(user.right) === use) return 'kept';
  return ts.isCallExpression(user) && user.arguments.some((argument) => skipValueWrappers(argument) === use) ? user : undefined;
}

/** The event of a promise, in this instance: the object it was reached through, as the instance's values name it. */
function promiseEventId(context: ExtractionContext, { maker, receiver }: Reached, bindings: Bindings): string {
  const holder = holderName(maker);
  const makerKey = declarationKey(maker);
  if (!receiver) return context.events.idOf(makerKey, holder.text, holder.node);
  const value = evaluate(context.checker, receiver, bindings);
  if (value?.kind === 'object') return context.events.idOf(`${makerKey}@${value.key}`, `${value.text}.${holder.text}`, holder.node);
  const spelling = clippedText(receiver);
  context.approximate(`${spelling}.${holder.text}: which object's event is not known before run time; named by its spelling`, receiver);
  return context.events.idOf(`${makerKey}|${spelling}`, `${spelling}.${holder.text}`, holder.node);
}

/** What people call a promise: the variable, field or binding it is stored in (`ready`, `done`, `promise`). */
function holderName(maker: Maker): { text: string; node: ts.Node } {
  const user = valueUserOf(maker);
  const isMaker = (value: ts.Expression | undefined) => value !== undefined && skipValueWrappers(value) === maker;
  const named = (ts.isVariableDeclaration(user) || ts.isPropertyDeclaration(user)) && isMaker(user.initializer) ? user.name
    : ts.isBinaryExpression(user) && isMaker(user.right) ? (ts.isPropertyAccessExpression(user.left) ? user.left.name : user.left) : undefined;
  if (named && (ts.isIdentifier(named) || ts.isPrivateIdentifier(named))) return { text: named.text, node: named };
  if (named && ts.isObjectBindingPattern(named)) {
    const promise = named.elements.find((element) => ((element.propertyName ?? element.name) as ts.Identifier).text === 'promise');
    if (promise && ts.isIdentifier(promise.name)) return { text: promise.name.text, node: promise.name };
  }
  return { text: clippedText(maker), node: maker };
}

/** What a variable or field expression refers to (import aliases followed). */
function heldBy(checker: ts.TypeChecker, expression: ts.Expression): ts.Symbol | undefined {
  const inner = skipValueWrappers(expression);
  return ts.isIdentifier(inner) || ts.isPropertyAccessExpression(inner) ? calleeSymbol(checker, inner) : undefined;
}

// ---- Node's emitters ----

/** `once(emitter, 'name')` / `emitter.emit('name')` doing `does`: its step; none (listed) when the emitter or the name is not known. */
function emitterEvent(context: ExtractionContext, call: ts.CallExpression, does: 'wait' | 'signal', bindings: Bindings, where: ts.Node): Step | undefined {
  const found = emitterEventCall(context.program, call);
  if (!found || found.does !== does) return undefined;
  const emitter = evaluate(context.checker, found.emitter, bindings);
  const name = evaluate(context.checker, found.name, bindings);
  if (emitter?.kind !== 'object' || name?.kind !== 'constant') {
    const unknown = emitter?.kind !== 'object' ? `its emitter (${clippedText(found.emitter)})` : `its event name (${clippedText(found.name)})`;
    context.approximate(`${clippedText(call)}: ${unknown} is not known before run time: ${does === 'wait' ? 'awaited as io' : 'it wakes nobody in the model'}`, call);
    return undefined;
  }
  const label = typeof name.value === 'string' ? `'${name.value}'` : String(name.value);
  const declaredAt = ts.getNameOfDeclaration(emitter.root) ?? emitter.root;
  return { kind: does, event: context.events.idOf(`emitter:${emitter.key}:${label}`, `${emitter.text} ${label}`, declaredAt), range: context.rangeOf(where) };
}
