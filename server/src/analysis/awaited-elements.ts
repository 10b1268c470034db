// Whether the promises a statement drops had all been awaited already: `await Promise.all(ps); ps.splice(0);`
// takes settled promises, whose rejections were handled, out of `ps` — dropping them loses nothing. Data flow in
// one function: an `await Promise.all(xs)` (or allSettled) that runs before the drop on every path, where xs holds
// every element of the array the drop takes its elements from (the array itself, or a const copy of it:
// `const waitOn = [...this.pending]`), and nothing adds to that array from the await (or the copy) to the drop —
// nor any nested function, which may run while the await waits.
import ts from 'typescript';
import { elementsTakenFrom, everyElementOf, receiverGivenElements, settlesAfterEvery } from './array-apis';
import { enclosingFunction } from './functions';
import { alwaysRunsBefore, sameObject, skipValueWrappers } from './syntax';

export function dropsOnlyAwaitedElements(checker: ts.TypeChecker, drop: ts.CallExpression): boolean {
  const array = elementsTakenFrom(checker, drop);
  if (!array) return false;
  const fn = enclosingFunction(drop);
  const since: number[] = [];
  const additions: { at: number; nested: boolean }[] = [];
  const visit = (node: ts.Node): void => {
    const nested = enclosingFunction(node) !== fn;
    if (!nested && ts.isAwaitExpression(node) && alwaysRunsBefore(node, drop)) {
      const from = awaitedEverySince(checker, node, array);
      if (from !== undefined) since.push(from);
    }
    if (addsTo(checker, node, array)) additions.push({ at: node.getStart(), nested });
    ts.forEachChild(node, visit);
  };
  visit(fn?.body ?? drop.getSourceFile());
  const dropAt = drop.getStart();
  return since.some((from) => !additions.some(({ at, nested }) => nested || (at >= from && at < dropAt)));
}

/**
 * Where an `await Promise.all(xs)` starts to vouch for every element of `array`: at the await, or at the const
 * copy the await reads (what is added after the copy is not in it). Undefined when it awaits something else.
 */
function awaitedEverySince(checker: ts.TypeChecker, awaited: ts.AwaitExpression, array: ts.Expression): number | undefined {
  const operand = skipValueWrappers(awaited.expression);
  const argument = ts.isCallExpression(operand) ? settlesAfterEvery(checker, operand) : undefined;
  if (!argument) return undefined;
  const copy = constInitializerOf(checker, skipValueWrappers(argument));
  const held = everyElementOf(checker, copy ?? argument);
  if (!sameObject(checker, held, array)) return undefined;
  return copy ? copy.getStart() : awaited.getStart();
}

/** A const's initializer, for a name bound by `const name = …`. */
function constInitializerOf(checker: ts.TypeChecker, expression: ts.Expression): ts.Expression | undefined {
  const declaration = ts.isIdentifier(expression) ? checker.getSymbolAtLocation(expression)?.valueDeclaration : undefined;
  const isConst = declaration && ts.isVariableDeclaration(declaration) && (ts.getCombinedNodeFlags(declaration) & ts.NodeFlags.Const) !== 0;
  return isConst ? (declaration as ts.VariableDeclaration).initializer : undefined;
}

/** `array.push(p)` (or unshift, fill, an inserting splice), or an assignment of a new array to it. */
function addsTo(checker: ts.TypeChecker, node: ts.Node, array: ts.Expression): boolean {
  if (ts.isCallExpression(node)) {
    const receiver = receiverGivenElements(checker, node);
    return receiver !== undefined && sameObject(checker, receiver, array);
  }
  return ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && sameObject(checker, node.left, array);
}
