// Timers and their delays. A timer is recognised by what the call resolves to, never by its spelling: Node's
// `setTimeout` from `timers/promises` (usually imported as `delay` or `sleep`), and a `new Promise` whose executor
// calls the global `setTimeout` (the hand-rolled sleep). Delays are known when they are literals, consts with a
// literal type, simple arithmetic on those, or a parameter whose argument is known at the inlined call site.
import ts from 'typescript';
import { moduleNameOf, resolvedDeclaration } from '../blocking-apis';
import { skipValueWrappers } from '../syntax';

/** What the parameters of an inlined function were called with, to read a `sleep(ms)`'s delay at the call. */
export type Bindings = ReadonlyMap<ts.Symbol, { argument: ts.Expression; bindings: Bindings }>;
export const NO_BINDINGS: Bindings = new Map();

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
  const inner = skipValueWrappers(expression);
  if (ts.isNumericLiteral(inner)) return Number(inner.text);
  if (ts.isIdentifier(inner)) {
    const symbol = checker.getSymbolAtLocation(inner);
    const bound = symbol && bindings.get(symbol);
    if (bound) return knownMs(checker, bound.argument, bound.bindings);
  }
  if (ts.isBinaryExpression(inner)) {
    const left = knownMs(checker, inner.left, bindings);
    const right = knownMs(checker, inner.right, bindings);
    if (left === undefined || right === undefined) return undefined;
    const value = arithmetic(inner.operatorToken.kind, left, right);
    return value !== undefined && Number.isFinite(value) && value >= 0 ? value : undefined;
  }
  const type = checker.getTypeAtLocation(inner);
  return type.isNumberLiteral() && type.value >= 0 ? type.value : undefined;
}

function arithmetic(operator: ts.SyntaxKind, left: number, right: number): number | undefined {
  switch (operator) {
    case ts.SyntaxKind.PlusToken: return left + right;
    case ts.SyntaxKind.MinusToken: return left - right;
    case ts.SyntaxKind.AsteriskToken: return left * right;
    case ts.SyntaxKind.SlashToken: return left / right;
    default: return undefined;
  }
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
