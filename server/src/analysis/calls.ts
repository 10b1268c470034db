// Resolves a call to the function that runs: through imports, aliases, overloads, methods, constructors and
// functions stored in consts — by the callee's declared signatures, never by the callee's spelling.
import ts from 'typescript';
import { isFunctionWithBody, type FunctionWithBody } from './functions';


/**
 * The implementation a call runs, when it has a body in the program; undefined for library declarations. Read
 * from the callee's declared signatures; only when they lead to different bodies (overloads implemented apart,
 * unions of functions) does it ask for the checker's overload resolution, which checks every argument.
 */
export function resolveCallee(checker: ts.TypeChecker, call: ts.CallExpression | ts.NewExpression): FunctionWithBody | undefined {
  const bodies = new Set(signatureDeclarations(checker, call).map((declaration) => implementationFor(checker, declaration)));
  bodies.delete(undefined);
  if (bodies.size <= 1) return [...bodies][0];
  const resolved = checker.getResolvedSignature(call)?.declaration;
  return resolved && !ts.isJSDocSignature(resolved) ? implementationFor(checker, resolved) : undefined;
}

/**
 * The declarations of the signatures a call may run: the callee's call (or construct) signatures as declared,
 * every overload included. Unlike the checker's resolved signature this does not check the arguments —
 * overload resolution and type-argument inference were most of a whole-project run's time — and for what the
 * analysis asks of a callee (its name, its owner, its body) overloads agree.
 */
export function signatureDeclarations(checker: ts.TypeChecker, call: ts.CallExpression | ts.NewExpression): ts.Declaration[] {
  const callee = call.expression;
  if (callee.kind === ts.SyntaxKind.SuperKeyword || callee.kind === ts.SyntaxKind.ImportKeyword) {
    const resolved = checker.getResolvedSignature(call)?.declaration;
    return resolved && !ts.isJSDocSignature(resolved) ? [resolved] : [];
  }
  const type = checker.getNonNullableType(checker.getTypeAtLocation(callee));
  const signatures = ts.isNewExpression(call) ? type.getConstructSignatures() : type.getCallSignatures();
  const declarations = new Set<ts.Declaration>();
  for (const { declaration } of signatures) if (declaration && !ts.isJSDocSignature(declaration)) declarations.add(declaration);
  return [...declarations];
}

function implementationFor(checker: ts.TypeChecker, declaration: ts.Declaration): FunctionWithBody | undefined {
  return isFunctionWithBody(declaration) ? declaration : implementationOf(checker, declaration);
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
