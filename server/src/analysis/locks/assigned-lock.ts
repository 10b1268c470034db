// JavaScript without annotations often makes its lock later than it declares it: `let lock;` … `lock = new
// AsyncLock();`. The checker types such a binding `any` where it is used in another function, so the lock's
// methods resolve to nothing. The binding's assignments say what it holds: the class a `new` assigns to it.
import ts from 'typescript';
import { skipValueWrappers } from '../syntax';

/** The type of the objects `new` assigns to the binding or property `receiver` names, when it is used as `any`. */
export function assignedInstanceType(checker: ts.TypeChecker, receiver: ts.Expression): ts.Type | undefined {
  const inner = skipValueWrappers(receiver);
  const name = ts.isIdentifier(inner) ? inner : ts.isPropertyAccessExpression(inner) ? inner.name : undefined;
  if (!name || !(checker.getTypeAtLocation(inner).flags & ts.TypeFlags.Any)) return undefined;
  const symbol = checker.getSymbolAtLocation(name);
  const declaration = symbol?.valueDeclaration ?? symbol?.declarations?.[0];
  if (!symbol || !declaration) return undefined;
  const construction = assignedConstruction(checker, declaration.getSourceFile(), symbol);
  return construction && checker.getTypeAtLocation(construction);
}

/** The first `target = new C(…)` in the file whose target is the symbol (or its initializer, when it is one). */
function assignedConstruction(checker: ts.TypeChecker, sourceFile: ts.SourceFile, symbol: ts.Symbol): ts.NewExpression | undefined {
  let found: ts.NewExpression | undefined;
  const visit = (node: ts.Node): void => {
    if (found) return;
    const assigned = assignment(node);
    if (assigned && ts.isNewExpression(assigned.value) && targetSymbol(checker, assigned.target) === symbol) {
      found = assigned.value;
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return found;
}

function assignment(node: ts.Node): { target: ts.Node; value: ts.Expression } | undefined {
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
    return { target: node.left, value: skipValueWrappers(node.right) };
  }
  if ((ts.isVariableDeclaration(node) || ts.isPropertyDeclaration(node)) && node.initializer) {
    return { target: node.name, value: skipValueWrappers(node.initializer) };
  }
  return undefined;
}

function targetSymbol(checker: ts.TypeChecker, target: ts.Node): ts.Symbol | undefined {
  const name = ts.isPropertyAccessExpression(target) ? target.name : target;
  return checker.getSymbolAtLocation(name);
}
