// The standard library's arrays and Promise combinators as the analyses read them, by the default library's own
// declarations (Array, ReadonlyArray, PromiseConstructor) — never by spelling: which calls hand back an array's
// own elements, which wait for every element of one, and which add elements to one.
import ts from 'typescript';
import { isDefaultLibraryMember } from './locks/identity';
import { skipValueWrappers } from './syntax';

export const ARRAY_TYPES: ReadonlySet<string> = new Set(['Array', 'ReadonlyArray']);
const PROMISE_CONSTRUCTOR: ReadonlySet<string> = new Set(['PromiseConstructor']);

/** Methods whose result is every element of the receiver, reordered or not. */
const EVERY_ELEMENT = new Set(['sort', 'toSorted', 'reverse', 'toReversed']);
/** Methods whose result is some of the receiver's elements (`slice()` without arguments: all of them). */
const SOME_ELEMENTS = new Set(['slice', 'filter']);
const SLICE = new Set(['slice']);
const SPLICE = new Set(['splice']);
const FOR_EACH = new Set(['forEach']);
/** Methods that put new elements into the receiver (`splice` with items to insert). */
const ADDS_ELEMENTS = new Set(['push', 'unshift', 'splice', 'fill']);

/** `receiver.method(…)` where the method is the default library's array method of one of these names. */
function arrayMethodCall(checker: ts.TypeChecker, expression: ts.Expression, methods: ReadonlySet<string>): ts.PropertyAccessExpression | undefined {
  const inner = skipValueWrappers(expression);
  if (!ts.isCallExpression(inner)) return undefined;
  const callee = skipValueWrappers(inner.expression);
  return ts.isPropertyAccessExpression(callee) && methods.has(callee.name.text) && isDefaultLibraryMember(checker, callee.name, ARRAY_TYPES) ? callee : undefined;
}

/** The array whose elements an expression holds: through copies and reorderings (`[...ms].sort(byId)`, `ms.slice()`). */
export function sameElementsAs(checker: ts.TypeChecker, array: ts.Expression): ts.Expression {
  const inner = skipValueWrappers(array);
  const spread = spreadCopyOf(inner);
  if (spread) return sameElementsAs(checker, spread);
  const method = arrayMethodCall(checker, inner, EVERY_ELEMENT) ?? arrayMethodCall(checker, inner, SOME_ELEMENTS);
  return method ? sameElementsAs(checker, method.expression) : inner;
}

/** The array whose every element an expression holds (`[...ps]`, `ps.slice()`, `ps.toSorted(f)`), else the expression itself. */
export function everyElementOf(checker: ts.TypeChecker, array: ts.Expression): ts.Expression {
  const inner = skipValueWrappers(array);
  const spread = spreadCopyOf(inner);
  if (spread) return everyElementOf(checker, spread);
  const method = arrayMethodCall(checker, inner, EVERY_ELEMENT) ??
    (ts.isCallExpression(inner) && inner.arguments.length === 0 ? arrayMethodCall(checker, inner, SLICE) : undefined);
  return method ? everyElementOf(checker, method.expression) : inner;
}

/** The receiver a call hands back elements of: `ps.slice(1)`, `ps.filter(f)`, and `ps.splice(0)` (the ones it removes). */
export function elementsTakenFrom(checker: ts.TypeChecker, call: ts.CallExpression): ts.Expression | undefined {
  const method = arrayMethodCall(checker, call, EVERY_ELEMENT) ?? arrayMethodCall(checker, call, SOME_ELEMENTS) ?? arrayMethodCall(checker, call, SPLICE);
  return method && sameElementsAs(checker, method.expression);
}

/** `xs.forEach(…)` of the default library's arrays: its callee (`xs.forEach`), else undefined. */
export function arrayForEachCallee(checker: ts.TypeChecker, call: ts.CallExpression): ts.PropertyAccessExpression | undefined {
  return arrayMethodCall(checker, call, FOR_EACH);
}

/** The receiver of a call that adds elements to it: `ps.push(p)`, `ps.splice(0, 0, p)` (a splice that only removes adds nothing). */
export function receiverGivenElements(checker: ts.TypeChecker, call: ts.CallExpression): ts.Expression | undefined {
  const method = arrayMethodCall(checker, call, ADDS_ELEMENTS);
  if (!method || (method.name.text === 'splice' && call.arguments.length <= 2)) return undefined;
  return method.expression;
}

function spreadCopyOf(expression: ts.Expression): ts.Expression | undefined {
  const only = ts.isArrayLiteralExpression(expression) && expression.elements.length === 1 ? expression.elements[0] : undefined;
  return only && ts.isSpreadElement(only) ? only.expression : undefined;
}

/** `Promise.all(…)` of the default library. */
export function isPromiseAll(checker: ts.TypeChecker, call: ts.CallExpression): boolean {
  return isPromiseCombinator(checker, call, 'all');
}

/** `Promise.all(xs)` or `Promise.allSettled(xs)`: the promise settles only after every element of xs has. */
export function settlesAfterEvery(checker: ts.TypeChecker, call: ts.CallExpression): ts.Expression | undefined {
  return (isPromiseAll(checker, call) || isPromiseCombinator(checker, call, 'allSettled')) ? call.arguments[0] : undefined;
}

function isPromiseCombinator(checker: ts.TypeChecker, call: ts.CallExpression, name: string): boolean {
  const callee = skipValueWrappers(call.expression);
  return ts.isPropertyAccessExpression(callee) && callee.name.text === name && isDefaultLibraryMember(checker, callee.name, PROMISE_CONSTRUCTOR);
}
