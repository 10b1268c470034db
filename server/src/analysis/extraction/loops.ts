// Loops as the model sees them: whose turns are known before run time (a counting `for` over known bounds, a
// for-of over a constant array), what a loop's variable and condition are, whether steps do anything the model
// schedules, and the `yield`s a generator's statements make.
import ts from 'typescript';
import type { Step, StepKind } from '../../../../model/schema';
import { forEachOwnNodeBelow } from '../functions';
import { skipValueWrappers } from '../syntax';
import { MAX_UNROLL } from './costs';
import { evaluate, numberOf, type Bindings, type Bound } from './values';

/**
 * The turns of a loop known before run time: what its variable (a counting loop's index, a for-of's element) is
 * bound to in each, in order; `cut`: how many there were, when more than MAX_UNROLL.
 */
export interface LoopTurns {
  variable: ts.Symbol | undefined;
  values: (Bound | undefined)[];
  cut?: number;
}

/** `for (let i = a; i < b; i++)` (also `<=`, `>`, `>=`, `i--`, `i += k`, `i -= k`) with a, b and k known. */
export function countingTurns(checker: ts.TypeChecker, loop: ts.ForStatement, bindings: Bindings): LoopTurns | undefined {
  const declarations = loop.initializer && ts.isVariableDeclarationList(loop.initializer) ? loop.initializer.declarations : [];
  const [declaration] = declarations;
  if (declarations.length !== 1 || !declaration || !ts.isIdentifier(declaration.name) || !declaration.initializer) return undefined;
  const index = checker.getSymbolAtLocation(declaration.name);
  const start = numberOf(evaluate(checker, declaration.initializer, bindings));
  const step = loop.incrementor && stepOf(checker, loop.incrementor, index, bindings);
  const condition = loop.condition && skipValueWrappers(loop.condition);
  if (!index || start === undefined || !step || !condition || !ts.isBinaryExpression(condition) || !isIndex(checker, condition.left, index)) return undefined;
  const bound = numberOf(evaluate(checker, condition.right, bindings));
  const holds = bound === undefined ? undefined : COMPARISONS.get(condition.operatorToken.kind);
  if (!holds || bound === undefined) return undefined;
  const values: number[] = [];
  for (let value = start; holds(value, bound!); value += step) {
    if (values.length === MAX_UNROLL * 16) return undefined; // counts far past what is modelled: no use telling how far
    values.push(value);
  }
  return cutTurns(index, values.map((value): Bound => ({ value: { kind: 'constant', value } })));
}

/** The turns a loop over these values runs (the first MAX_UNROLL). */
export function cutTurns(variable: ts.Symbol | undefined, values: (Bound | undefined)[]): LoopTurns {
  return values.length > MAX_UNROLL ? { variable, values: values.slice(0, MAX_UNROLL), cut: values.length } : { variable, values };
}

const COMPARISONS = new Map<ts.SyntaxKind, (value: number, bound: number) => boolean>([
  [ts.SyntaxKind.LessThanToken, (value, bound) => value < bound],
  [ts.SyntaxKind.LessThanEqualsToken, (value, bound) => value <= bound],
  [ts.SyntaxKind.GreaterThanToken, (value, bound) => value > bound],
  [ts.SyntaxKind.GreaterThanEqualsToken, (value, bound) => value >= bound],
]);

function isIndex(checker: ts.TypeChecker, expression: ts.Expression, index: ts.Symbol | undefined): boolean {
  const inner = skipValueWrappers(expression);
  return ts.isIdentifier(inner) && checker.getSymbolAtLocation(inner) === index;
}

/** How much the incrementor moves the index each turn (non-zero), when known. */
function stepOf(checker: ts.TypeChecker, incrementor: ts.Expression, index: ts.Symbol | undefined, bindings: Bindings): number | undefined {
  const inner = skipValueWrappers(incrementor);
  if ((ts.isPostfixUnaryExpression(inner) || ts.isPrefixUnaryExpression(inner)) && isIndex(checker, inner.operand, index)) {
    return inner.operator === ts.SyntaxKind.PlusPlusToken ? 1 : inner.operator === ts.SyntaxKind.MinusMinusToken ? -1 : undefined;
  }
  if (!ts.isBinaryExpression(inner) || !isIndex(checker, inner.left, index)) return undefined;
  const amount = numberOf(evaluate(checker, inner.right, bindings));
  const kind = inner.operatorToken.kind;
  const step = amount === undefined ? undefined : kind === ts.SyntaxKind.PlusEqualsToken ? amount : kind === ts.SyntaxKind.MinusEqualsToken ? -amount : undefined;
  return step === 0 ? undefined : step;
}

/** The variable a for-of (or for-in) declares, when it is one name: `x` of `for (const x of xs)`. */
export function loopVariable(checker: ts.TypeChecker, loop: ts.ForOfStatement | ts.ForInStatement): ts.Symbol | undefined {
  const list = loop.initializer;
  const [only] = ts.isVariableDeclarationList(list) ? list.declarations : [];
  return only && ts.isVariableDeclarationList(list) && list.declarations.length === 1 && ts.isIdentifier(only.name) ? checker.getSymbolAtLocation(only.name) : undefined;
}

/** What decides whether a loop runs another turn, when it is an expression. */
export function loopCondition(loop: ts.IterationStatement): ts.Expression | undefined {
  if (ts.isForStatement(loop)) return loop.condition;
  return ts.isWhileStatement(loop) || ts.isDoStatement(loop) ? loop.expression : undefined;
}

/** Whether a loop goes on by itself: `while (true)`, `for (;;)` (a break, a return or the cut ends it). */
export function runsForever(checker: ts.TypeChecker, loop: ts.IterationStatement, bindings: Bindings): boolean {
  const condition = loopCondition(loop);
  if (condition === undefined) return ts.isForStatement(loop);
  const value = evaluate(checker, condition, bindings);
  return value?.kind === 'constant' && value.value === true;
}

/** Steps the scheduler does something with (io and blocking only take time): what makes a loop worth its turns. */
export function hasModelStep(steps: readonly Step[]): boolean {
  return steps.some((step) => {
    if (step.kind === 'call') return hasModelStep(step.steps);
    if (step.kind === 'branch') return step.alternatives.some((alternative) => hasModelStep(alternative.steps));
    return SCHEDULED.has(step.kind);
  });
}

const SCHEDULED = new Set<StepKind>(['acquire', 'release', 'timer', 'spawn', 'join', 'wait', 'signal']);

/** The `yield` a statement is: `yield x;`, `const v = yield x;`, `v = yield x;` (the consumer's turn runs after it). */
export function yieldOf(statement: ts.Statement): ts.YieldExpression | undefined {
  let expression: ts.Expression | undefined;
  if (ts.isExpressionStatement(statement)) expression = skipValueWrappers(statement.expression);
  else if (ts.isVariableStatement(statement) && statement.declarationList.declarations.length === 1) expression = statement.declarationList.declarations[0]!.initializer;
  if (expression && ts.isBinaryExpression(expression) && expression.operatorToken.kind === ts.SyntaxKind.EqualsToken) expression = expression.right;
  const inner = expression && skipValueWrappers(expression);
  return inner && ts.isYieldExpression(inner) ? inner : undefined;
}

/** Whether a statement yields (outside nested functions). */
export function yieldsIn(statement: ts.Statement): boolean {
  let yields = false;
  forEachOwnNodeBelow(statement, (node) => (yields ||= ts.isYieldExpression(node)));
  return yields;
}
