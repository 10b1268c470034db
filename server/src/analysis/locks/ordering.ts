// Two members of one lock family taken in an order the code itself fixes are not a deadlock: whichever objects
// the callers pass, every task takes the lower one first. Recognised orders, by data flow from the two lock
// expressions back to one construct that ranks them:
// - a pair destructured from a comparison, `const [first, second] = a.id < b.id ? [a, b] : [b, a]`;
// - a sorted array, `const [x, y] = [a, b].sort(byId)` or `sorted[0]` then `sorted[1]`;
// - `Math.min(i, j)` before `Math.max(i, j)` (as indexes, directly or through consts);
// and through what reads them: `first.lock`, `forks[lo]`, `locks.get(first)`, `lockFor(first)`.
import ts from 'typescript';
import { skipValueWrappers } from '../syntax';
import { isDefaultLibraryMember } from './identity';

/** Where an object comes from in a ranking construct: which construct, and its rank there (0 is taken first). */
interface Rank {
  construct: string;
  rank: number;
}

/** `held` is taken before `taken` by an order the code fixes (both ranked by one construct, held lower). */
export function isTakenInOrder(checker: ts.TypeChecker, held: ts.Expression, taken: ts.Expression): boolean {
  const first = rankOf(checker, held, 0);
  const second = rankOf(checker, taken, 0);
  return first !== undefined && second !== undefined && first.construct === second.construct && first.rank < second.rank;
}

const MAX_DEPTH = 4;

/** The rank of the object an expression reads: through `x.lock`, `forks[x]` (the index), and consts. */
function rankOf(checker: ts.TypeChecker, expression: ts.Expression, depth: number): Rank | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const inner = skipValueWrappers(expression);
  if (ts.isPropertyAccessExpression(inner)) return rankOf(checker, inner.expression, depth + 1);
  if (ts.isElementAccessExpression(inner)) {
    return rankOf(checker, inner.argumentExpression, depth + 1) ?? sortedElementRank(checker, inner, depth);
  }
  // A call with one argument (`locks.get(k)`, `lockFor(k)`) reads the entry its ranked key names.
  if (ts.isCallExpression(inner)) return minMaxRank(checker, inner) ?? (inner.arguments.length === 1 ? rankOf(checker, inner.arguments[0]!, depth + 1) : undefined);
  if (ts.isIdentifier(inner)) return bindingRank(checker, inner, depth);
  return undefined;
}

function bindingRank(checker: ts.TypeChecker, name: ts.Identifier, depth: number): Rank | undefined {
  const declaration = checker.getSymbolAtLocation(name)?.valueDeclaration;
  if (!declaration) return undefined;
  if (ts.isBindingElement(declaration) && ts.isArrayBindingPattern(declaration.parent)) {
    const variable = declaration.parent.parent;
    if (!ts.isVariableDeclaration(variable) || !variable.initializer || !ranksItsElements(checker, variable.initializer)) return undefined;
    return { construct: `pair@${variable.pos}`, rank: declaration.parent.elements.indexOf(declaration) };
  }
  if (ts.isVariableDeclaration(declaration) && declaration.initializer && isConst(declaration)) {
    return rankOf(checker, declaration.initializer, depth + 1);
  }
  return undefined;
}

/** `cond ? [a, b] : [b, a]` with a comparison for cond, or an array sorted in place or copied sorted. */
function ranksItsElements(checker: ts.TypeChecker, initializer: ts.Expression): boolean {
  const inner = skipValueWrappers(initializer);
  if (ts.isConditionalExpression(inner)) return isComparison(inner.condition) && arePermutedPairs(inner.whenTrue, inner.whenFalse);
  return isSortCall(checker, inner);
}

function isComparison(condition: ts.Expression): boolean {
  const inner = skipValueWrappers(condition);
  if (!ts.isBinaryExpression(inner)) return false;
  const operator = inner.operatorToken.kind;
  return operator === ts.SyntaxKind.LessThanToken || operator === ts.SyntaxKind.GreaterThanToken ||
    operator === ts.SyntaxKind.LessThanEqualsToken || operator === ts.SyntaxKind.GreaterThanEqualsToken;
}

/** `[a, b]` and `[b, a]`: the same two elements, swapped. */
function arePermutedPairs(whenTrue: ts.Expression, whenFalse: ts.Expression): boolean {
  const a = skipValueWrappers(whenTrue);
  const b = skipValueWrappers(whenFalse);
  if (!ts.isArrayLiteralExpression(a) || !ts.isArrayLiteralExpression(b) || a.elements.length !== 2 || b.elements.length !== 2) return false;
  const text = (node: ts.Expression) => node.getText();
  return text(a.elements[0]!) === text(b.elements[1]!) && text(a.elements[1]!) === text(b.elements[0]!);
}

/** `xs.sort(…)` / `xs.toSorted(…)` of the default library's arrays. */
function isSortCall(checker: ts.TypeChecker, expression: ts.Expression): boolean {
  if (!ts.isCallExpression(expression)) return false;
  const callee = skipValueWrappers(expression.expression);
  if (!ts.isPropertyAccessExpression(callee) || !SORTS.has(callee.name.text)) return false;
  return isDefaultLibraryMember(checker, callee.name, ARRAY_TYPES);
}

const SORTS = new Set(['sort', 'toSorted']);
const ARRAY_TYPES = new Set(['Array', 'ReadonlyArray']);

/** `sorted[0]`, `sorted[1]` of a const initialised by a sort: ranked by the literal index. */
function sortedElementRank(checker: ts.TypeChecker, access: ts.ElementAccessExpression, depth: number): Rank | undefined {
  const index = skipValueWrappers(access.argumentExpression);
  const array = skipValueWrappers(access.expression);
  if (!ts.isNumericLiteral(index) || !ts.isIdentifier(array) || depth > MAX_DEPTH) return undefined;
  const declaration = checker.getSymbolAtLocation(array)?.valueDeclaration;
  if (!declaration || !ts.isVariableDeclaration(declaration) || !declaration.initializer || !isConst(declaration)) return undefined;
  return isSortCall(checker, skipValueWrappers(declaration.initializer)) ? { construct: `sorted@${declaration.pos}`, rank: Number(index.text) } : undefined;
}

/** `Math.min(i, j)` ranks 0 and `Math.max(i, j)` ranks 1 among the same arguments. */
function minMaxRank(checker: ts.TypeChecker, call: ts.CallExpression): Rank | undefined {
  const callee = skipValueWrappers(call.expression);
  if (!ts.isPropertyAccessExpression(callee) || !(callee.name.text === 'min' || callee.name.text === 'max')) return undefined;
  if (!isDefaultLibraryMember(checker, callee.name, MATH_TYPES)) return undefined;
  const operands = call.arguments.map((argument) => argument.getText()).sort().join(',');
  return { construct: `minmax(${operands})`, rank: callee.name.text === 'min' ? 0 : 1 };
}

const MATH_TYPES = new Set(['Math']);

function isConst(declaration: ts.VariableDeclaration): boolean {
  return ts.isVariableDeclarationList(declaration.parent) && (declaration.parent.flags & ts.NodeFlags.Const) !== 0;
}
