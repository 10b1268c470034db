// misused-promise: a promise-returning function handed to a callback slot whose type returns void (forEach,
// event listeners, timers, the Promise executor…). The callee ignores the promise, so its rejection is lost
// and nothing waits for the work. Conditions on promises (`if (promise)`) are left to tsc's own TS2801.
import * as ts from 'typescript';
import { rejectionHandlerText, type FixSpec } from '../fixes';
import { isVoidReturningCallbackType, returnsThenable } from '../promise-types';
import type { Rule, RuleContext } from '../types';

export const misusedPromise: Rule = {
  meta: {
    id: 'misused-promise',
    description: 'An async or promise-returning function passed where the callee ignores its result (forEach, event listeners, …).',
    defaultSeverity: 'warning',
  },
  check(context) {
    const visit = (node: ts.Node): void => {
      for (const slot of callbackSlots(node)) checkSlot(context, slot);
      ts.forEachChild(node, visit);
    };
    visit(context.sourceFile);
  },
};

/** A value passed into a place that will call it: an argument, or a JSX attribute's value. */
interface CallbackSlot {
  value: ts.Expression;
  /** Who receives it, for the message: "`forEach`", "`new Promise`", "the `onClick` prop". */
  receiver: string;
}

function callbackSlots(node: ts.Node): CallbackSlot[] {
  if ((ts.isCallExpression(node) || ts.isNewExpression(node)) && node.arguments) {
    const receiver = calleeName(node);
    return node.arguments.filter((argument) => !ts.isSpreadElement(argument)).map((value) => ({ value, receiver }));
  }
  if (ts.isJsxAttribute(node) && node.initializer && ts.isJsxExpression(node.initializer) && node.initializer.expression) {
    return [{ value: node.initializer.expression, receiver: `the \`${node.name.getText()}\` prop` }];
  }
  return [];
}

function calleeName(call: ts.CallExpression | ts.NewExpression): string {
  const callee = call.expression;
  const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : 'the callee';
  return ts.isNewExpression(call) ? `\`new ${name}\`` : name === 'the callee' ? name : `\`${name}\``;
}

/** Literals can never be functions; skipping them spares the checker most arguments in ordinary code. */
function isLiteralValue(node: ts.Expression): boolean {
  return ts.isLiteralExpression(node) || ts.isTemplateExpression(node) || ts.isObjectLiteralExpression(node) ||
    ts.isArrayLiteralExpression(node) || node.kind === ts.SyntaxKind.TrueKeyword ||
    node.kind === ts.SyntaxKind.FalseKeyword || node.kind === ts.SyntaxKind.NullKeyword;
}

function checkSlot(context: RuleContext, slot: CallbackSlot): void {
  const { checker } = context;
  const value = skipParentheses(slot.value);
  if (isLiteralValue(value)) return;
  if (!returnsThenable(checker, checker.getTypeAtLocation(value))) return;
  const expected = checker.getContextualType(slot.value);
  if (!expected || !isVoidReturningCallbackType(expected)) return;
  context.report(value, messageFor(value, slot.receiver), { fixes: fixesFor(context, value) });
}

function skipParentheses(expression: ts.Expression): ts.Expression {
  return ts.isParenthesizedExpression(expression) ? skipParentheses(expression.expression) : expression;
}

function messageFor(value: ts.Expression, receiver: string): string {
  const text = value.getText();
  const subject = isInlineFunction(value)
    ? (isAsync(value) ? 'This async function' : 'This function')
    : text.length <= 40 && !text.includes('\n') ? `\`${text}\`` : 'This function';
  return `${subject} returns a promise, but ${receiver} expects a callback that returns void: the promise is ignored, ` +
    'so a rejection inside becomes an unhandled rejection and nothing waits for the work to finish. ' +
    'Handle errors inside the callback, or use a form that awaits it (for…of with await, await Promise.all(xs.map(…))).';
}

function isInlineFunction(node: ts.Expression): node is ts.ArrowFunction | ts.FunctionExpression {
  return ts.isArrowFunction(node) || ts.isFunctionExpression(node);
}

function isAsync(node: ts.ArrowFunction | ts.FunctionExpression): boolean {
  return node.modifiers?.some((modifier) => modifier.kind === ts.SyntaxKind.AsyncKeyword) ?? false;
}

/**
 * For an inline async function (no declared return type, not a generator): make it a plain function that runs
 * the same body as an async arrow — which keeps `this`, `arguments` and the parameters — and handles its
 * rejection. The callee still gets a void callback; the work still runs; failures are now logged, not lost.
 */
function fixesFor(context: RuleContext, value: ts.Expression): FixSpec[] {
  if (!isInlineFunction(value) || !isAsync(value) || value.type || (ts.isFunctionExpression(value) && value.asteriskToken)) return [];
  const { sourceFile } = context;
  const asyncKeyword = value.modifiers!.find((modifier) => modifier.kind === ts.SyntaxKind.AsyncKeyword)!;
  const afterKeyword = skipWhitespace(sourceFile.text, asyncKeyword.getEnd());
  const body = value.body.getText(sourceFile);
  const handled = `{ (async () => ${body})().catch(${rejectionHandlerText(sourceFile)}); }`;
  return [{
    title: 'Run the body as an async IIFE with .catch(…)',
    edits: [
      { start: asyncKeyword.getStart(sourceFile), end: afterKeyword, newText: '' },
      { start: value.body.getStart(sourceFile), end: value.body.getEnd(), newText: handled },
    ],
  }];
}

function skipWhitespace(text: string, position: number): number {
  let end = position;
  while (end < text.length && /\s/.test(text[end]!)) end++;
  return end;
}
