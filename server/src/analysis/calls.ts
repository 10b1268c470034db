// Resolves a call to the function that runs: through imports, aliases, overloads, methods, constructors and
// functions stored in consts — by the checker's resolved signature, never by the callee's spelling.
import * as ts from 'typescript';
import { isFunctionWithBody, type FunctionWithBody } from './functions';


/** The implementation a call runs, when it has a body in the program; undefined for library declarations. */
export function resolveCallee(checker: ts.TypeChecker, call: ts.CallExpression | ts.NewExpression): FunctionWithBody | undefined {
  const declaration = checker.getResolvedSignature(call)?.declaration;
  if (!declaration || ts.isJSDocSignature(declaration)) return undefined;
  if (isFunctionWithBody(declaration)) return declaration;
  return implementationOf(checker, declaration);
}

/** For an overload signature (or a declaration without body), the sibling declaration that has the body. */
function implementationOf(checker: ts.TypeChecker, declaration: ts.Declaration): FunctionWithBody | undefined {
  const name = ts.getNameOfDeclaration(declaration);
  const symbol = name ? checker.getSymbolAtLocation(name) : undefined;
  return symbol?.getDeclarations()?.find(isFunctionWithBody);
}

/** The symbol a callee expression refers to, with import aliases followed to the declaration. */
export function calleeSymbol(checker: ts.TypeChecker, callee: ts.Expression): ts.Symbol | undefined {
  const location = ts.isPropertyAccessExpression(callee) ? callee.name : callee;
  const symbol = checker.getSymbolAtLocation(location);
  return symbol && symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
}
