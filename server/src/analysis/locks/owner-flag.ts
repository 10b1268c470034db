// The hand-made reentrant lock (the RLock idea): a wrapper that sets a field while it holds the lock, and runs
// its callback without taking the lock when it finds that field set —
//   if (this.lockAcquired) { …; return fn(); }
//   return this.lock(name, async () => { this.lockAcquired = true; … fn() … });
// A flow that already holds the lock and calls the wrapper again does not take it again: no self-deadlock, and
// no nesting of two members of the lock's family. The same when the flag is set by a helper that takes the lock
// and returns its release (returned-release.ts), called only while the flag is unset:
//   const release = this.locked ? undefined : await this.lock();
import ts from 'typescript';
import { resolveCallee } from '../calls';
import { enclosingFunction, isFunctionWithBody } from '../functions';
import { skipValueWrappers } from '../syntax';

/**
 * The call takes its lock only when a field it sets to true — in its inline callback, or anywhere in the callee
 * — is false (checked just before, or by the conditional the call is the false branch of).
 */
export function isGuardedByOwnerFlag(checker: ts.TypeChecker, call: ts.CallExpression | ts.NewExpression): boolean {
  const fn = enclosingFunction(call);
  const guards = fn ? guardingFields(checker, call, fn) : [];
  if (guards.length === 0) return false;
  const flags = new Set(flagsSetBy(checker, call));
  return guards.some((field) => flags.has(field));
}

/** The fields set to true by the call's inline callbacks, or by the callee (a helper that takes the lock). */
function flagsSetBy(checker: ts.TypeChecker, call: ts.CallExpression | ts.NewExpression): ts.Symbol[] {
  const callbacks = (call.arguments ?? []).map((argument) => skipValueWrappers(argument)).filter((argument) => ts.isArrowFunction(argument) || ts.isFunctionExpression(argument));
  const callee = resolveCallee(checker, call);
  const setters: ts.Node[] = callee && isFunctionWithBody(callee) ? [...callbacks, callee] : callbacks;
  return setters.flatMap((setter) => fieldsSetTrue(checker, setter));
}

/** `this.x = true` anywhere in the function: the field's symbol. */
function fieldsSetTrue(checker: ts.TypeChecker, setter: ts.Node): ts.Symbol[] {
  const found: ts.Symbol[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && node.right.kind === ts.SyntaxKind.TrueKeyword &&
      ts.isPropertyAccessExpression(node.left) && node.left.expression.kind === ts.SyntaxKind.ThisKeyword) {
      const symbol = checker.getSymbolAtLocation(node.left.name);
      if (symbol) found.push(symbol);
    }
    ts.forEachChild(node, visit);
  };
  visit(setter);
  return found;
}

/** The fields that, set, keep the flow from the call: `if (this.x) return …;` before it, or `this.x ? … : call`. */
function guardingFields(checker: ts.TypeChecker, call: ts.Node, fn: ts.Node): ts.Symbol[] {
  const fields = precedingGuards(call, fn).filter((guard) => alwaysLeaves(guard.thenStatement)).map((guard) => testedField(checker, guard.expression));
  for (let node: ts.Node = call; node.parent && node !== fn && !ts.isStatement(node); node = node.parent) {
    const parent = node.parent;
    if (ts.isConditionalExpression(parent) && parent.whenFalse === node) fields.push(testedField(checker, parent.condition));
  }
  return fields.filter((field): field is ts.Symbol => field !== undefined);
}

/** `if (this.x)`: the field's symbol. */
function testedField(checker: ts.TypeChecker, condition: ts.Expression): ts.Symbol | undefined {
  const inner = skipValueWrappers(condition);
  if (!ts.isPropertyAccessExpression(inner) || inner.expression.kind !== ts.SyntaxKind.ThisKeyword) return undefined;
  return checker.getSymbolAtLocation(inner.name);
}

/** The `if` statements that come before the call in the blocks around it, up to the function's body. */
function precedingGuards(call: ts.Node, fn: ts.Node): ts.IfStatement[] {
  const guards: ts.IfStatement[] = [];
  for (let node: ts.Node = call; node.parent && node !== fn; node = node.parent) {
    const parent = node.parent;
    if (!ts.isBlock(parent)) continue;
    for (const statement of parent.statements) {
      if (statement === node) break;
      if (ts.isIfStatement(statement)) guards.push(statement);
    }
  }
  return guards;
}

/** The branch ends in a return or throw on every path that reaches its end (its last statement is one). */
function alwaysLeaves(statement: ts.Statement): boolean {
  if (ts.isReturnStatement(statement) || ts.isThrowStatement(statement)) return true;
  if (ts.isBlock(statement)) {
    const last = statement.statements.at(-1);
    return last !== undefined && alwaysLeaves(last);
  }
  return false;
}
