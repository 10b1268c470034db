// The hand-made reentrant lock (the RLock idea): a wrapper that sets a field while it holds the lock, and runs
// its callback without taking the lock when it finds that field set —
//   if (this.lockAcquired) { …; return fn(); }
//   return this.lock(name, async () => { this.lockAcquired = true; … fn() … });
// A flow that already holds the lock and calls the wrapper again does not take it again: no self-deadlock, and
// no nesting of two members of the lock's family.
import ts from 'typescript';
import { enclosingFunction } from '../functions';
import { skipValueWrappers } from '../syntax';

/** The call takes its lock only when a field its inline callback sets to true is false (checked just before). */
export function isGuardedByOwnerFlag(checker: ts.TypeChecker, call: ts.CallExpression | ts.NewExpression): boolean {
  const callbacks = (call.arguments ?? []).map((argument) => skipValueWrappers(argument)).filter((argument) => ts.isArrowFunction(argument) || ts.isFunctionExpression(argument));
  if (callbacks.length === 0) return false;
  const flags = new Set(callbacks.flatMap((callback) => fieldsSetTrue(checker, callback)));
  if (flags.size === 0) return false;
  const fn = enclosingFunction(call);
  return fn !== undefined && precedingGuards(call, fn).some((guard) => {
    const flag = testedField(checker, guard.expression);
    return flag !== undefined && flags.has(flag) && alwaysLeaves(guard.thenStatement);
  });
}

/** `this.x = true` anywhere in the callback: the field's symbol. */
function fieldsSetTrue(checker: ts.TypeChecker, callback: ts.Node): ts.Symbol[] {
  const found: ts.Symbol[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && node.right.kind === ts.SyntaxKind.TrueKeyword &&
      ts.isPropertyAccessExpression(node.left) && node.left.expression.kind === ts.SyntaxKind.ThisKeyword) {
      const symbol = checker.getSymbolAtLocation(node.left.name);
      if (symbol) found.push(symbol);
    }
    ts.forEachChild(node, visit);
  };
  visit(callback);
  return found;
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
