// Edit builders shared by the rules' quick fixes. Each returns plain offsets into the source file; the
// findings layer turns them into spans. Parentheses are added only where operator precedence demands them.
import * as ts from 'typescript';
import { enclosingFunction, isAsyncFunction } from './functions';

export interface Edit {
  start: number;
  end: number;
  newText: string;
}

export interface FixSpec {
  title: string;
  edits: Edit[];
  preferred?: boolean;
}

export function isJavaScriptFile(sourceFile: ts.SourceFile): boolean {
  return /\.[cm]?jsx?$/i.test(sourceFile.fileName);
}

/** Expressions that can stand as the operand of a prefix operator (`await x`, `void x`) without parentheses. */
function isUnaryOperandSafe(node: ts.Expression): boolean {
  return isMemberReceiverSafe(node) || ts.isNewExpression(node) || ts.isPrefixUnaryExpression(node) ||
    ts.isAwaitExpression(node) || ts.isVoidExpression(node) || ts.isTypeOfExpression(node);
}

/** Expressions that can stand before `.member` without parentheses. `new Foo` without arguments cannot. */
function isMemberReceiverSafe(node: ts.Expression): boolean {
  return ts.isCallExpression(node) || ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node) ||
    ts.isIdentifier(node) || ts.isParenthesizedExpression(node) || ts.isArrayLiteralExpression(node) ||
    ts.isTaggedTemplateExpression(node) || ts.isNonNullExpression(node) ||
    (ts.isNewExpression(node) && node.arguments !== undefined);
}

/** Wraps `node` as `before node after`, parenthesising the node first when `needsParens` says so. */
function wrapEdits(sourceFile: ts.SourceFile, node: ts.Node, before: string, after: string, needsParens: boolean): Edit[] {
  const start = node.getStart(sourceFile);
  const end = node.getEnd();
  return [
    { start, end: start, newText: needsParens ? `${before}(` : before },
    { start: end, end, newText: needsParens ? `)${after}` : after },
  ].filter((edit) => edit.newText !== '');
}

/** `await x` or `void x`. */
export function prefixEdits(sourceFile: ts.SourceFile, node: ts.Expression, keyword: 'await' | 'void'): Edit[] {
  return wrapEdits(sourceFile, node, `${keyword} `, '', !isUnaryOperandSafe(node));
}

/** The rejection handler a quick fix appends: logs, so the failure is at least seen. Typed only in TypeScript. */
export function rejectionHandlerText(sourceFile: ts.SourceFile): string {
  const parameter = isJavaScriptFile(sourceFile) ? 'error' : 'error: unknown';
  return `(${parameter}) => { console.error(error); }`;
}

/** `x.catch((error) => { console.error(error); })`; `x?.catch(…)` when x may be undefined. */
export function appendCatchEdits(sourceFile: ts.SourceFile, node: ts.Expression, mayBeNullish: boolean): Edit[] {
  const access = mayBeNullish ? '?.' : '.';
  return wrapEdits(sourceFile, node, '', `${access}catch(${rejectionHandlerText(sourceFile)})`, !isMemberReceiverSafe(node));
}

/** `before(x)after` around an expression, where the call parentheses already delimit it. */
export function surroundEdits(sourceFile: ts.SourceFile, node: ts.Node, before: string, after: string): Edit[] {
  return wrapEdits(sourceFile, node, before, after, false);
}

export function replaceNodeEdit(sourceFile: ts.SourceFile, node: ts.Node, newText: string): Edit {
  return { start: node.getStart(sourceFile), end: node.getEnd(), newText };
}

/** Whether code at `node` runs directly inside an async function (so `await` is valid there). */
export function isInsideAsyncFunction(node: ts.Node): boolean {
  const fn = enclosingFunction(node);
  return fn !== undefined && isAsyncFunction(fn);
}
