// misused-promise: a promise-returning function handed to a callback slot whose type returns void (forEach,
// event listeners, timers, the Promise executor…) — as an argument, a JSX attribute, an object literal's
// property or method, a returned value, or a typed variable or assignment. Whoever calls it ignores the
// promise, so its rejection is lost and nothing waits for the work. Conditions on promises (`if (promise)`)
// are left to tsc's own TS2801.
import ts from 'typescript';
import { shortSourceText, skipParentheses } from '../syntax';
import { forEachFixes, wrapReferenceFix } from '../callback-fixes';
import { rejectionHandlerText, type FixSpec } from '../fixes';
import { mayExpectVoidCallback, mayReturnThenable } from '../declared-context';
import { isRemovedListener } from '../event-apis';
import { isAsyncFunction } from '../functions';
import { isVoidReturningCallbackType, returnsThenable } from '../promise-types';
import type { Rule, RuleContext } from '../types';

export const misusedPromise: Rule = {
  meta: {
    id: 'misused-promise',
    description: 'An async or promise-returning function passed where the callee ignores its result (forEach, event listeners, …).',
    defaultSeverity: 'warning',
    eslintTwins: ['@typescript-eslint/no-misused-promises', 'typescript/no-misused-promises'],
  },
  check(context) {
    const visit = (node: ts.Node): void => {
      for (const slot of callbackSlots(node)) checkSlot(context, slot);
      ts.forEachChild(node, visit);
    };
    visit(context.sourceFile);
  },
};

/**
 * A value handed to a place that will call it: an argument, a JSX attribute's value, an object literal's member,
 * a returned value, a typed variable's initializer or an assignment's right-hand side.
 */
interface CallbackSlot {
  /** The function handed over (an object literal's method is its own value). */
  value: ts.Expression | ts.MethodDeclaration;
  /** Who receives it, for the message: "`forEach`", "`new Promise`", "the `onClick` prop". */
  receiver: string;
  /** The type the place expects; by default the value's contextual type. */
  expected?: (checker: ts.TypeChecker) => ts.Type | undefined;
}

function callbackSlots(node: ts.Node): CallbackSlot[] {
  if ((ts.isCallExpression(node) || ts.isNewExpression(node)) && node.arguments) {
    const receiver = calleeName(node);
    return node.arguments.filter((argument) => !ts.isSpreadElement(argument)).map((value) => ({ value, receiver }));
  }
  if (ts.isJsxAttribute(node) && node.initializer && ts.isJsxExpression(node.initializer) && node.initializer.expression) {
    return [{ value: node.initializer.expression, receiver: `the \`${node.name.getText()}\` prop` }];
  }
  if (ts.isObjectLiteralExpression(node)) return node.properties.flatMap((member) => memberSlot(node, member));
  if (ts.isReturnStatement(node) && node.expression) return [{ value: node.expression, receiver: 'the enclosing function\'s return type' }];
  if (ts.isArrowFunction(node) && !ts.isBlock(node.body)) return [{ value: node.body, receiver: 'the arrow function\'s return type' }];
  if (ts.isVariableDeclaration(node) && node.type && node.initializer) return [{ value: node.initializer, receiver: `the type of \`${node.name.getText()}\`` }];
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
    return [{ value: node.right, receiver: `the type of \`${shortSourceText(node.left) ?? 'the target'}\`` }];
  }
  return [];
}

/** An object literal's property, shorthand property or method, judged by the type its property is expected to have. */
function memberSlot(objectLiteral: ts.ObjectLiteralExpression, member: ts.ObjectLiteralElementLike): CallbackSlot[] {
  if (!member.name || ts.isComputedPropertyName(member.name) || ts.isPrivateIdentifier(member.name)) return [];
  const receiver = `the \`${member.name.text}\` property`;
  if (ts.isPropertyAssignment(member)) return [{ value: member.initializer, receiver }];
  if (!ts.isShorthandPropertyAssignment(member) && !ts.isMethodDeclaration(member)) return [];
  const name = member.name.text;
  const expected = (checker: ts.TypeChecker) => {
    const objectType = checker.getContextualType(objectLiteral);
    const property = objectType && checker.getPropertyOfType(objectType, name);
    return property && checker.getTypeOfSymbol(property);
  };
  return [{ value: ts.isMethodDeclaration(member) ? member : member.name, receiver, expected }];
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
  const value = ts.isMethodDeclaration(slot.value) ? slot.value : skipParentheses(slot.value);
  if (!ts.isMethodDeclaration(value) && isLiteralValue(value)) return;
  if (!mayExpectVoidCallback(checker, slot.value) || !mayReturnThenable(checker, value)) return;
  const returnsPromise = () => certainlyReturnsPromise(value) || returnsThenable(checker, checker.getTypeAtLocation(value));
  const expectsVoidCallback = () => {
    const expected = slot.expected ? slot.expected(checker) : checker.getContextualType(slot.value as ts.Expression);
    return expected !== undefined && isVoidReturningCallbackType(expected);
  };
  // The cheaper question first. A function written here costs its contextual type (resolving the call it is
  // handed to) and then its body's; a reference's own type is read without resolving anything around it.
  const inline = isInlineFunction(value) || ts.isMethodDeclaration(value);
  if (!(inline ? expectsVoidCallback() && returnsPromise() : returnsPromise() && expectsVoidCallback())) return;
  // Unregistering a listener never calls it (asked last: it resolves the call's declaration).
  if (isRemovedListener(context.program, slot.value)) return;
  context.report(value, messageFor(value, slot.receiver), { fixes: fixesFor(context, value) });
}

/** An inline async function or method (not a generator) returns a promise whatever its body: no need to check it. */
function certainlyReturnsPromise(value: ts.Expression | ts.MethodDeclaration): boolean {
  return (isInlineFunction(value) || ts.isMethodDeclaration(value)) && isAsyncFunction(value) && !value.asteriskToken;
}

function messageFor(value: ts.Expression | ts.MethodDeclaration, receiver: string): string {
  const text = shortSourceText(value);
  const subject = isInlineFunction(value) || ts.isMethodDeclaration(value)
    ? (isAsyncFunction(value) ? 'This async function' : 'This function')
    : text !== undefined ? `\`${text}\`` : 'This function';
  return `${subject} returns a promise, but ${receiver} expects a callback that returns void: the promise is ignored, ` +
    'so a rejection inside becomes an unhandled rejection and nothing waits for the work to finish. ' +
    'Handle errors inside the callback, or use a form that awaits it (for…of with await, await Promise.all(xs.map(…))).';
}

function isInlineFunction(node: ts.Node): node is ts.ArrowFunction | ts.FunctionExpression {
  return ts.isArrowFunction(node) || ts.isFunctionExpression(node);
}

/**
 * An array's forEach in an async function: wait for the work (callback-fixes.ts). A function handed over by name:
 * a callback that handles its rejection. Another inline async function: the IIFE fix below.
 */
function fixesFor(context: RuleContext, value: ts.Expression | ts.MethodDeclaration): FixSpec[] {
  if (ts.isIdentifier(value) || ts.isPropertyAccessExpression(value)) {
    const wrap = wrapReferenceFix(context.checker, context.sourceFile, value);
    return wrap ? [wrap] : [];
  }
  if (!isInlineFunction(value) || !isAsyncFunction(value) || value.type || (ts.isFunctionExpression(value) && value.asteriskToken)) return [];
  return forEachFixes(context.checker, context.sourceFile, value) ?? [asyncIifeFix(context.sourceFile, value)];
}

/**
 * For an inline async function (no declared return type, not a generator): make it a plain function that runs
 * the same body as an async arrow — which keeps `this`, `arguments` and the parameters — and handles its
 * rejection. The callee still gets a void callback; the work still runs; failures are now logged, not lost.
 */
function asyncIifeFix(sourceFile: ts.SourceFile, value: ts.ArrowFunction | ts.FunctionExpression): FixSpec {
  const asyncKeyword = value.modifiers!.find((modifier) => modifier.kind === ts.SyntaxKind.AsyncKeyword)!;
  const afterKeyword = skipWhitespace(sourceFile.text, asyncKeyword.getEnd());
  const body = value.body.getText(sourceFile);
  const handled = `{ (async () => ${body})().catch(${rejectionHandlerText(sourceFile)}); }`;
  return {
    title: 'Run the body as an async IIFE with .catch(…)',
    edits: [
      { start: asyncKeyword.getStart(sourceFile), end: afterKeyword, newText: '' },
      { start: value.body.getStart(sourceFile), end: value.body.getEnd(), newText: handled },
    ],
  };
}

function skipWhitespace(text: string, position: number): number {
  let end = position;
  while (end < text.length && /\s/.test(text[end]!)) end++;
  return end;
}
