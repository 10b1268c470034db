// Small questions about syntax that several rules and the lock model ask: one answer each, here.
import ts from 'typescript';

/** Looks through parentheses only: `((x))` → `x`. */
export function skipParentheses(expression: ts.Expression): ts.Expression {
  let current = expression;
  while (ts.isParenthesizedExpression(current)) current = current.expression;
  return current;
}

/** Looks through wrappers that change neither the value nor where it came from: `(x)`, `x as T`, `<T>x`, `x!`, `x satisfies T`. */
export function skipValueWrappers(expression: ts.Expression): ts.Expression {
  let current = expression;
  while (isValueWrapper(current)) current = current.expression;
  return current;
}

/** The node that uses an expression's value: its parent, looking up through the wrappers skipValueWrappers skips. */
export function valueUserOf(node: ts.Node): ts.Node {
  let current = node.parent;
  while (isValueWrapper(current)) current = current.parent;
  return current;
}

type ValueWrapper = ts.ParenthesizedExpression | ts.AsExpression | ts.TypeAssertion | ts.NonNullExpression | ts.SatisfiesExpression;

function isValueWrapper(node: ts.Node): node is ValueWrapper {
  return ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isTypeAssertionExpression(node) ||
    ts.isNonNullExpression(node) || ts.isSatisfiesExpression(node);
}

/** `&&`, `||` and `??`: the right operand may not run. */
export function isShortCircuit(operator: ts.SyntaxKind): boolean {
  return operator === ts.SyntaxKind.AmpersandAmpersandToken || operator === ts.SyntaxKind.BarBarToken ||
    operator === ts.SyntaxKind.QuestionQuestionToken;
}

/** How long a piece of user code may be to be quoted whole in a message or a label. */
export const SHORT_TEXT_LENGTH = 40;

/** A node's source text on one line (runs of whitespace, newlines included, become one space). */
export function oneLineText(node: ts.Node): string {
  return node.getText().replace(/\s+/g, ' ');
}

/** A node's source text on one line, cut with an ellipsis when it is longer than SHORT_TEXT_LENGTH. */
export function clippedText(node: ts.Node): string {
  const text = oneLineText(node);
  return text.length <= SHORT_TEXT_LENGTH ? text : `${text.slice(0, SHORT_TEXT_LENGTH - 3)}…`;
}

/** A node's source text as written, when it is one short line; undefined otherwise. */
export function shortSourceText(node: ts.Node): string | undefined {
  const text = node.getText();
  return text.length <= SHORT_TEXT_LENGTH && !text.includes('\n') ? text : undefined;
}

/**
 * Whether `earlier` runs before every run of `later`: `earlier` sits in a statement of a block — reached with it on
 * no branch, loop or short circuit of its own — and `later` is in a later statement of that block (nested at any
 * depth). Syntax only: a `return` or `throw` between them only makes it truer.
 */
export function alwaysRunsBefore(earlier: ts.Node, later: ts.Node): boolean {
  let statement = earlier;
  while (statement.parent && !ts.isBlock(statement.parent) && !ts.isSourceFile(statement.parent)) {
    if (!runsWithParent(statement.parent, statement)) return false;
    statement = statement.parent;
  }
  const block = statement.parent;
  if (!block) return false;
  let inBlock = later;
  while (inBlock.parent && inBlock.parent !== block) inBlock = inBlock.parent;
  return inBlock.parent === block && inBlock.pos >= statement.end;
}

/** Whether `child` runs whenever `parent` does. */
function runsWithParent(parent: ts.Node, child: ts.Node): boolean {
  if (ts.isBinaryExpression(parent)) return child === parent.left || !isShortCircuit(parent.operatorToken.kind);
  if (ts.isConditionalExpression(parent)) return child === parent.condition;
  if (ts.isCallExpression(parent)) return !parent.questionDotToken;
  return isValueWrapper(parent) || ts.isExpressionStatement(parent) || ts.isAwaitExpression(parent) ||
    ts.isVariableDeclaration(parent) || ts.isVariableDeclarationList(parent) || ts.isVariableStatement(parent) ||
    (ts.isPropertyAccessExpression(parent) && !parent.questionDotToken);
}

/** The same object's same member: by declaration, and for an element by the same key (binding or constant). */
export function sameSlot(checker: ts.TypeChecker, a: ts.Expression, b: ts.Expression): boolean {
  const left = skipValueWrappers(a);
  const right = skipValueWrappers(b);
  if (ts.isPropertyAccessExpression(left) && ts.isPropertyAccessExpression(right)) {
    return left.name.text === right.name.text && sameObject(checker, left.expression, right.expression);
  }
  if (ts.isElementAccessExpression(left) && ts.isElementAccessExpression(right)) {
    return sameObject(checker, left.argumentExpression, right.argumentExpression) && sameObject(checker, left.expression, right.expression);
  }
  return false;
}

/** The same object: `this`, a constant, a binding (by its symbol), or the same slot. */
export function sameObject(checker: ts.TypeChecker, a: ts.Expression, b: ts.Expression): boolean {
  const left = skipValueWrappers(a);
  const right = skipValueWrappers(b);
  if (left.kind === ts.SyntaxKind.ThisKeyword || right.kind === ts.SyntaxKind.ThisKeyword) return left.kind === right.kind;
  if (ts.isStringLiteralLike(left) || ts.isNumericLiteral(left)) return (ts.isStringLiteralLike(right) || ts.isNumericLiteral(right)) && left.text === right.text;
  if (ts.isIdentifier(left) && ts.isIdentifier(right)) {
    const symbol = checker.getSymbolAtLocation(left);
    return symbol !== undefined && symbol === checker.getSymbolAtLocation(right);
  }
  return (ts.isPropertyAccessExpression(left) || ts.isElementAccessExpression(left)) && sameSlot(checker, left, right);
}
