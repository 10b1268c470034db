// Several locks acquired at once: `await Promise.all([a.acquire(), b.acquire()])`, or one acquisition per element
// of an array, `await Promise.all(ms.map((m) => m.acquire()))`. Promise.all's argument is evaluated before it
// waits, so the acquisitions are issued one after another in the array's order — for lock ordering, a nesting in
// that order — and once the await resolves every lock is held, its releases in the array it resolves to. The flow
// walk (flow.ts) asks this module where such a hold starts, how its releases are bound, and which statements
// release every element of a release array (`releases.forEach((r) => r())`, `for (const r of releases) r()`).
// Promise.all, map and forEach are recognised by their declarations in TypeScript's own libraries.
import ts from 'typescript';
import { ARRAY_TYPES, isPromiseAll, sameElementsAs } from '../array-apis';
import { soleExpression } from '../functions';
import { skipValueWrappers, valueUserOf } from '../syntax';
import type { LockApiCall } from './api';
import { elementOf, isDefaultLibraryMember, lockRefOf, objectIdentity, type LockRef } from './identity';
import type { Releaser } from './libraries';
import { releaseBinding, releaserCall, releasesBy } from './release';

/** An acquisition taken together with others: a member of a `Promise.all(…)`. */
export interface TakenTogether {
  /** The `Promise.all(…)` call. */
  all: ts.CallExpression;
  /** Its place in an array literal; undefined for the acquisitions a map callback makes (one per element). */
  index?: number;
  /** The Promise.all is awaited where it is made (else the promise, and the locks, are handed on). */
  awaited: boolean;
}

/**
 * `m.acquire()` as an element of the array literal of a `Promise.all([…])`, or a `ms.map(cb)` that is that
 * argument itself.
 */
export function takenTogether(checker: ts.TypeChecker, member: ts.CallExpression): TakenTogether | undefined {
  const user = valueUserOf(member);
  const inArray = ts.isArrayLiteralExpression(user);
  const all = inArray ? valueUserOf(user) : user;
  if (!ts.isCallExpression(all) || !isPromiseAll(checker, all)) return undefined;
  const awaited = ts.isAwaitExpression(valueUserOf(all));
  const argument = all.arguments[0] && skipValueWrappers(all.arguments[0]);
  if (inArray) return argument === user ? { all, index: user.elements.indexOf(skipToElement(member, user)), awaited } : undefined;
  return argument === member ? { all, awaited } : undefined;
}

/** The element of `array` that is (or wraps) the member. */
function skipToElement(member: ts.Expression, array: ts.ArrayLiteralExpression): ts.Expression {
  let current: ts.Node = member;
  while (current.parent !== array) current = current.parent;
  return current as ts.Expression;
}

/** What a `Promise.all(…)` waits for: its array literal's elements, or the one call that makes the array. */
export function membersTakenTogether(checker: ts.TypeChecker, call: ts.CallExpression): readonly ts.Expression[] | undefined {
  if (!isPromiseAll(checker, call) || !call.arguments[0]) return undefined;
  const argument = skipValueWrappers(call.arguments[0]);
  return (ts.isArrayLiteralExpression(argument) ? argument.elements : [argument]).map(skipValueWrappers);
}

/**
 * Where the release of a member goes once the await resolves: the array itself (`const releases = await …`), its
 * element at the member's index (`const [ra, rb] = await …`), nowhere (an `await …;` statement: released by
 * `m.release()`), or somewhere not followed (escaped).
 */
export function releaseOfMember(checker: ts.TypeChecker, member: TakenTogether, releasedBy: Releaser | undefined): { release?: ts.Symbol; escaped: boolean } {
  const user = valueUserOf(valueUserOf(member.all));
  if (ts.isExpressionStatement(user)) return { escaped: false };
  let release: ts.Symbol | undefined;
  if (ts.isVariableDeclaration(user) && ts.isIdentifier(user.name)) release = checker.getSymbolAtLocation(user.name);
  else if (ts.isVariableDeclaration(user) && ts.isArrayBindingPattern(user.name) && member.index !== undefined) {
    const element = user.name.elements[member.index];
    release = element && ts.isBindingElement(element) ? releaseBinding(checker, element.name, releasedBy) : undefined;
  }
  return { release, escaped: release === undefined };
}

/** `ms.map((m) => m.acquire())`, `ms.forEach((m) => m.release())`: one call the callback makes per element of `ms`. */
export interface PerElementCall {
  /** The call the callback makes (which the caller checks is a lock operation). */
  call: ts.CallExpression;
  callback: ts.ArrowFunction | ts.FunctionExpression;
  /** The array mapped. */
  array: ts.Expression;
}

/** A default library `map` or `forEach` whose callback does nothing but make one call. */
export function perElementCall(checker: ts.TypeChecker, call: ts.CallExpression, mayMatter: (call: ts.CallExpression) => boolean): PerElementCall | undefined {
  const callee = skipValueWrappers(call.expression);
  const callback = call.arguments[0] && skipValueWrappers(call.arguments[0]);
  if (!ts.isPropertyAccessExpression(callee) || !callback || !(ts.isArrowFunction(callback) || ts.isFunctionExpression(callback))) return undefined;
  const made = soleExpression(callback.body);
  if (!made || !ts.isCallExpression(made) || !EACH.has(callee.name.text) || !mayMatter(made)) return undefined;
  if (!isDefaultLibraryMember(checker, callee.name, ARRAY_TYPES)) return undefined;
  return { call: made, callback, array: callee.expression };
}

/**
 * The lock each element's operation takes or releases, as one member of a family: `ms[*]` when the callback acquires its
 * element (`(m) => m.acquire()`), the element's lock otherwise (`(a) => a.lock.acquire()`: `Account.lock`), or
 * the family of keys when the element is a key (`(file) => lock(file)`: `lock file *`).
 * Which member is not known outside the callback; undefined when the lock cannot be named.
 */
export function perElementLockRef(checker: ts.TypeChecker, mapped: PerElementCall, api: LockApiCall, dependsOn: (node: ts.Node) => void): LockRef | undefined {
  const element = mapped.callback.parameters[0]?.name;
  const elementSymbol = element && ts.isIdentifier(element) ? checker.getSymbolAtLocation(element) : undefined;
  const holderOf = (receiver: ts.Expression) => {
    const inner = skipValueWrappers(receiver);
    const isElement = elementSymbol !== undefined && ts.isIdentifier(inner) && checker.getSymbolAtLocation(inner) === elementSymbol;
    if (!isElement) return objectIdentity(checker, receiver, dependsOn);
    const array = objectIdentity(checker, sameElementsAs(checker, mapped.array), dependsOn);
    return array && elementOf(array, undefined);
  };
  const ref = lockRefOf(checker, api, dependsOn, holderOf);
  const parameter = ref?.identity.parameter;
  if (!ref || (parameter?.fn === mapped.callback && !parameter.keyOf)) return undefined;
  // A key the callback is given (`(file) => lock(file)`) is any key of the family: no call binds it.
  const identity = parameter?.fn === mapped.callback ? { ...ref.identity, parameter: undefined } : ref.identity;
  return { ...ref, identity, instance: undefined };
}

/** A statement or call that releases every element of an array of releases, and how each element is released. */
export interface ReleasesEach {
  array: ts.Identifier;
  /** The element's binding in the callback or loop, and the call that releases it. */
  element: ts.BindingName;
  release: ts.CallExpression;
}

/** `releases.forEach((r) => r())`, `releases.map((r) => r())` (default library arrays), `for (const r of releases) r();`. */
export function releasesEach(checker: ts.TypeChecker, node: ts.CallExpression | ts.ForOfStatement): ReleasesEach | undefined {
  if (ts.isForOfStatement(node)) {
    const array = skipValueWrappers(node.expression);
    const declaration = ts.isVariableDeclarationList(node.initializer) && node.initializer.declarations.length === 1 ? node.initializer.declarations[0]! : undefined;
    const body = ts.isBlock(node.statement) ? node.statement.statements : [node.statement];
    const only = body.length === 1 && ts.isExpressionStatement(body[0]!) ? soleExpression(body[0].expression) : undefined;
    return ts.isIdentifier(array) && declaration && only && ts.isCallExpression(only) ? { array, element: declaration.name, release: only } : undefined;
  }
  const callee = skipValueWrappers(node.expression);
  const callback = node.arguments[0] && skipValueWrappers(node.arguments[0]);
  if (!ts.isPropertyAccessExpression(callee) || !ts.isIdentifier(callee.expression) || !callback || !(ts.isArrowFunction(callback) || ts.isFunctionExpression(callback))) return undefined;
  const element = callback.parameters[0]?.name;
  const only = soleExpression(callback.body);
  if (!element || !only || !ts.isCallExpression(only) || !EACH.has(callee.name.text) || !isDefaultLibraryMember(checker, callee.name, ARRAY_TYPES)) return undefined;
  return { array: callee.expression, element, release: only };
}

const EACH = new Set(['forEach', 'map']);

/** Whether each element, released as its library says (`r()`, `[, r]` then `r()`, `lock.release()`), is released so. */
export function releasesEachBy(checker: ts.TypeChecker, each: ReleasesEach, releasedBy: Releaser | undefined): boolean {
  const element = releaseBinding(checker, each.element, releasedBy);
  const call = releaserCall(each.release);
  return element !== undefined && call !== undefined && checker.getSymbolAtLocation(call.binding) === element && releasesBy(releasedBy, call);
}
