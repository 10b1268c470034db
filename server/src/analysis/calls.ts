// Resolves a call to the function that runs: through imports, aliases, overloads, methods, constructors and
// functions stored in consts — by the callee's declared signatures, never by the callee's spelling.
import ts from 'typescript';
import { isFunctionWithBody, type FunctionWithBody } from './functions';
import { perProgramMemo } from './summaries';


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
  if (isTypedByItsOwnRules(call)) {
    const resolved = checker.getResolvedSignature(call)?.declaration;
    return resolved && !ts.isJSDocSignature(resolved) ? [resolved] : [];
  }
  const type = calleeTypeOf(checker, call);
  const signatures = ts.isNewExpression(call) ? type.getConstructSignatures() : type.getCallSignatures();
  const declarations = new Set<ts.Declaration>();
  for (const { declaration } of signatures) if (declaration && !ts.isJSDocSignature(declaration)) declarations.add(declaration);
  return [...declarations];
}

/** `super(…)` and `import(…)`: the checker types them by rules of its own, not by a callee's declared signatures. */
export function isTypedByItsOwnRules(call: ts.CallExpression | ts.NewExpression): boolean {
  return call.expression.kind === ts.SyntaxKind.SuperKeyword || call.expression.kind === ts.SyntaxKind.ImportKeyword;
}

/**
 * The callee's type, without null and undefined, once per call and checker. The checker keeps few expression
 * types: asked by the promise rules for each argument and the statement, and by the blocking and lock call
 * graphs, it would check the callee — and narrow its receiver — every time.
 */
export function calleeTypeOf(checker: ts.TypeChecker, call: ts.CallExpression | ts.NewExpression): ts.Type {
  const known = perProgramMemo(checker, 'callee-types', () => new WeakMap<ts.Node, ts.Type>());
  let type = known.get(call);
  if (!type) known.set(call, (type = checker.getNonNullableType(checker.getTypeAtLocation(call.expression))));
  return type;
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
