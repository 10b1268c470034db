// How a lock taken by hand reaches its release, as its library's Releaser says (libraries/descriptor.ts): the
// value that carries the releaser, the binding that holds it, and the calls that release through it. The flow
// walk (flow.ts) and the model's steps (extraction/steps.ts) read the same answers.
import ts from 'typescript';
import { skipValueWrappers, valueUserOf } from '../syntax';
import type { Releaser } from './libraries';

/**
 * The expression whose value is the releaser: the await of the acquisition (`await m.acquire()`), or the call
 * itself when it returns one (`lockSync(file)`); undefined when the promise is not awaited here (handed on).
 */
export function releaserValue(call: ts.CallExpression, releasedBy: Releaser | undefined): ts.Expression | undefined {
  if (releasedBy?.synchronous) return call;
  const awaited = valueUserOf(call);
  return ts.isAwaitExpression(awaited) ? awaited : undefined;
}

/**
 * The binding that holds the releaser: `const release = …` (a release function, or a handle: `const lock = …`),
 * or a tuple's second element (`const [, release] = await semaphore.acquire()`).
 */
export function releaseBinding(checker: ts.TypeChecker, name: ts.BindingName, releasedBy: Releaser | undefined): ts.Symbol | undefined {
  if (ts.isIdentifier(name)) return checker.getSymbolAtLocation(name);
  if (ts.isArrayBindingPattern(name) && releasedBy?.shape === 'tuple') {
    const second = name.elements[1];
    if (second && ts.isBindingElement(second) && ts.isIdentifier(second.name)) return checker.getSymbolAtLocation(second.name);
  }
  return undefined;
}

/** A call that may release through a binding: `release()`, or a method of it (`lock.release()`, a handle's). */
export interface ReleaserCall {
  binding: ts.Identifier;
  /** The method called on the binding; undefined when the binding itself is called. */
  method?: string;
}

export function releaserCall(call: ts.CallExpression): ReleaserCall | undefined {
  const callee = skipValueWrappers(call.expression);
  if (ts.isIdentifier(callee)) return { binding: callee };
  if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression)) return { binding: callee.expression, method: callee.name.text };
  return undefined;
}

/** Whether calling so releases a releaser of this kind: a function is called, a handle's releasing method is. */
export function releasesBy(releasedBy: Releaser | undefined, call: ReleaserCall): boolean {
  return releasedBy?.shape === 'handle' ? call.method === releasedBy.method : call.method === undefined;
}
