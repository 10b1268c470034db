// Functions as units of analysis: which nodes are functions with bodies, which function a node runs in, and a
// walk over a function's own body that does not enter nested functions (those run at another time).
import ts from 'typescript';
import { skipValueWrappers } from './syntax';

export type FunctionWithBody =
  | ts.FunctionDeclaration
  | ts.FunctionExpression
  | ts.ArrowFunction
  | ts.MethodDeclaration
  | ts.ConstructorDeclaration
  | ts.GetAccessorDeclaration
  | ts.SetAccessorDeclaration;

export function isFunctionWithBody(node: ts.Node): node is FunctionWithBody {
  return (
    (ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node) || ts.isArrowFunction(node) ||
      ts.isMethodDeclaration(node) || ts.isConstructorDeclaration(node) || ts.isGetAccessorDeclaration(node) ||
      ts.isSetAccessorDeclaration(node)) &&
    node.body !== undefined
  );
}

export function isAsyncFunction(fn: ts.SignatureDeclaration): boolean {
  return (ts.getCombinedModifierFlags(fn as ts.Declaration) & ts.ModifierFlags.Async) !== 0;
}

export function isGeneratorFunction(fn: ts.SignatureDeclaration): boolean {
  return (ts.isFunctionDeclaration(fn) || ts.isFunctionExpression(fn) || ts.isMethodDeclaration(fn)) && fn.asteriskToken !== undefined;
}

/**
 * The function whose execution runs this node, or undefined at module level. Class property initializers and
 * static blocks count as module level (they run at start-up or construction, not inside a caller's body).
 */
export function enclosingFunction(node: ts.Node): FunctionWithBody | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (isFunctionWithBody(current)) return current;
    if (ts.isClassStaticBlockDeclaration(current) || ts.isPropertyDeclaration(current)) return undefined;
  }
  return undefined;
}

/** Visits the function's body and every node in it, skipping nested functions and classes (they run elsewhere). */
export function forEachOwnNode(fn: FunctionWithBody, visit: (node: ts.Node) => void): void {
  // The body itself too: an arrow's expression body (`async () => save()`) is the call to visit.
  if (fn.body) forEachOwnNodeBelow(fn.body, visit);
}

/** The node and what runs with it: its descendants outside nested functions and classes. */
export function forEachOwnNodeBelow(root: ts.Node, visit: (node: ts.Node) => void): void {
  const walk = (node: ts.Node): void => {
    visit(node);
    if (isFunctionWithBody(node) || ts.isClassLike(node)) return;
    ts.forEachChild(node, walk);
  };
  walk(root);
}

/**
 * The expressions the function can return: its expression body, or the operands of its own `return` statements
 * (found through statements only — a nested function or class sits in an expression or declaration, never in one).
 */
export function returnedExpressions(fn: ts.FunctionLikeDeclaration): ts.Expression[] {
  if (!fn.body) return [];
  if (!ts.isBlock(fn.body)) return [fn.body];
  const returned: ts.Expression[] = [];
  const walk = (node: ts.Node): void => {
    if (ts.isReturnStatement(node)) {
      if (node.expression) returned.push(node.expression);
    } else if (STATEMENT_CONTAINERS.has(node.kind)) {
      ts.forEachChild(node, walk);
    }
  };
  walk(fn.body);
  return returned;
}

/** The nodes a return statement can sit in, short of a function. */
const STATEMENT_CONTAINERS = new Set([
  ts.SyntaxKind.Block, ts.SyntaxKind.IfStatement, ts.SyntaxKind.DoStatement, ts.SyntaxKind.WhileStatement,
  ts.SyntaxKind.ForStatement, ts.SyntaxKind.ForInStatement, ts.SyntaxKind.ForOfStatement, ts.SyntaxKind.TryStatement,
  ts.SyntaxKind.CatchClause, ts.SyntaxKind.SwitchStatement, ts.SyntaxKind.CaseBlock, ts.SyntaxKind.CaseClause,
  ts.SyntaxKind.DefaultClause, ts.SyntaxKind.LabeledStatement, ts.SyntaxKind.WithStatement,
]);

/** Every function with a body in the file, outermost first. */
export function functionsIn(sourceFile: ts.SourceFile): FunctionWithBody[] {
  const found: FunctionWithBody[] = [];
  const walk = (node: ts.Node): void => {
    if (isFunctionWithBody(node)) found.push(node);
    ts.forEachChild(node, walk);
  };
  walk(sourceFile);
  return found;
}

/** A readable name for messages and chains: `render`, `Store.save`, `<anonymous>` for unnamed arrows. */
export function functionName(fn: FunctionWithBody): string {
  const own = fn.name && !ts.isComputedPropertyName(fn.name) ? fn.name.getText() : boundName(fn);
  if (ts.isConstructorDeclaration(fn)) return `${className(fn) ?? '<class>'}.constructor`;
  const owner = ts.isClassLike(fn.parent) ? className(fn) : undefined;
  return owner ? `${owner}.${own ?? '<anonymous>'}` : (own ?? '<anonymous>');
}

function boundName(fn: FunctionWithBody): string | undefined {
  const parent = fn.parent;
  if ((ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) && parent.name && !ts.isComputedPropertyName(parent.name)) {
    return parent.name.getText();
  }
  return undefined;
}

function className(fn: FunctionWithBody): string | undefined {
  const owner = fn.parent;
  return ts.isClassLike(owner) && owner.name ? owner.name.text : undefined;
}

/** A loop with a condition the code controls (while, do, for): what a busy-wait can be. */
export function isLoop(node: ts.Node): node is ts.WhileStatement | ts.DoStatement | ts.ForStatement {
  return ts.isWhileStatement(node) || ts.isDoStatement(node) || ts.isForStatement(node);
}

/** The one thing a callback body does: `x`, `{ return x; }`, `{ await x; }`, `{ return await x; }`. */
export function soleExpression(body: ts.ConciseBody): ts.Expression | undefined {
  let expression: ts.Expression | undefined;
  if (ts.isBlock(body)) {
    if (body.statements.length !== 1) return undefined;
    const only = body.statements[0]!;
    if (ts.isReturnStatement(only) || ts.isExpressionStatement(only)) expression = only.expression;
  } else {
    expression = body;
  }
  expression = expression && skipValueWrappers(expression);
  if (expression && ts.isAwaitExpression(expression)) expression = skipValueWrappers(expression.expression);
  return expression;
}
