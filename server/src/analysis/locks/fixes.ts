// Quick fixes for the lock rules. Each is offered only where its result is certain to type-check and to remove
// the finding: the statements it moves stay in scope, and nothing between the moved pieces depends on their order.
import ts from 'typescript';
import type { FixSpec } from '../fixes';
import type { RuleContext } from '../types';
import { lockApiCall } from './api';
import { skipValueWrappers } from '../syntax';
import { soleExpression } from '../functions';
import { lockRefOf } from './identity';
import type { Leak, LockEdge, LockSite } from './lock-analysis';

// ---- lock-order: reorder one side of a two-lock cycle ----

/**
 * Swaps this side's two acquisitions so it takes the locks in the other side's order — when they are adjacent
 * and independent: two consecutive `await a.acquire()` statements (the second not using what the first binds),
 * or a scoped operation whose callback does nothing but the inner scoped operation of the same method.
 */
export function cycleFixes(context: RuleContext, edge: LockEdge): FixSpec[] {
  if (edge.taken.chain.length > 0 || edge.held.fn !== edge.taken.site.fn) return [];
  const outer = edge.held;
  const inner = edge.taken.site;
  const swap = outer.kind === 'acquire' && inner.kind === 'acquire' ? adjacentStatements(outer, inner)
    : outer.kind === 'scoped' && inner.kind === 'scoped' ? nestedScopes(outer, inner) : undefined;
  if (!swap) return [];
  const [first, second] = swap;
  const text = (node: ts.Node) => node.getText(context.sourceFile);
  return [{
    title: `Take ${inner.ref.identity.label} before ${outer.ref.identity.label} here (the other side's order)`,
    edits: [
      { start: first.getStart(context.sourceFile), end: first.getEnd(), newText: text(second) },
      { start: second.getStart(context.sourceFile), end: second.getEnd(), newText: text(first) },
    ],
  }];
}

function adjacentStatements(outer: LockSite, inner: LockSite): [ts.Statement, ts.Statement] | undefined {
  const first = statementOf(outer.call);
  const second = statementOf(inner.call);
  if (!first || !second || first.parent !== second.parent) return undefined;
  const siblings = statementsOf(first.parent);
  if (!siblings || siblings.indexOf(second) !== siblings.indexOf(first) + 1) return undefined;
  const bound = boundNames(first);
  return mentionsAny(second, bound) ? undefined : [first, second];
}

function nestedScopes(outer: LockSite, inner: LockSite): [ts.Expression, ts.Expression] | undefined {
  const outerMethod = methodName(outer.call);
  if (!outerMethod || outerMethod !== methodName(inner.call)) return undefined;
  const callback = outer.call.arguments.find((argument) => {
    const fn = skipValueWrappers(argument);
    return (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) && fn.pos <= inner.call.pos && inner.call.end <= fn.end;
  });
  const fn = callback && skipValueWrappers(callback);
  if (!fn || !(ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) || soleExpression(fn.body) !== inner.call) return undefined;
  return [outer.lockExpression, inner.lockExpression];
}

function methodName(call: ts.CallExpression): string | undefined {
  const callee = skipValueWrappers(call.expression);
  return ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
}

// ---- lock-leak: wrap the region between acquire and release in try/finally ----

/**
 * `const release = await m.acquire(); A; B; release();` → `…acquire(); try { A; B; } finally { release(); }`.
 * Offered when the release is a later statement of the same block, nothing in between releases too, and nothing
 * declared in between is used after the release (it would leave its scope) — except by a `return` right after
 * the release whose value only reads (`return total;`): it moves into the try block, where reading it before the
 * release gives the same value.
 */
export function tryFinallyFix(context: RuleContext, leak: Leak): FixSpec | undefined {
  const { sourceFile } = context;
  const acquire = statementOf(leak.site.call);
  const siblings = acquire && statementsOf(acquire.parent);
  if (!acquire || !siblings) return undefined;
  const start = siblings.indexOf(acquire);
  const releaseName = releaseBindingName(acquire);
  const isRelease = (node: ts.Node) => isReleaseCall(context, node, leak.site, releaseName);
  const end = siblings.findIndex((statement, index) => index > start && ts.isExpressionStatement(statement) && isRelease(skipAwait(statement.expression)));
  if (end < 0 || end === start + 1) return undefined;
  const between = siblings.slice(start + 1, end);
  if (between.some((statement) => contains(statement, isRelease))) return undefined;
  const declared = new Set(between.flatMap(boundNames));
  const usedAfter = siblings.slice(end + 1).filter((statement) => mentionsAny(statement, declared));
  const moved = usedAfter.length === 0 ? undefined : readingReturn(siblings[end + 1], usedAfter);
  if (usedAfter.length > 0 && !moved) return undefined;

  const indent = indentationOf(sourceFile, acquire);
  const body = sourceFile.text.slice(acquire.getEnd(), between[between.length - 1]!.getEnd());
  const reindented = spansLines(between, ts.isTemplateLiteral) ? body : body.replace(/\n(?=[^\n])/g, '\n  ');
  const release = siblings[end]!.getText(sourceFile);
  const returned = moved ? `\n${indent}  ${moved.getText(sourceFile)}` : '';
  return {
    title: 'Release in a finally block (try/finally around the locked region)',
    edits: [{
      start: acquire.getEnd(),
      end: (moved ?? siblings[end]!).getEnd(),
      newText: `\n${indent}try {${reindented}${returned}\n${indent}} finally {\n${indent}  ${release}\n${indent}}`,
    }],
    preferred: true,
  };
}

/** The statement right after the release, if it is the only one using the region's names: a `return` that only reads. */
function readingReturn(next: ts.Statement | undefined, usedAfter: readonly ts.Statement[]): ts.ReturnStatement | undefined {
  if (!next || !ts.isReturnStatement(next) || usedAfter.some((statement) => statement !== next)) return undefined;
  return !next.expression || onlyReads(next.expression) ? next : undefined;
}

/** Names, members, literals and literals of those: evaluating it runs no code of the program's (no call, await, new). */
function onlyReads(expression: ts.Expression): boolean {
  const inner = skipValueWrappers(expression);
  if (ts.isIdentifier(inner) || ts.isLiteralExpression(inner) || ts.isNoSubstitutionTemplateLiteral(inner)) return true;
  if (inner.kind === ts.SyntaxKind.ThisKeyword || inner.kind === ts.SyntaxKind.TrueKeyword || inner.kind === ts.SyntaxKind.FalseKeyword || inner.kind === ts.SyntaxKind.NullKeyword) return true;
  if (ts.isPropertyAccessExpression(inner)) return onlyReads(inner.expression);
  if (ts.isArrayLiteralExpression(inner)) return inner.elements.every((element) => !ts.isSpreadElement(element) && onlyReads(element));
  if (ts.isObjectLiteralExpression(inner)) {
    return inner.properties.every((property) => ts.isShorthandPropertyAssignment(property) ||
      (ts.isPropertyAssignment(property) && !ts.isComputedPropertyName(property.name) && onlyReads(property.initializer)));
  }
  return false;
}

function isReleaseCall(context: RuleContext, node: ts.Node, site: LockSite, releaseName: string | undefined): boolean {
  if (!ts.isCallExpression(node)) return false;
  const callee = skipValueWrappers(node.expression);
  if (ts.isIdentifier(callee)) return releaseName !== undefined && callee.text === releaseName;
  const api = lockApiCall(context.checker, context.program, node, context.settings.locks);
  if (api?.kind !== 'release') return false;
  return lockRefOf(context.checker, api, () => {})?.identity.key === site.ref.identity.key;
}

function releaseBindingName(statement: ts.Statement): string | undefined {
  if (!ts.isVariableStatement(statement)) return undefined;
  const name = statement.declarationList.declarations[0]?.name;
  if (name && ts.isIdentifier(name)) return name.text;
  const second = name && ts.isArrayBindingPattern(name) ? name.elements[1] : undefined;
  return second && ts.isBindingElement(second) && ts.isIdentifier(second.name) ? second.name.text : undefined;
}

// ---- shared helpers ----

function statementOf(node: ts.Node): ts.Statement | undefined {
  let current: ts.Node = node;
  while (current.parent && !ts.isBlock(current.parent) && !ts.isSourceFile(current.parent) && !ts.isCaseOrDefaultClause(current.parent)) {
    if (ts.isFunctionLike(current.parent)) return undefined;
    current = current.parent;
  }
  return ts.isStatement(current) || ts.isVariableStatement(current) ? current : undefined;
}

function statementsOf(parent: ts.Node): readonly ts.Statement[] | undefined {
  return ts.isBlock(parent) || ts.isSourceFile(parent) || ts.isCaseOrDefaultClause(parent) ? parent.statements : undefined;
}

function skipAwait(expression: ts.Expression): ts.Expression {
  const inner = skipValueWrappers(expression);
  return ts.isAwaitExpression(inner) ? skipValueWrappers(inner.expression) : inner;
}

/** The names a statement declares at its own level (`const a = …`, `const [b, c] = …`, `function d`). */
function boundNames(statement: ts.Statement): string[] {
  const names: string[] = [];
  const collect = (name: ts.BindingName): void => {
    if (ts.isIdentifier(name)) names.push(name.text);
    else for (const element of name.elements) if (ts.isBindingElement(element)) collect(element.name);
  };
  if (ts.isVariableStatement(statement)) statement.declarationList.declarations.forEach((d) => collect(d.name));
  if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) && statement.name) names.push(statement.name.text);
  return names;
}

/** Whether an identifier spelled like one of the names appears (a conservative test: shadowing counts too). */
function mentionsAny(node: ts.Node, names: Iterable<string>): boolean {
  const wanted = new Set(names);
  return wanted.size > 0 && contains(node, (child) => ts.isIdentifier(child) && wanted.has(child.text));
}

function contains(node: ts.Node, test: (node: ts.Node) => boolean): boolean {
  return test(node) || ts.forEachChild(node, (child) => contains(child, test) || undefined) === true;
}

function spansLines(nodes: readonly ts.Node[], test: (node: ts.Node) => boolean): boolean {
  return nodes.some((node) => contains(node, (child) => test(child) && child.getText().includes('\n')));
}

function indentationOf(sourceFile: ts.SourceFile, node: ts.Node): string {
  const start = node.getStart(sourceFile);
  const lineStart = sourceFile.getPositionOfLineAndCharacter(sourceFile.getLineAndCharacterOfPosition(start).line, 0);
  return /^[ \t]*/.exec(sourceFile.text.slice(lineStart, start))![0];
}
