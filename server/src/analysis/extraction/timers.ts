// Timers and their delays. A timer is recognised by what the call resolves to, never by its spelling: Node's
// `setTimeout` from `timers/promises` (usually imported as `delay` or `sleep`), and a `new Promise` whose executor
// calls the global `setTimeout` (the hand-rolled sleep). Delays are known when they are values.ts knows
// (literals, consts, simple arithmetic, a parameter whose argument is known at the inlined call site).
import ts from 'typescript';
import { moduleNameOf, resolvedDeclaration } from '../blocking-apis';
import { skipValueWrappers } from '../syntax';
import { evaluate, numberOf, type Bindings } from './values';

/** The delay expression of a timer this expression starts, if it is one (undefined delay: 0 ms). */
export function timerDelay(program: ts.Program, expression: ts.Expression): { delay: ts.Expression | undefined } | undefined {
  const inner = skipValueWrappers(expression);
  if (ts.isCallExpression(inner) && isSetTimeoutOf(program, inner, 'timers/promises')) return { delay: inner.arguments[0] };
  if (ts.isNewExpression(inner) && isPromiseConstructor(program, inner)) {
    const executor = inner.arguments?.[0] && skipValueWrappers(inner.arguments[0]);
    const timeout = executor && (ts.isArrowFunction(executor) || ts.isFunctionExpression(executor)) ? globalSetTimeoutIn(program, executor) : undefined;
    return timeout && { delay: timeout.arguments[1] };
  }
  return undefined;
}

/** The value of a delay in ms, when it is known before run time. */
export function knownMs(checker: ts.TypeChecker, expression: ts.Expression | undefined, bindings: Bindings): number | undefined {
  if (expression === undefined) return 0;
  const ms = numberOf(evaluate(checker, expression, bindings));
  return ms !== undefined && ms >= 0 ? ms : undefined;
}

function isSetTimeoutOf(program: ts.Program, call: ts.CallExpression, module: 'timers/promises' | 'global'): boolean {
  const declaration = resolvedDeclaration(program.getTypeChecker(), call);
  if (!declaration || ts.getNameOfDeclaration(declaration)?.getText() !== 'setTimeout') return false;
  const owner = moduleNameOf(program, declaration);
  if (module === 'timers/promises') return owner === 'timers/promises';
  // The DOM's setTimeout, or Node's global one (declared inside `declare module "timers" { global { … } }`).
  return program.isSourceFileDefaultLibrary(declaration.getSourceFile()) || owner === 'timers';
}

function isPromiseConstructor(program: ts.Program, expression: ts.NewExpression): boolean {
  const declaration = resolvedDeclaration(program.getTypeChecker(), expression);
  const owner = declaration?.parent;
  return owner !== undefined && ts.isInterfaceDeclaration(owner) && owner.name.text === 'PromiseConstructor' && program.isSourceFileDefaultLibrary(owner.getSourceFile());
}

/** The first call to the global setTimeout in the executor's own body. */
function globalSetTimeoutIn(program: ts.Program, executor: ts.ArrowFunction | ts.FunctionExpression): ts.CallExpression | undefined {
  let found: ts.CallExpression | undefined;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isCallExpression(node) && isSetTimeoutOf(program, node, 'global')) found = node;
    else ts.forEachChild(node, visit);
  };
  visit(executor.body);
  return found;
}
