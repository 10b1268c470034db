// Quick fixes for the lock rules. Each is offered only where its result is certain to type-check and to remove
// the finding: the statements it moves stay in scope, and nothing between the moved pieces depends on their order.
import ts from 'typescript';
import type { FixSpec } from '../fixes';
import type { RuleContext } from '../types';
import { lockApiCall } from './api';
import { skipValueWrappers } from '../syntax';
import { soleExpression, type FunctionWithBody } from '../functions';
import { lockRefOf } from './identity';
import { lockAnalysis, type LockAnalysis, type Leak, type LockEdge, type LockSite } from './lock-analysis';

// ---- lock-order: reorder one side of a two-lock cycle ----

/**
 * Makes this side take the inner lock first, as the other side does — offered only on a side whose order the
 * project's other functions do not outnumber (the graph's known order wins), and only where the move keeps
 * meaning but for holding the inner lock longer: an `await b.acquire()` statement moved up to just before the
 * outer acquisition of the same block (see movableAcquisition), or a scoped operation whose callback does nothing
 * but the inner scoped operation of the same method (swapped in place). Never preferred: moving acquisitions
 * changes how long locks are held, and both sides of a tie get the fix, so fix-all would swap them both.
 */
export function cycleFixes(context: RuleContext, edge: LockEdge): FixSpec[] {
  if (edge.taken.chain.length > 0 || edge.held.fn !== edge.taken.site.fn) return [];
  const model = lockAnalysis(context.program, context.settings.locks);
  const order = knownOrder(model.edges(), edge);
  if (order.thisWay > order.otherWay) return [];
  const outer = edge.held;
  const inner = edge.taken.site;
  const edits = outer.kind === 'acquire' && inner.kind === 'acquire' ? acquisitionMove(context, model, outer, inner)
    : outer.kind === 'scoped' && inner.kind === 'scoped' ? nestedScopesSwap(context, outer, inner) : undefined;
  if (!edits) return [];
  const whose = order.otherWay > 1 ? `the order ${order.otherWay} other functions use` : "the other side's order";
  return [{ title: `Take ${inner.ref.identity.label} before ${outer.ref.identity.label} here (${whose})`, edits }];
}

/** How many functions take the edge's two locks in its order, and how many the other way round. */
function knownOrder(edges: readonly LockEdge[], edge: LockEdge): { thisWay: number; otherWay: number } {
  const takers = functionsTakingPairs(edges);
  const first = edge.held.ref.identity.key;
  const second = edge.taken.site.ref.identity.key;
  return { thisWay: takers.get(pairKey(first, second))?.size ?? 0, otherWay: takers.get(pairKey(second, first))?.size ?? 0 };
}

const pairTakers = new WeakMap<readonly LockEdge[], Map<string, Set<FunctionWithBody>>>();

/** Per ordered pair of lock identities, the functions that take the second while holding the first (once per edge list). */
function functionsTakingPairs(edges: readonly LockEdge[]): Map<string, Set<FunctionWithBody>> {
  let takers = pairTakers.get(edges);
  if (takers) return takers;
  takers = new Map();
  for (const { held, taken } of edges) {
    const key = pairKey(held.ref.identity.key, taken.site.ref.identity.key);
    const functions = takers.get(key) ?? new Set();
    takers.set(key, functions.add(held.fn));
  }
  pairTakers.set(edges, takers);
  return takers;
}

function pairKey(held: string, taken: string): string {
  return JSON.stringify([held, taken]);
}

/**
 * `const r1 = await a.acquire(); …between…; const r2 = await b.acquire();` → the second statement moved to just
 * before the first. Refused unless the move can only hold b longer: the moved statement is nothing but the
 * acquisition, of a lock named by reads alone, using no name bound by the first statement or bound or assigned in
 * between; the statements in between take, release or wait for no lock — directly or through calls the analysis
 * resolves — hold the same other locks, and have no way out (an explicit exit, or a throw the analysis sees
 * leaking the first lock) that would skip the release the moved lock needs.
 */
function acquisitionMove(context: RuleContext, model: LockAnalysis, outer: LockSite, inner: LockSite): FixSpec['edits'] | undefined {
  const first = statementOf(outer.call);
  const second = statementOf(inner.call);
  if (!first || !second || first.parent !== second.parent || !isSoleAcquisition(second, inner.call)) return undefined;
  const siblings = statementsOf(first.parent);
  if (!siblings || siblings.indexOf(second) <= siblings.indexOf(first)) return undefined;
  const between = siblings.slice(siblings.indexOf(first) + 1, siblings.indexOf(second));
  const changed = [...boundNames(first), ...between.flatMap(boundNames), ...between.flatMap(assignedNames)];
  if (mentionsAny(second, changed) || mentionsAny(first, boundNames(second)) || between.some(leavesEarly)) return undefined;
  if (between.length > 0 && !keepsLocksAsTheyWere(context, model, outer, inner, between)) return undefined;
  return moveBefore(context.sourceFile, second, first);
}

/** `await b.acquire()` or `const r = await b.acquire()`, its receiver and arguments only read (no code runs earlier). */
function isSoleAcquisition(statement: ts.Statement, call: ts.CallExpression): boolean {
  const declarations = ts.isVariableStatement(statement) ? statement.declarationList.declarations : undefined;
  const expression = ts.isExpressionStatement(statement) ? statement.expression
    : declarations?.length === 1 ? declarations[0]!.initializer : undefined;
  if (!expression || skipAwait(expression) !== call) return false;
  const callee = skipValueWrappers(call.expression);
  return ts.isPropertyAccessExpression(callee) && onlyReads(callee.expression) && call.arguments.every(onlyReads);
}

/** The analysis's own facts say the statements in between touch no lock, leak none and hold what the first held. */
function keepsLocksAsTheyWere(context: RuleContext, model: LockAnalysis, outer: LockSite, inner: LockSite, between: readonly ts.Statement[]): boolean {
  const facts = model.functionFacts(outer.fn);
  if (!facts || facts.leaks.some((leak) => leak.site.call === outer.call)) return false;
  const start = between[0]!.getFullStart();
  const end = between[between.length - 1]!.getEnd();
  const inRange = (node: ts.Node) => node.getSourceFile() === context.sourceFile && start <= node.pos && node.end <= end;
  if (facts.operations.some((site) => inRange(site.call)) || model.edges().some((edge) => inRange(edge.via))) return false;
  const heldAt = (site: LockSite) => facts.acquisitions.find((acquisition) => acquisition.site.call === site.call)?.held;
  const heldByOuter = heldAt(outer);
  const heldByInner = heldAt(inner)?.filter((held) => held.call !== outer.call);
  const keys = (held: readonly LockSite[]) => [...new Set(held.map((site) => site.ref.identity.key))].sort().join('|');
  return heldByOuter !== undefined && heldByInner !== undefined && keys(heldByOuter) === keys(heldByInner);
}

/** A return, throw, or a break/continue leaving the statement, outside nested functions. */
function leavesEarly(statement: ts.Statement): boolean {
  const visit = (node: ts.Node, inLoop: boolean): boolean => {
    if (ts.isFunctionLike(node) || ts.isClassLike(node)) return false;
    if (ts.isReturnStatement(node) || ts.isThrowStatement(node)) return true;
    if (ts.isBreakOrContinueStatement(node) && (node.label !== undefined || !inLoop)) return true;
    const loop = inLoop || ts.isIterationStatement(node, false) || ts.isSwitchStatement(node);
    return ts.forEachChild(node, (child) => visit(child, loop) || undefined) === true;
  };
  return visit(statement, false);
}

/** The names a statement assigns anywhere (`x = …`, `x++`, `this.field = …`: every identifier of the target). */
function assignedNames(statement: ts.Statement): string[] {
  const names: string[] = [];
  const collect = (target: ts.Node): void => {
    if (ts.isIdentifier(target)) names.push(target.text);
    ts.forEachChild(target, collect);
  };
  const visit = (node: ts.Node): void => {
    if (ts.isBinaryExpression(node) && isAssignmentOperator(node.operatorToken.kind)) collect(node.left);
    if ((ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) &&
      (node.operator === ts.SyntaxKind.PlusPlusToken || node.operator === ts.SyntaxKind.MinusMinusToken)) collect(node.operand);
    ts.forEachChild(node, visit);
  };
  visit(statement);
  return names;
}

function isAssignmentOperator(kind: ts.SyntaxKind): boolean {
  return kind >= ts.SyntaxKind.FirstAssignment && kind <= ts.SyntaxKind.LastAssignment;
}

/** Edits that move a statement to just before another of the same block, on a line of its own when it had one. */
function moveBefore(sourceFile: ts.SourceFile, moved: ts.Statement, anchor: ts.Statement): FixSpec['edits'] {
  const { text } = sourceFile;
  const start = moved.getStart(sourceFile);
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const lineEnd = text.indexOf('\n', moved.getEnd());
  const ownLine = /^[ \t]*$/.test(text.slice(lineStart, start)) && lineEnd >= 0 && /^[ \t]*$/.test(text.slice(moved.getEnd(), lineEnd));
  return [
    { start: anchor.getStart(sourceFile), end: anchor.getStart(sourceFile), newText: `${moved.getText(sourceFile)}\n${indentationOf(sourceFile, anchor)}` },
    ownLine ? { start: lineStart, end: lineEnd + 1, newText: '' } : { start, end: moved.getEnd(), newText: '' },
  ];
}

function nestedScopesSwap(context: RuleContext, outer: LockSite, inner: LockSite): FixSpec['edits'] | undefined {
  const swap = nestedScopes(outer, inner);
  if (!swap) return undefined;
  const [first, second] = swap;
  const text = (node: ts.Node) => node.getText(context.sourceFile);
  return [
    { start: first.getStart(context.sourceFile), end: first.getEnd(), newText: text(second) },
    { start: second.getStart(context.sourceFile), end: second.getEnd(), newText: text(first) },
  ];
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
