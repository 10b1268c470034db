// What a call's argument is to the lock model: the object it names (a lock, a lock's holder), the function it is
// (a callback the callee may run), or the caller's own parameter handed on. Asked lazily — only for the
// arguments a callee's summary binds — since most calls pass nothing the lock model cares about.
import ts from 'typescript';
import { isFunctionWithBody, type FunctionWithBody } from '../functions';
import { skipValueWrappers } from '../syntax';
import { constantString, instanceOf, objectIdentity, type PassedValue } from './identity';

export interface ArgumentFacts extends PassedValue {
  /** Which object the argument is, in instanceOf's terms (`@alice`, `this.accounts`, `'3'`). */
  instance?: string;
  /** The function this argument is (an inline function, or one named by it). */
  callback?: FunctionWithBody;
  /** The caller's own parameter at this index, handed on (a wrapper passing its callback to another wrapper). */
  parameter?: number;
}

export function argumentFacts(checker: ts.TypeChecker, argument: ts.Expression, caller: FunctionWithBody, dependsOn: (node: ts.Node) => void = () => {}): ArgumentFacts {
  const inner = skipValueWrappers(argument);
  if (ts.isArrowFunction(inner) || ts.isFunctionExpression(inner)) return { callback: inner };
  const instance = instanceOf(checker, inner);
  const parameter = parameterNamedBy(checker, inner);
  if (parameter?.fn === caller) return { parameter: parameter.index, instance, object: objectIdentity(checker, inner, dependsOn) };
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

/** The parameter an expression names, and the function it belongs to. */
export function parameterNamedBy(checker: ts.TypeChecker, expression: ts.Expression): { fn: FunctionWithBody; index: number } | undefined {
  if (!ts.isIdentifier(expression) || !isParameterNameAround(expression)) return undefined;
  const declaration = checker.getSymbolAtLocation(expression)?.valueDeclaration;
  if (!declaration || !ts.isParameter(declaration) || !isFunctionWithBody(declaration.parent)) return undefined;
  return { fn: declaration.parent, index: declaration.parent.parameters.indexOf(declaration) };
}

/** Whether a function around the identifier has a parameter of its name: the syntactic cut before asking the checker. */
function isParameterNameAround(identifier: ts.Identifier): boolean {
  for (let node: ts.Node | undefined = identifier.parent; node; node = node.parent) {
    if (ts.isFunctionLike(node) && node.parameters.some((parameter) => ts.isIdentifier(parameter.name) && parameter.name.text === identifier.text)) return true;
  }
  return false;
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
