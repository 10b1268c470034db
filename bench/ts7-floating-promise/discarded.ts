// The syntactic half of floating-promise (server/src/analysis/rules/floating-promise.ts), on TypeScript 7's AST:
// which sub-expressions a statement throws away, and which of them it creates. No checker question here — the
// candidates are collected for the whole program first, so their types can be asked in one call.
import {
  isArrayLiteralExpression, isBinaryExpression, isCallExpression, isConditionalExpression, isNewExpression,
  isAsExpression, isNonNullExpression, isParenthesizedExpression, isPropertyAccessExpression, isSatisfiesExpression,
  isSpreadElement, isTaggedTemplateExpression, isTypeAssertion, SyntaxKind, type Expression,
} from 'typescript/unstable/ast';

const SHORT_CIRCUITS = new Set([SyntaxKind.AmpersandAmpersandToken, SyntaxKind.BarBarToken, SyntaxKind.QuestionQuestionToken]);

/** `(x)`, `x as T`, `<T>x`, `x!`, `x satisfies T` looked through, as the rule's skipValueWrappers does. */
export function skipValueWrappers(expression: Expression): Expression {
  let current = expression;
  for (let inner = wrappedBy(current); inner; inner = wrappedBy(current)) current = inner;
  return current;
}

function wrappedBy(node: Expression): Expression | undefined {
  if (isParenthesizedExpression(node) || isAsExpression(node) || isTypeAssertion(node)) return node.expression;
  if (isNonNullExpression(node) || isSatisfiesExpression(node)) return node.expression;
  return undefined;
}

/** `a, b` drops both; `c ? a : b` either branch; `a || b`, `a ?? b` both; `a && b` only `b`. */
export function* discardedOperands(expression: Expression): Generator<Expression> {
  if (isParenthesizedExpression(expression)) {
    yield* discardedOperands(expression.expression);
  } else if (isConditionalExpression(expression)) {
    yield* discardedOperands(expression.whenTrue);
    yield* discardedOperands(expression.whenFalse);
  } else if (isBinaryExpression(expression) && expression.operatorToken.kind === SyntaxKind.CommaToken) {
    yield* discardedOperands(expression.left);
    yield* discardedOperands(expression.right);
  } else if (isBinaryExpression(expression) && SHORT_CIRCUITS.has(expression.operatorToken.kind)) {
    if (expression.operatorToken.kind !== SyntaxKind.AmpersandAmpersandToken) yield* discardedOperands(expression.left);
    yield* discardedOperands(expression.right);
  } else {
    yield expression;
  }
}

/** A call, `new`, tagged template, or array literal of such: the statement creates the value it drops. */
export function isCreatedHere(expression: Expression): boolean {
  const inner = skipValueWrappers(expression);
  if (isCallExpression(inner) || isNewExpression(inner) || isTaggedTemplateExpression(inner)) return true;
  if (isArrayLiteralExpression(inner)) return inner.elements.some((element) => isCreatedHere(isSpreadElement(element) ? element.expression : element));
  return false;
}

/**
 * The handler a `.catch(h)` / `.then(ok, h)` chain ends in, or of the receiver of a `.finally(f)` (which passes a
 * rejection through); undefined when the chain ends in neither. A handler whose type is callable handles it.
 */
export function rejectionHandlerOf(expression: Expression): Expression | undefined {
  const call = skipValueWrappers(expression);
  if (!isCallExpression(call) || !isPropertyAccessExpression(call.expression)) return undefined;
  const callee = call.expression;
  const argument = callee.name.text === 'catch' ? call.arguments[0] : callee.name.text === 'then' ? call.arguments[1] : undefined;
  if (callee.name.text === 'finally') return rejectionHandlerOf(callee.expression);
  return argument && !isSpreadElement(argument) ? argument : undefined;
}
