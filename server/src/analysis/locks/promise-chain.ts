// A lock written by hand as a chain of promises: a function that waits for the promise left in a slot by the
// previous caller, then runs its callback, and leaves in the same slot a promise of its own run for the next
// caller — `this.tail = this.tail.then(() => task())`, or a keyed one, `LOCKS[name] = (async () => { await
// previous; return fn(); })()` after `const previous = LOCKS[name]`. Its callers run one at a time per slot, so
// the function is a wrapper that holds the slot's lock while the callback runs. Found by data flow alone: the
// slot read, the slot written, the callback parameter called, and what depends on what.
import ts from 'typescript';
import { enclosingFunction, type FunctionWithBody } from '../functions';
import { perProgramMemo } from '../summaries';
import { sameSlot, skipValueWrappers } from '../syntax';
import { slotLockRef, type LockRef } from './identity';

export interface PromiseChainLock {
  /** The slot the chain's tail is kept in (as written to). */
  slot: ts.ElementAccessExpression | ts.PropertyAccessExpression;
  ref: LockRef;
  /** The callback parameter, and its calls that run once the previous holder is done. */
  callbackIndex: number;
  runs: ts.CallExpression[];
}

/** How many variables a dependency is followed through (`previous` → `previousHandled` → the awaited race). */
const MAX_DEPENDENCY_DEPTH = 4;

/**
 * The chain fn keeps, if it keeps one; asked once per program and function (the lock seeds ask it of every
 * candidate, the lock facts of the one walked), the declarations it read told to each asker.
 */
export function promiseChainLock(program: ts.Program, fn: FunctionWithBody, dependsOn: (node: ts.Node) => void): PromiseChainLock | undefined {
  const known = perProgramMemo(program, 'promise-chain-locks', () => new Map<FunctionWithBody, { chain?: PromiseChainLock; read: ts.Node[] }>());
  let found = known.get(fn);
  if (!found) {
    const read: ts.Node[] = [];
    known.set(fn, (found = { chain: findChain(program.getTypeChecker(), fn, (node) => read.push(node)), read }));
  }
  found.read.forEach(dependsOn);
  return found.chain;
}

function findChain(checker: ts.TypeChecker, fn: FunctionWithBody, dependsOn: (node: ts.Node) => void): PromiseChainLock | undefined {
  const body = fn.body;
  if (!body) return undefined;
  const { writes, slotReads, parameterCalls, waits } = collect(checker, fn, body);
  for (const write of writes) {
    const reads = slotReads.filter((read) => read !== write.left && sameSlot(checker, read, write.left));
    for (const [index, runs] of parameterCalls) {
      const waited = runs.filter((run) => reads.some((read) => waitsFor(checker, fn, run, read, waits)));
      if (waited.length === 0 || !runs.some((run) => dependsOnNode(checker, fn, write.right, run, 0))) continue;
      const ref = slotLockRef(checker, write.left, dependsOn);
      if (ref) return { slot: write.left, ref, callbackIndex: index, runs: waited };
    }
  }
  return undefined;
}

interface Collected {
  writes: (ts.BinaryExpression & { left: ts.ElementAccessExpression | ts.PropertyAccessExpression })[];
  slotReads: (ts.ElementAccessExpression | ts.PropertyAccessExpression)[];
  /** Calls of each of fn's own parameters whose promise is waited for, by index. */
  parameterCalls: Map<number, ts.CallExpression[]>;
  /** What is waited for before going on: `await x`, and `x.then(cb)` (cb runs after x). */
  waits: { waited: ts.Expression; node: ts.AwaitExpression | ts.CallExpression }[];
}

function collect(checker: ts.TypeChecker, fn: FunctionWithBody, body: ts.Node): Collected {
  const found: Collected = { writes: [], slotReads: [], parameterCalls: new Map(), waits: [] };
  const parameterNames = new Set(fn.parameters.flatMap((parameter) => (ts.isIdentifier(parameter.name) ? [parameter.name.text] : [])));
  const visit = (node: ts.Node): void => {
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && isSlot(node.left)) {
      found.writes.push(node as Collected['writes'][number]);
    } else if (isSlot(node)) {
      found.slotReads.push(node);
    }
    if (ts.isAwaitExpression(node)) found.waits.push({ waited: node.expression, node });
    if (ts.isCallExpression(node)) {
      const callee = skipValueWrappers(node.expression);
      if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'then') found.waits.push({ waited: callee.expression, node });
      const index = ts.isIdentifier(callee) && parameterNames.has(callee.text) && isWaitedFor(node) ? parameterIndex(checker, fn, callee) : undefined;
      if (index !== undefined) found.parameterCalls.set(index, [...(found.parameterCalls.get(index) ?? []), node]);
    }
    ts.forEachChild(node, visit);
  };
  visit(body);
  return found;
}

function isSlot(node: ts.Node): node is ts.ElementAccessExpression | ts.PropertyAccessExpression {
  return ts.isElementAccessExpression(node) || (ts.isPropertyAccessExpression(node) && !ts.isCallExpression(node.parent));
}

/** The callback's own promise is what its caller goes on with: awaited, returned, or an arrow's value (`() => task()`). */
function isWaitedFor(run: ts.CallExpression): boolean {
  let node: ts.Node = run;
  while (ts.isParenthesizedExpression(node.parent) || ts.isAwaitExpression(node.parent)) node = node.parent;
  return ts.isReturnStatement(node.parent) || (ts.isArrowFunction(node.parent) && node.parent.body === node) ||
    (ts.isAwaitExpression(node) && ts.isExpressionStatement(node.parent));
}

function parameterIndex(checker: ts.TypeChecker, fn: FunctionWithBody, identifier: ts.Identifier): number | undefined {
  const declaration = checker.getSymbolAtLocation(identifier)?.valueDeclaration;
  return declaration && ts.isParameter(declaration) && declaration.parent === fn ? fn.parameters.indexOf(declaration) : undefined;
}

/**
 * The run starts only after the previous holder's promise (read from the slot) settles: it follows, in its own
 * function, an await of something that depends on the read, or it is inside the callback of such a `then`.
 */
function waitsFor(checker: ts.TypeChecker, fn: FunctionWithBody, run: ts.CallExpression, read: ts.Expression, waits: Collected['waits']): boolean {
  return waits.some(({ waited, node }) => {
    const before = ts.isAwaitExpression(node)
      ? node.end <= run.pos && enclosingFunction(node) === enclosingFunction(run)
      : node.arguments.some((argument) => argument.pos <= run.pos && run.end <= argument.end);
    return before && dependsOnNode(checker, fn, waited, read, 0);
  });
}


/** Whether `expression`'s value is made from `target`: it contains it, or reads a variable of fn made from it. */
function dependsOnNode(checker: ts.TypeChecker, fn: FunctionWithBody, expression: ts.Node, target: ts.Node, depth: number): boolean {
  if (expression.pos <= target.pos && target.end <= expression.end) return true;
  if (depth >= MAX_DEPENDENCY_DEPTH) return false;
  let found = false;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isIdentifier(node) && !(ts.isPropertyAccessExpression(node.parent) && node.parent.name === node)) {
      const declaration = checker.getSymbolAtLocation(node)?.valueDeclaration;
      const isLocal = declaration && ts.isVariableDeclaration(declaration) && declaration.initializer &&
        fn.pos <= declaration.pos && declaration.end <= fn.end;
      if (isLocal && dependsOnNode(checker, fn, declaration.initializer!, target, depth + 1)) found = true;
    }
    ts.forEachChild(node, visit);
  };
  visit(expression);
  return found;
}
