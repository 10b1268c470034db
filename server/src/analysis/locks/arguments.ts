// What a call's argument is to the lock model: the object it names (a lock, a lock's holder), the function it is
// (a callback the callee may run), or the caller's own parameter handed on. Asked lazily — only for the
// arguments a callee's summary binds — since most calls pass nothing the lock model cares about.
import ts from 'typescript';
import { isFunctionWithBody, type FunctionWithBody } from '../functions';
import { skipValueWrappers } from '../syntax';
import { constantString, instanceOf, objectIdentity, type ParameterPosition, type PassedValue } from './identity';

export interface ArgumentFacts extends PassedValue {
  /** Which object the argument is, in instanceOf's terms (`@alice`, `this.accounts`, `'3'`). */
  instance?: string;
  /** The function this argument is (an inline function, or one named by it). */
  callback?: FunctionWithBody;
  /** The caller's own parameter (or a function-valued property of it), handed on: a wrapper passing its callback to another wrapper. */
  parameter?: CallbackSlot;
}

/** Where a wrapper finds a callback it runs: one of its parameters, or a function-valued property of one (`options.callback`). */
export interface CallbackSlot {
  index: number;
  /** The properties read from the parameter, outermost first; empty for the parameter itself. */
  path: readonly string[];
}

export function argumentFacts(checker: ts.TypeChecker, argument: ts.Expression, caller: FunctionWithBody, dependsOn: (node: ts.Node) => void = () => {}): ArgumentFacts {
  const inner = skipValueWrappers(argument);
  if (ts.isArrowFunction(inner) || ts.isFunctionExpression(inner)) return { callback: inner };
  const instance = instanceOf(checker, inner);
  const slot = callbackSlotOf(checker, inner);
  if (slot?.fn === caller) return { parameter: { index: slot.index, path: slot.path }, instance, object: objectIdentity(checker, inner, dependsOn) };
  const named = ts.isIdentifier(inner) || ts.isPropertyAccessExpression(inner) ? functionNamedBy(checker, inner) : undefined;
  if (named) {
    dependsOn(named);
    return { callback: named };
  }
  // A call passed as an argument is not followed to what it returns (each would be resolved on every call).
  const object = ts.isCallExpression(inner) ? undefined : objectIdentity(checker, inner, dependsOn);
  const mayBeConstant = ts.isStringLiteralLike(inner) || ts.isIdentifier(inner) || ts.isPropertyAccessExpression(inner);
  return { instance, object, constant: mayBeConstant ? constantString(checker, inner) : undefined };
}

/** What a call passes for a position of its callee: an argument, or for `this` the receiver (`m` in `m.f()`). */
export function passedExpression(call: ts.CallExpression | ts.NewExpression, arguments_: readonly ts.Expression[], position: ParameterPosition): ts.Expression | undefined {
  if (position !== 'this') return arguments_[position];
  const callee = skipValueWrappers(call.expression);
  return ts.isPropertyAccessExpression(callee) || ts.isElementAccessExpression(callee) ? callee.expression : undefined;
}

/** The parameter an expression names, and the function it belongs to. */
export function parameterNamedBy(checker: ts.TypeChecker, expression: ts.Expression): { fn: FunctionWithBody; index: number } | undefined {
  if (!ts.isIdentifier(expression) || !isParameterNameAround(expression)) return undefined;
  const declaration = checker.getSymbolAtLocation(expression)?.valueDeclaration;
  if (!declaration || !ts.isParameter(declaration) || !isFunctionWithBody(declaration.parent)) return undefined;
  return { fn: declaration.parent, index: declaration.parent.parameters.indexOf(declaration) };
}

/** Whether a function around the identifier has a parameter of its name: the syntactic cut before asking the checker. */
export function isParameterNameAround(identifier: ts.Identifier): boolean {
  for (let node: ts.Node | undefined = identifier.parent; node; node = node.parent) {
    if (ts.isFunctionLike(node) && hasParameterNamed(node, identifier.text)) return true;
  }
  return false;
}

/** Whether the function has a (plain, not destructured) parameter of this name. */
export function hasParameterNamed(fn: ts.SignatureDeclaration, name: string): boolean {
  return fn.parameters.some((parameter) => ts.isIdentifier(parameter.name) && parameter.name.text === name);
}

/** What a property path is read from: `options` in `options.callback.run`. */
export function propertyPathRoot(expression: ts.Expression): ts.Expression {
  let root = skipValueWrappers(expression);
  while (ts.isPropertyAccessExpression(root)) root = skipValueWrappers(root.expression);
  return root;
}

/**
 * The callback slot an expression reads: a parameter (`fn`), or a property of one whose type is a function
 * (`options.callback`) — read through data properties only: a method is resolved as a call of its own.
 */
export function callbackSlotOf(checker: ts.TypeChecker, expression: ts.Expression): (CallbackSlot & { fn: FunctionWithBody }) | undefined {
  if (!startsAtParameterName(expression)) return undefined;
  const slot = parameterPathOf(checker, expression);
  if (!slot || slot.path.length === 0) return slot;
  return checker.getTypeAtLocation(expression).getCallSignatures().length > 0 ? slot : undefined;
}

/** The syntactic cut before the checker: a property path (`options.callback`) read from a name some function around has as a parameter. */
function startsAtParameterName(expression: ts.Expression): boolean {
  const root = propertyPathRoot(expression);
  return ts.isIdentifier(root) && isParameterNameAround(root);
}

function parameterPathOf(checker: ts.TypeChecker, expression: ts.Expression): (CallbackSlot & { fn: FunctionWithBody }) | undefined {
  const inner = skipValueWrappers(expression);
  if (!ts.isPropertyAccessExpression(inner)) {
    const parameter = parameterNamedBy(checker, inner);
    return parameter && { ...parameter, path: [] };
  }
  const declaration = checker.getSymbolAtLocation(inner.name)?.valueDeclaration;
  const isDataProperty = declaration !== undefined && (ts.isPropertySignature(declaration) || ts.isPropertyDeclaration(declaration));
  const owner = isDataProperty ? parameterPathOf(checker, inner.expression) : undefined;
  return owner && { ...owner, path: [...owner.path, inner.name.text] };
}

/**
 * The value a call passes for a callback slot of its callee: the argument itself, or — for a property of the
 * parameter — the property of an object literal written there (`obtainLock({ callback: async () => … })`).
 * What is left of the path when the value is no literal (the caller's own parameter, handed on) is returned too.
 */
export function valueAtSlot(argument: ts.Expression, path: readonly string[]): { value: ts.Expression | ts.MethodDeclaration; rest: readonly string[] } {
  let value: ts.Expression = argument;
  for (const [depth, name] of path.entries()) {
    const literal = skipValueWrappers(value);
    const property = ts.isObjectLiteralExpression(literal) ? literal.properties.find((p) => p.name !== undefined && ts.isIdentifier(p.name) && p.name.text === name) : undefined;
    const last = depth === path.length - 1;
    if (property && ts.isMethodDeclaration(property) && property.body && last) return { value: property, rest: [] };
    if (!property || !ts.isPropertyAssignment(property)) return { value, rest: path.slice(depth) };
    value = property.initializer;
  }
  return { value, rest: [] };
}

/** A callback passed by name (`m.runExclusive(flush)`, `this.flush`): the function it names, if it has a body. */
export function functionNamedBy(checker: ts.TypeChecker, expression: ts.Expression): FunctionWithBody | undefined {
  let symbol = checker.getSymbolAtLocation(ts.isPropertyAccessExpression(expression) ? expression.name : expression);
  if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
  const declaration = symbol?.valueDeclaration;
  if (!declaration) return undefined;
  if (isFunctionWithBody(declaration)) return declaration;
  const initializer = ts.isVariableDeclaration(declaration) ? declaration.initializer && skipValueWrappers(declaration.initializer) : undefined;
  return initializer && isFunctionWithBody(initializer) ? initializer : undefined;
}
