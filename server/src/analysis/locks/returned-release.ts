// A release that travels back to the caller: a helper takes the lock and returns its release function — alone
// (`return release`), in an object (`return { value, releaseLock }`) or in a tuple (`return [value, release]`) —
// or a new closure that calls it whenever it runs (`return async () => { await release(); this.locked = false; }`).
// The caller then holds the lock until it calls what it received, so its paths are checked as if it had taken
// the lock itself.
import ts from 'typescript';
import { forEachOwnNode, returnedExpressions, type FunctionWithBody } from '../functions';
import { perProgramMemo } from '../summaries';
import { skipValueWrappers } from '../syntax';
import type { UserLockType } from '../types';
import { lockApiCall } from './api';
import { lockRefOf, type LockRef } from './identity';

/** Where the returned value carries the release: it is the release, or one property or element of it. */
export type ReleaseShape = { kind: 'function' } | { kind: 'property'; name: string } | { kind: 'element'; index: number };

export interface ReturnedRelease {
  /** The lock as the helper names it (its parameters still to be bound by the caller). */
  ref: LockRef;
  shape: ReleaseShape;
}

interface Context {
  checker: ts.TypeChecker;
  program: ts.Program;
  userTypes: readonly UserLockType[];
}

/** The lock whose release the helper returns, and where in its result; undefined when it returns none. */
export function returnedRelease(context: Context, fn: FunctionWithBody): ReturnedRelease | undefined {
  const known = perProgramMemo(context.checker, `returned-release|${JSON.stringify(context.userTypes)}`, () => new WeakMap<FunctionWithBody, ReturnedRelease | null>());
  let found = known.get(fn);
  if (found === undefined) known.set(fn, (found = findReturnedRelease(context, fn) ?? null));
  return found ?? undefined;
}

function findReturnedRelease(context: Context, fn: FunctionWithBody): ReturnedRelease | undefined {
  const releases = new Map<ts.Symbol, LockRef>();
  forEachOwnNode(fn, (node) => {
    if (!ts.isVariableDeclaration(node) || !ts.isIdentifier(node.name) || !node.initializer) return;
    const awaited = skipValueWrappers(node.initializer);
    const call = ts.isAwaitExpression(awaited) ? skipValueWrappers(awaited.expression) : undefined;
    if (!call || !ts.isCallExpression(call)) return;
    const api = lockApiCall(context.checker, context.program, call, context.userTypes);
    const ref = api?.kind === 'acquire' ? lockRefOf(context.checker, api, () => {}) : undefined;
    const symbol = context.checker.getSymbolAtLocation(node.name);
    if (ref && symbol) releases.set(symbol, ref);
  });
  if (releases.size === 0) return undefined;
  for (const returned of returnedExpressions(fn)) {
    const found = releaseIn(context.checker, skipValueWrappers(returned), releases);
    if (found) return found;
  }
  return undefined;
}

function releaseIn(checker: ts.TypeChecker, value: ts.Expression, releases: Map<ts.Symbol, LockRef>): ReturnedRelease | undefined {
  const refOf = (node: ts.Node) => {
    const symbol = ts.isShorthandPropertyAssignment(node) ? checker.getShorthandAssignmentValueSymbol(node) : checker.getSymbolAtLocation(node);
    return symbol && releases.get(symbol);
  };
  if (ts.isIdentifier(value)) {
    const ref = refOf(value);
    return ref && { ref, shape: { kind: 'function' } };
  }
  if (ts.isArrowFunction(value) || ts.isFunctionExpression(value)) {
    const ref = releaseCalledBy(value, refOf);
    return ref && { ref, shape: { kind: 'function' } };
  }
  if (ts.isObjectLiteralExpression(value)) {
    for (const property of value.properties) {
      const ref = ts.isShorthandPropertyAssignment(property) ? refOf(property)
        : ts.isPropertyAssignment(property) && ts.isIdentifier(skipValueWrappers(property.initializer)) ? refOf(skipValueWrappers(property.initializer)) : undefined;
      if (ref && property.name && ts.isIdentifier(property.name)) return { ref, shape: { kind: 'property', name: property.name.text } };
    }
  }
  if (ts.isArrayLiteralExpression(value)) {
    for (const [index, element] of value.elements.entries()) {
      const ref = ts.isIdentifier(element) ? refOf(element) : undefined;
      if (ref) return { ref, shape: { kind: 'element', index } };
    }
  }
  return undefined;
}

/**
 * The release a closure calls on every run: its expression body, or a call among the statements its block body
 * opens with before anything that may branch or leave (an `if`, a `return`, a loop).
 */
function releaseCalledBy(closure: ts.ArrowFunction | ts.FunctionExpression, refOf: (node: ts.Node) => LockRef | undefined): LockRef | undefined {
  const body = closure.body;
  const opening = ts.isBlock(body) ? body.statements.slice(0, leadingStraightLine(body.statements)) : [body];
  for (const statement of opening) {
    const expression = ts.isExpressionStatement(statement) ? statement.expression : ts.isExpression(statement) ? statement : undefined;
    const called = expression && releaseCallee(expression);
    const ref = called && refOf(called);
    if (ref) return ref;
  }
  return undefined;
}

/** How many statements a block opens with that run one after the other: expressions and declarations. */
function leadingStraightLine(statements: readonly ts.Statement[]): number {
  const end = statements.findIndex((statement) => !ts.isExpressionStatement(statement) && !ts.isVariableStatement(statement));
  return end < 0 ? statements.length : end;
}

/** `release()` or `await release()`: the identifier called. */
function releaseCallee(expression: ts.Expression): ts.Identifier | undefined {
  const unwrapped = skipValueWrappers(expression);
  const call = ts.isAwaitExpression(unwrapped) ? skipValueWrappers(unwrapped.expression) : unwrapped;
  const callee = ts.isCallExpression(call) ? skipValueWrappers(call.expression) : undefined;
  return callee && ts.isIdentifier(callee) ? callee : undefined;
}

/** The binding of the caller's `const … = await helper()` that receives the release, if it names one. */
export function bindingOfRelease(name: ts.BindingName, shape: ReleaseShape): ts.Identifier | undefined {
  if (shape.kind === 'function') return ts.isIdentifier(name) ? name : undefined;
  if (shape.kind === 'property' && ts.isObjectBindingPattern(name)) {
    const element = name.elements.find((e) => (e.propertyName ?? e.name).getText() === shape.name);
    return element && ts.isIdentifier(element.name) ? element.name : undefined;
  }
  if (shape.kind === 'element' && ts.isArrayBindingPattern(name)) {
    const element = name.elements[shape.index];
    return element && ts.isBindingElement(element) && ts.isIdentifier(element.name) ? element.name : undefined;
  }
  return undefined;
}
