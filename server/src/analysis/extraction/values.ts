// Values known before run time, for one task instance: what its parameters were called with (`philosopher(3)`,
// `transfer(alice, bob)`), the index of the loop that started it, and what constants and consts say. Enough to
// name which lock of a family an instance takes (`forks[(i + 1) % N]` is forks 4 for philosopher 3) and to read a
// timer's delay — never a general interpreter: anything else is unknown (undefined), and the caller says so.
// `this` in a method is bound like a parameter, under the method's symbol: the receiver of the call (`alice` in
// `alice.transferTo(bob)`).
import ts from 'typescript';
import type { FunctionWithBody } from '../functions';
import { declarationKey, isDefaultLibraryMember, MAP_TYPES } from '../locks/identity';
import { skipValueWrappers } from '../syntax';

/** A number, string or boolean; an object named by the declaration that made it and a path from it; a tuple. */
export type Value =
  | { kind: 'constant'; value: number | string | boolean }
  | ObjectValue
  | { kind: 'tuple'; elements: readonly (Value | undefined)[] };

export interface ObjectValue {
  kind: 'object';
  /** Equal for the same object in every instance: the root declaration's key and the path from it. */
  key: string;
  /** For people: `forks[3]`, `alice.lock`. */
  text: string;
  root: ts.Declaration;
  /** The expression that made the root object (`new Account(1)`, `{ id: 1 }`), to read its fields. */
  made?: { expression: ts.Expression; bindings: Bindings };
  /** The path from the root is empty: the object is the root itself. */
  isRoot: boolean;
}

/** What the parameters (and loop indexes) of the code being walked are bound to. */
export type Bindings = ReadonlyMap<ts.Symbol, Bound>;
export type Bound = { argument: ts.Expression; bindings: Bindings } | { value: Value };
export const NO_BINDINGS: Bindings = new Map();

/** How many consts, aliases and bound arguments are followed for one value. */
const MAX_DEPTH = 12;

export function evaluate(checker: ts.TypeChecker, expression: ts.Expression, bindings: Bindings, depth = 0): Value | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const inner = skipValueWrappers(expression);
  const next = (node: ts.Expression, scope: Bindings = bindings) => evaluate(checker, node, scope, depth + 1);
  if (ts.isNumericLiteral(inner)) return constant(Number(inner.text));
  if (ts.isStringLiteralLike(inner)) return constant(inner.text);
  if (inner.kind === ts.SyntaxKind.TrueKeyword || inner.kind === ts.SyntaxKind.FalseKeyword) return constant(inner.kind === ts.SyntaxKind.TrueKeyword);
  if (ts.isPrefixUnaryExpression(inner) && inner.operator === ts.SyntaxKind.MinusToken) {
    const operand = numberOf(next(inner.operand));
    return operand === undefined ? undefined : constant(-operand);
  }
  if (ts.isIdentifier(inner)) return identifierValue(checker, inner, bindings, depth);
  if (inner.kind === ts.SyntaxKind.ThisKeyword) return receiverValue(checker, inner, bindings, depth);
  if (ts.isBinaryExpression(inner)) return binary(inner.operatorToken.kind, next(inner.left), next(inner.right));
  if (ts.isConditionalExpression(inner)) {
    const condition = next(inner.condition);
    return condition?.kind === 'constant' ? next(condition.value ? inner.whenTrue : inner.whenFalse) : undefined;
  }
  if (ts.isArrayLiteralExpression(inner) && !inner.elements.some(ts.isSpreadElement)) return { kind: 'tuple', elements: inner.elements.map((element) => next(element)) };
  if (ts.isPropertyAccessExpression(inner)) return member(checker, next(inner.expression), inner.name.text, depth);
  if (ts.isElementAccessExpression(inner)) {
    const container = next(inner.expression);
    const index = next(inner.argumentExpression);
    const position = numberOf(index);
    if (container?.kind === 'tuple' && position !== undefined) return container.elements[position];
    return container?.kind === 'object' && index?.kind === 'constant' ? entry(container, index.value) : undefined;
  }
  if (ts.isCallExpression(inner)) return callValue(checker, inner, next);
  return undefined;
}

/** A number known before run time. */
export function numberOf(value: Value | undefined): number | undefined {
  return value?.kind === 'constant' && typeof value.value === 'number' ? value.value : undefined;
}

/** How people read a value: `3`, `'db'`, `alice`. */
export function describeValue(value: Value | undefined): string {
  if (value === undefined) return '?';
  if (value.kind === 'object') return value.text;
  if (value.kind === 'tuple') return `[${value.elements.map(describeValue).join(', ')}]`;
  return typeof value.value === 'string' ? `'${value.value}'` : String(value.value);
}

/** The key `this` is bound under in a method's bindings (its own symbol); undefined for what has no receiver. */
export function receiverSymbol(checker: ts.TypeChecker, fn: FunctionWithBody): ts.Symbol | undefined {
  if (!ts.isMethodDeclaration(fn) || !ts.isClassLike(fn.parent) || (ts.getCombinedModifierFlags(fn) & ts.ModifierFlags.Static) !== 0) return undefined;
  return checker.getSymbolAtLocation(fn.name);
}

/** `this`: what the call of the method it is in (arrows see through to it) was made on, when bound. */
function receiverValue(checker: ts.TypeChecker, node: ts.Node, bindings: Bindings, depth: number): Value | undefined {
  let owner = node.parent;
  while (!ts.isSourceFile(owner) && (ts.isArrowFunction(owner) || !ts.isFunctionLike(owner))) owner = owner.parent;
  const symbol = ts.isMethodDeclaration(owner) ? receiverSymbol(checker, owner) : undefined;
  const bound = symbol && bindings.get(symbol);
  return bound && boundValue(checker, bound, depth + 1);
}

/** What a parameter, loop index or receiver is bound to. */
export function boundValue(checker: ts.TypeChecker, bound: Bound, depth = 0): Value | undefined {
  return 'value' in bound ? bound.value : evaluate(checker, bound.argument, bound.bindings, depth);
}

const constant = (value: number | string | boolean): Value => ({ kind: 'constant', value });

function identifierValue(checker: ts.TypeChecker, name: ts.Identifier, bindings: Bindings, depth: number): Value | undefined {
  let symbol = checker.getSymbolAtLocation(name);
  if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
  const bound = symbol && bindings.get(symbol);
  if (bound) return boundValue(checker, bound, depth + 1);
  const declaration = symbol?.valueDeclaration;
  if (declaration && ts.isBindingElement(declaration) && ts.isArrayBindingPattern(declaration.parent)) return destructured(checker, declaration, bindings, depth);
  if (declaration && ts.isVariableDeclaration(declaration) && isConst(declaration) && declaration.initializer) {
    const initializer = skipValueWrappers(declaration.initializer);
    const value = makesAnObject(initializer) ? undefined : evaluate(checker, initializer, bindings, depth + 1);
    if (value || !(makesAnObject(initializer) || ts.isCallExpression(initializer))) return value;
    return { kind: 'object', key: declarationKey(declaration), text: name.text, root: declaration, made: { expression: initializer, bindings }, isRoot: true };
  }
  const type = checker.getTypeAtLocation(name);
  if (type.isNumberLiteral() || type.isStringLiteral()) return constant(type.value);
  return undefined;
}

/** `const [first, second] = a.id < b.id ? [a, b] : [b, a]`: the element the binding takes. */
function destructured(checker: ts.TypeChecker, element: ts.BindingElement, bindings: Bindings, depth: number): Value | undefined {
  const pattern = element.parent as ts.ArrayBindingPattern;
  const variable = pattern.parent;
  if (!ts.isVariableDeclaration(variable) || !variable.initializer || element.dotDotDotToken) return undefined;
  const tuple = evaluate(checker, variable.initializer, bindings, depth + 1);
  return tuple?.kind === 'tuple' ? tuple.elements[pattern.elements.indexOf(element)] : undefined;
}

/**
 * A new object, array or instance: the const holding it names it (`const alice = new Account(1)`); so does a
 * call whose value is not known (`const forks = Array.from(…)`).
 */
function makesAnObject(initializer: ts.Expression): boolean {
  return ts.isNewExpression(initializer) || ts.isObjectLiteralExpression(initializer) || ts.isArrayLiteralExpression(initializer);
}

/** `x.name`: a field written where x was made, when it is a constant; else the member object `x.name`. */
function member(checker: ts.TypeChecker, object: Value | undefined, name: string, depth: number): Value | undefined {
  if (object?.kind === 'tuple') return name === 'length' ? constant(object.elements.length) : undefined;
  if (object?.kind !== 'object') return undefined;
  const field = object.made && fieldWritten(checker, object.made.expression, name);
  const value = field && evaluate(checker, field, object.made!.bindings, depth + 1);
  if (value?.kind === 'constant') return value;
  return { kind: 'object', key: `${object.key}.${name}`, text: `${object.text}.${name}`, root: object.root, isRoot: false };
}

/** The expression a field starts with: an object literal's property, or what `new C(…)` passes a parameter property. */
function fieldWritten(checker: ts.TypeChecker, made: ts.Expression, name: string): ts.Expression | undefined {
  if (ts.isObjectLiteralExpression(made)) {
    const property = made.properties.find((each) => ts.isPropertyAssignment(each) && each.name.getText() === name);
    return property && ts.isPropertyAssignment(property) ? property.initializer : undefined;
  }
  if (!ts.isNewExpression(made)) return undefined;
  const declaration = checker.getSymbolAtLocation(made.expression)?.valueDeclaration;
  if (!declaration || !ts.isClassDeclaration(declaration)) return undefined;
  const constructor = declaration.members.find(ts.isConstructorDeclaration);
  const index = constructor?.parameters.findIndex((parameter) => ts.isIdentifier(parameter.name) && parameter.name.text === name &&
    ts.isParameterPropertyDeclaration(parameter, constructor));
  return index !== undefined && index >= 0 ? made.arguments?.[index] : undefined;
}

/** `forks[3]`, `accounts.get('alice')`: one member of a container, named by its index or key. */
function entry(container: ObjectValue, index: number | string | boolean): ObjectValue {
  const shown = typeof index === 'string' ? `'${index}'` : String(index);
  return { kind: 'object', key: `${container.key}[${shown}]`, text: `${container.text}[${shown}]`, root: container.root, isRoot: false };
}

/** `Math.min`/`Math.max` of numbers, `map.get(key)` of a default-library Map. */
function callValue(checker: ts.TypeChecker, call: ts.CallExpression, next: (node: ts.Expression) => Value | undefined): Value | undefined {
  const callee = skipValueWrappers(call.expression);
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  if ((callee.name.text === 'min' || callee.name.text === 'max') && isDefaultLibraryMember(checker, callee.name, MATH_TYPES)) {
    const numbers = call.arguments.map((argument) => numberOf(next(argument)));
    if (numbers.length === 0 || numbers.some((n) => n === undefined)) return undefined;
    return constant(callee.name.text === 'min' ? Math.min(...(numbers as number[])) : Math.max(...(numbers as number[])));
  }
  if (callee.name.text === 'get' && call.arguments.length === 1 && isDefaultLibraryMember(checker, callee.name, MAP_TYPES)) {
    const map = next(callee.expression);
    const key = next(call.arguments[0]!);
    return map?.kind === 'object' && key?.kind === 'constant' ? entry(map, key.value) : undefined;
  }
  return undefined;
}

const MATH_TYPES = new Set(['Math']);

function binary(operator: ts.SyntaxKind, left: Value | undefined, right: Value | undefined): Value | undefined {
  if (left?.kind === 'object' && right?.kind === 'object' && (operator === ts.SyntaxKind.EqualsEqualsEqualsToken || operator === ts.SyntaxKind.ExclamationEqualsEqualsToken)) {
    return constant((left.key === right.key) === (operator === ts.SyntaxKind.EqualsEqualsEqualsToken));
  }
  if (left?.kind !== 'constant' || right?.kind !== 'constant') return undefined;
  const [a, b] = [left.value, right.value];
  if (typeof a === 'number' && typeof b === 'number') {
    const arithmetic = ARITHMETIC.get(operator);
    if (arithmetic) {
      const value = arithmetic(a, b);
      return Number.isFinite(value) ? constant(value) : undefined;
    }
  }
  if (typeof a !== typeof b) return undefined;
  switch (operator) {
    case ts.SyntaxKind.LessThanToken: return constant(a < b);
    case ts.SyntaxKind.LessThanEqualsToken: return constant(a <= b);
    case ts.SyntaxKind.GreaterThanToken: return constant(a > b);
    case ts.SyntaxKind.GreaterThanEqualsToken: return constant(a >= b);
    case ts.SyntaxKind.EqualsEqualsEqualsToken: return constant(a === b);
    case ts.SyntaxKind.ExclamationEqualsEqualsToken: return constant(a !== b);
    default: return undefined;
  }
}

const ARITHMETIC = new Map<ts.SyntaxKind, (a: number, b: number) => number>([
  [ts.SyntaxKind.PlusToken, (a, b) => a + b],
  [ts.SyntaxKind.MinusToken, (a, b) => a - b],
  [ts.SyntaxKind.AsteriskToken, (a, b) => a * b],
  [ts.SyntaxKind.SlashToken, (a, b) => a / b],
  [ts.SyntaxKind.PercentToken, (a, b) => a % b],
]);

function isConst(declaration: ts.VariableDeclaration): boolean {
  return ts.isVariableDeclarationList(declaration.parent) && (declaration.parent.flags & ts.NodeFlags.Const) !== 0;
}
