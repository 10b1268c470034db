// Edit builders shared by the rules' quick fixes. Each returns plain offsets into the source file; the
// findings layer turns them into spans. Parentheses are added only where operator precedence demands them.
import ts from 'typescript';
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
export function isUnaryOperandSafe(node: ts.Expression): boolean {
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

/** A named export a fix needs in scope, and the module it comes from (`readFile` from `node:fs/promises`). */
export interface NeededImport {
  module: string;
  name: string;
}

/**
 * Makes `needed.name` usable at `location`: nothing to do when that name already refers to the export, an edit
 * adding the import when the name is free (an ES import, or a `require` in a CommonJS file), and undefined when
 * the name means something else there — the fix is then not offered rather than shadowing or clashing.
 * `isTheExport` tells whether a symbol in scope already is the export (decided by the caller's resolution).
 */
export function importEdits(
  checker: ts.TypeChecker,
  location: ts.Node,
  needed: NeededImport,
  isTheExport: (symbol: ts.Symbol) => boolean,
): Edit[] | undefined {
  const inScope = checker.getSymbolsInScope(location, ts.SymbolFlags.Value | ts.SymbolFlags.Alias).find((symbol) => symbol.name === needed.name);
  if (inScope) return isTheExport(inScope.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(inScope) : inScope) ? [] : undefined;
  const sourceFile = location.getSourceFile();
  const statement = usesCommonJs(sourceFile)
    ? `const { ${needed.name} } = require('${needed.module}');`
    : `import { ${needed.name} } from '${needed.module}';`;
  const last = [...sourceFile.statements].reverse().find((s) => isImportStatement(s));
  if (last) return [{ start: last.getEnd(), end: last.getEnd(), newText: `\n${statement}` }];
  const first = sourceFile.statements[0];
  const start = first ? first.getStart(sourceFile) : sourceFile.getEnd();
  return [{ start, end: start, newText: `${statement}\n` }];
}

/** Two fixes' import edits at one place merge into one edit (applied together they must not overlap). */
export function mergeInsertions(edits: Edit[]): Edit[] {
  const merged: Edit[] = [];
  for (const edit of edits) {
    const same = merged.find((other) => other.start === edit.start && other.end === edit.end && edit.start === edit.end);
    if (same) same.newText += edit.newText;
    else merged.push({ ...edit });
  }
  return merged;
}

/** A JavaScript file that loads modules with require and has no import or export of its own. */
function usesCommonJs(sourceFile: ts.SourceFile): boolean {
  if (/\.cjs$/i.test(sourceFile.fileName)) return true;
  if (!isJavaScriptFile(sourceFile) || /\.mjs$/i.test(sourceFile.fileName)) return false;
  return !sourceFile.statements.some((s) => ts.isImportDeclaration(s) || ts.isExportDeclaration(s) || ts.isExportAssignment(s));
}

/** `import … from`, `import x = require(…)`, or a top-level `const … = require(…)`. */
function isImportStatement(statement: ts.Statement): boolean {
  if (ts.isImportDeclaration(statement) || ts.isImportEqualsDeclaration(statement)) return true;
  return ts.isVariableStatement(statement) && statement.declarationList.declarations.some((declaration) => {
    const initializer = declaration.initializer;
    return initializer !== undefined && ts.isCallExpression(initializer) && ts.isIdentifier(initializer.expression) &&
      initializer.expression.text === 'require';
  });
}

/**
 * Whether an expression at `node`'s place must be parenthesised when it is a prefix-operator expression
 * (`await x`): as the object of a member access, call or tagged template, or the base of `**`.
 */
export function needsParenthesesAsUnary(node: ts.Expression): boolean {
  const parent = node.parent;
  if ((ts.isPropertyAccessExpression(parent) || ts.isElementAccessExpression(parent) || ts.isCallExpression(parent) ||
    ts.isNewExpression(parent) || ts.isNonNullExpression(parent)) && parent.expression === node) return true;
  if (ts.isTaggedTemplateExpression(parent) && parent.tag === node) return true;
  return ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.AsteriskAsteriskToken && parent.left === node;
}
