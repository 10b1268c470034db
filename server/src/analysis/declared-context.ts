// A cheap first answer to "could this position expect a void-returning callback?", read from declarations —
// the callee's declared parameters, annotations, a typed object's properties — without resolving any call. The
// checker's contextual type is exact, but for an argument it resolves the call: it infers type arguments and
// checks every argument, function bodies included, which on generic-heavy code cost more than tsc's whole check.
// Wherever the declarations leave the answer to instantiation (a type parameter, `Events[K]`), or the position
// is one this module does not read, the answer is "maybe" and the caller asks the checker.
import ts from 'typescript';
import { calleeTypeOf, isTypedByItsOwnRules } from './calls';
import { isAsyncFunction, isGeneratorFunction, returnedExpressions } from './functions';
import { constituents, generatorKind, isThenableType } from './promise-types';
import { perProgramMemo } from './summaries';

/** false only when no declared expectation of the position can be a void-returning callback. */
export function mayExpectVoidCallback(checker: ts.TypeChecker, node: ts.Expression | ts.MethodDeclaration): boolean {
  const expected = declaredExpectations(checker, node);
  return expected === undefined || expected.some((type) => mayBeVoidCallback(checker, type));
}

/**
 * The types the position is declared to expect: [] when nothing types it (so it has no contextual type),
 * undefined when that cannot be told without the checker's resolution.
 */
function declaredExpectations(checker: ts.TypeChecker, node: ts.Node): ts.Type[] | undefined {
  // Every member of an object literal, every return of a function asks about the same outer position.
  const known = perProgramMemo(checker, 'declared-expectations', () => new WeakMap<ts.Node, ts.Type[] | undefined>());
  if (!known.has(node)) known.set(node, expectationsOf(checker, node));
  return known.get(node);
}

function expectationsOf(checker: ts.TypeChecker, node: ts.Node): ts.Type[] | undefined {
  const parent = node.parent;
  if (node.flags & ts.NodeFlags.JavaScriptFile) return undefined; // JSDoc can type any of these positions
  if (ts.isParenthesizedExpression(parent)) return declaredExpectations(checker, parent);
  if ((ts.isCallExpression(parent) || ts.isNewExpression(parent)) && parent.expression !== node) {
    return argumentExpectations(checker, parent, parent.arguments!.indexOf(node as ts.Expression));
  }
  if (ts.isReturnStatement(parent)) {
    const fn = ts.findAncestor(parent.parent, ts.isFunctionLike);
    return fn && returnExpectations(checker, fn);
  }
  if (ts.isArrowFunction(parent) && parent.body === node) return returnExpectations(checker, parent);
  if (ts.isVariableDeclaration(parent) && parent.initializer === node) return parent.type ? [checker.getTypeFromTypeNode(parent.type)] : [];
  if (ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken && parent.right === node) {
    return [checker.getTypeAtLocation(parent.left)];
  }
  if (ts.isMethodDeclaration(node) && ts.isObjectLiteralExpression(parent)) return memberExpectations(checker, node, parent);
  if ((ts.isPropertyAssignment(parent) && parent.initializer === node) || ts.isShorthandPropertyAssignment(parent)) {
    return memberExpectations(checker, parent, parent.parent);
  }
  return undefined;
}

/** An argument: the declared parameter at its index in every call (or construct) signature of the callee. */
function argumentExpectations(checker: ts.TypeChecker, call: ts.CallExpression | ts.NewExpression, index: number): ts.Type[] | undefined {
  if (index < 0 || isTypedByItsOwnRules(call)) return undefined;
  const calleeType = calleeTypeOf(checker, call);
  const types: ts.Type[] = [];
  for (const member of calleeType.isUnion() ? calleeType.types : [calleeType]) {
    if (isGeneric(member)) return undefined;
    for (const signature of ts.isNewExpression(call) ? member.getConstructSignatures() : member.getCallSignatures()) {
      const parameter = parameterTypeAt(checker, signature, index);
      if (parameter === 'unknown') return undefined;
      if (parameter) types.push(parameter);
    }
  }
  return types;
}

function parameterTypeAt(checker: ts.TypeChecker, signature: ts.Signature, index: number): ts.Type | undefined | 'unknown' {
  const parameters = signature.getParameters();
  const last = parameters.at(-1);
  const lastDeclaration = last?.valueDeclaration;
  const hasRest = lastDeclaration !== undefined && ts.isParameter(lastDeclaration) && lastDeclaration.dotDotDotToken !== undefined;
  if (index < parameters.length - (hasRest ? 1 : 0)) return checker.getTypeOfSymbol(parameters[index]!);
  if (!hasRest) return undefined;
  const rest = checker.getTypeOfSymbol(last!);
  if (checker.isArrayType(rest)) return checker.getTypeArguments(rest as ts.TypeReference)[0];
  return 'unknown'; // a tuple or a type parameter: the checker knows which element lands here
}

/** What a function's return expressions are expected to be: its annotation, else what its own context expects it to return. */
function returnExpectations(checker: ts.TypeChecker, fn: ts.SignatureDeclaration): ts.Type[] | undefined {
  if (fn.type) {
    const annotated = checker.getTypeFromTypeNode(fn.type);
    if (isGeneratorFunction(fn)) return undefined;
    return [isAsyncFunction(fn) ? (checker.getAwaitedType(annotated) ?? annotated) : annotated];
  }
  if (ts.isFunctionDeclaration(fn) || (ts.isMethodDeclaration(fn) && !ts.isObjectLiteralExpression(fn.parent)) || ts.isConstructorDeclaration(fn)) return [];
  if ((!ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn)) || isGeneratorFunction(fn)) return undefined;
  const outer = declaredExpectations(checker, fn);
  if (outer === undefined || outer.some(isGeneric)) return undefined;
  // An async function's awaited expectation needs the type arguments (`Promise<void>` → void).
  const returnOf = (signature: ts.Signature) => (isAsyncFunction(fn) ? signature.getReturnType() : returnShapeOf(checker, signature));
  const returned = outer.flatMap((type) => possibleCallSignatures(type).map(returnOf));
  return isAsyncFunction(fn) ? returned.map((type) => checker.getAwaitedType(type) ?? type) : returned;
}

/** An object literal's member: the property of that name on each type the literal itself is expected to be. */
function memberExpectations(checker: ts.TypeChecker, member: ts.ObjectLiteralElementLike, literal: ts.ObjectLiteralExpression): ts.Type[] | undefined {
  if (!member.name || !(ts.isIdentifier(member.name) || ts.isStringLiteral(member.name))) return undefined;
  const outer = declaredExpectations(checker, literal);
  if (outer === undefined) return undefined;
  const types: ts.Type[] = [];
  for (const type of outer.flatMap(constituents)) {
    if (isGeneric(type)) return undefined;
    if (!(type.flags & ts.TypeFlags.Object) && !type.isIntersection()) continue; // undefined, null, primitives: no members
    const property = checker.getPropertyOfType(type, member.name.text);
    if (!property) return undefined; // an index signature, or a mapped type the checker resolves later
    types.push(annotatedTypeOf(checker, property));
  }
  return types;
}

/**
 * A property's type as its one declaration annotates it (`call: (args: CallParameters<chain>) => Promise<…>`),
 * type parameters left in place: instantiating every member of a large generic object type (viem's
 * PublicActions) costs more than the rest of the rule, and what the callers ask (void? callable? generic?)
 * comes out the same or "maybe". Anything else (methods, mapped or merged members): the instantiated type.
 */
function annotatedTypeOf(checker: ts.TypeChecker, property: ts.Symbol): ts.Type {
  const declarations = property.getDeclarations();
  const declaration = declarations?.length === 1 ? declarations[0] : undefined;
  return declaration && (ts.isPropertySignature(declaration) || ts.isPropertyDeclaration(declaration)) && declaration.type
    ? checker.getTypeFromTypeNode(declaration.type)
    : checker.getTypeOfSymbol(property);
}

/**
 * false only when the value certainly is not a function that can return a thenable, judged from declarations:
 * an inline function by its annotation or else by what it returns, a call's declared return, or the declared
 * type of a name or property (a reference's own type would run flow analysis, which resolves every call before it
 * that might be an assertion). Narrowing removes union members, so a declared type without a thenable-returning
 * signature (and not `any`, `unknown` or generic) does not gain one — short of a type guard narrowing a function
 * to a subtype that returns a promise, which this does not follow (docs/rules/misused-promise.md, Limits).
 */
export function mayReturnThenable(checker: ts.TypeChecker, value: ts.Expression | ts.MethodDeclaration): boolean {
  if (ts.isArrowFunction(value) || ts.isFunctionExpression(value) || ts.isMethodDeclaration(value)) {
    if (isAsyncFunction(value)) return true;
    if (isGeneratorFunction(value)) return false;
    if (value.type) return mayBeThenable(checker, checker.getTypeFromTypeNode(value.type));
    return returnedExpressions(value).some((returned) => mayBeThenableValue(checker, returned));
  }
  if (ts.isParenthesizedExpression(value)) return mayReturnThenable(checker, value.expression);
  if (ts.isConditionalExpression(value)) return mayReturnThenable(checker, value.whenTrue) || mayReturnThenable(checker, value.whenFalse);
  if (ts.isCallExpression(value) || ts.isNewExpression(value)) return callMayReturnThenableFunction(checker, value);
  const name = ts.isPropertyAccessExpression(value) ? value.name : value;
  if (!ts.isIdentifier(name)) return true;
  const symbol = ts.isShorthandPropertyAssignment(name.parent) && name.parent.name === name
    ? checker.getShorthandAssignmentValueSymbol(name.parent)
    : checker.getSymbolAtLocation(name);
  if (!symbol) return true;
  const declared = checker.getTypeOfSymbol(symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol);
  return mayBeThenableFunction(checker, declared);
}

/**
 * false only when the expression's value certainly is not a thenable, judged without inference: what it is made
 * of (literals, operators that yield primitives, `void`), a call's declared returns, an assertion's type. Names
 * and anything else may be: narrowing can add a `then` to a declared type (`isPromiseLike(x) && x`).
 */
function mayBeThenableValue(checker: ts.TypeChecker, expression: ts.Expression): boolean {
  if (ts.isParenthesizedExpression(expression) || ts.isNonNullExpression(expression)) return mayBeThenableValue(checker, expression.expression);
  if (ts.isAsExpression(expression) || ts.isSatisfiesExpression(expression) || ts.isTypeAssertionExpression(expression)) {
    return mayBeThenable(checker, checker.getTypeFromTypeNode(expression.type));
  }
  if (ts.isConditionalExpression(expression)) return mayBeThenableValue(checker, expression.whenTrue) || mayBeThenableValue(checker, expression.whenFalse);
  if (ts.isCallExpression(expression) || ts.isNewExpression(expression)) {
    if (isTypedByItsOwnRules(expression)) return true;
    const signatures = declaredSignatures(checker, expression);
    return signatures.length === 0 ? ts.isNewExpression(expression) : signatures.some((signature) => mayBeThenable(checker, returnShapeOf(checker, signature)));
  }
  if (ts.isBinaryExpression(expression)) return binaryMayBeThenable(checker, expression);
  if (ts.isPrefixUnaryExpression(expression) || ts.isPostfixUnaryExpression(expression) || ts.isVoidExpression(expression) ||
    ts.isTypeOfExpression(expression) || ts.isDeleteExpression(expression)) return false;
  return !(ts.isLiteralExpression(expression) || ts.isTemplateExpression(expression) || ts.isArrayLiteralExpression(expression) ||
    ts.isFunctionLike(expression) || ts.isClassExpression(expression) || expression.kind === ts.SyntaxKind.TrueKeyword ||
    expression.kind === ts.SyntaxKind.FalseKeyword || expression.kind === ts.SyntaxKind.NullKeyword);
}

/** `a || b`, `a ?? b`, `a && b`: either operand; `a, b`: the last; `x = v`: the value; `x ||= v`: maybe; others yield primitives. */
function binaryMayBeThenable(checker: ts.TypeChecker, expression: ts.BinaryExpression): boolean {
  const operator = expression.operatorToken.kind;
  if (operator === ts.SyntaxKind.BarBarToken || operator === ts.SyntaxKind.QuestionQuestionToken || operator === ts.SyntaxKind.AmpersandAmpersandToken) {
    return mayBeThenableValue(checker, expression.left) || mayBeThenableValue(checker, expression.right);
  }
  if (operator === ts.SyntaxKind.CommaToken || operator === ts.SyntaxKind.EqualsToken) return mayBeThenableValue(checker, expression.right);
  return LOGICAL_ASSIGNMENTS.has(operator);
}

/** Compound assignments whose result can be the assigned value (`x ||= promise`); the others compute a primitive. */
const LOGICAL_ASSIGNMENTS = new Set([ts.SyntaxKind.BarBarEqualsToken, ts.SyntaxKind.QuestionQuestionEqualsToken, ts.SyntaxKind.AmpersandAmpersandEqualsToken]);

/**
 * Whether a value of this declared type can be a function returning a thenable (or something still open). A
 * conditional type becomes one of its branches, instantiated: object-literal branches (viem's
 * `GetChainParameter<chain>`) never gain a call signature, so only the branches' own shapes count.
 */
function mayBeThenableFunction(checker: ts.TypeChecker, type: ts.Type, depth = 0): boolean {
  return constituents(type).some((member) => {
    if (member.flags & ts.TypeFlags.Conditional && depth < MAX_BRANCH_DEPTH) {
      const { node } = (member as ts.ConditionalType).root;
      return [node.trueType, node.falseType].some((branch) => mayBeThenableFunction(checker, checker.getTypeFromTypeNode(branch), depth + 1));
    }
    return isOpen(member) || possibleCallSignatures(member).some((signature) => mayBeThenable(checker, returnShapeOf(checker, signature)));
  });
}

/** Conditional types nest (`A extends X ? B : C extends Y ? …`); past this depth a branch counts as open. */
const MAX_BRANCH_DEPTH = 8;

/**
 * A call's result handed on as a callback (`xs.forEach(makeHandler())`): only a callee declared to return a
 * thenable-returning function, or something open, can make it one. The result's own type would resolve the call
 * (`new Map([...thousands of entries])` costs seconds).
 */
function callMayReturnThenableFunction(checker: ts.TypeChecker, call: ts.CallExpression | ts.NewExpression): boolean {
  if (isTypedByItsOwnRules(call)) return true;
  const signatures = declaredSignatures(checker, call);
  return signatures.length === 0 || signatures.some((signature) => mayBeThenableFunction(checker, returnShapeOf(checker, signature)));
}

/** The callee's declared call signatures (construct signatures for `new`), from its type without resolving the call. */
function declaredSignatures(checker: ts.TypeChecker, call: ts.CallExpression | ts.NewExpression): readonly ts.Signature[] {
  return constituents(calleeTypeOf(checker, call)).flatMap((member) => ts.isNewExpression(call) ? member.getConstructSignatures() : member.getCallSignatures());
}

/**
 * false only when no declared signature of the callee returns something a dropped statement could lose: a
 * thenable, an array of them, a generator — or a type left to instantiation. Asking for the call's own type
 * would resolve it: infer type arguments and check every argument. The resolved type is one of the declared
 * returns, instantiated, so `any` and `unknown` returns (never reported) and callees without signatures (`any`,
 * `Function`: the call is `any`) need no resolution; `require()` and a JavaScript constructor function's `new`
 * are typed by the checker's own rules.
 */
export function mayReturnDroppable(checker: ts.TypeChecker, program: ts.Program, call: ts.CallExpression | ts.NewExpression): boolean {
  if (isTypedByItsOwnRules(call)) return true;
  if (ts.isIdentifier(call.expression) && call.expression.text === 'require') return true;
  const signatures = declaredSignatures(checker, call);
  if (signatures.length === 0) return ts.isNewExpression(call);
  const droppable = (type: ts.Type) => isGeneric(type) || isThenableType(checker, type);
  return signatures.some((signature) => {
    const returned = signature.getReturnType();
    return droppable(returned) || generatorKind(program, returned) !== undefined ||
      constituents(returned).some((member) =>
        (checker.isArrayType(member) || checker.isTupleType(member)) &&
        checker.getTypeArguments(member as ts.TypeReference).some(droppable));
  });
}

/**
 * Every call signature the type can have, resolving no more than needed: an intersection has its members' (the
 * checker drops them only when the intersection reduces to never, which it decides by computing every property —
 * viem's `Client` has hundreds), a union its members', a mapped type none at all.
 */
function possibleCallSignatures(type: ts.Type): readonly ts.Signature[] {
  if (type.isUnionOrIntersection()) return type.types.flatMap(possibleCallSignatures);
  if (type.flags & ts.TypeFlags.Object && (type as ts.ObjectType).objectFlags & ts.ObjectFlags.Mapped) return [];
  return type.getCallSignatures();
}

/** Thenable, or a type that might become or hide one: any, unknown, generic. */
function mayBeThenable(checker: ts.TypeChecker, type: ts.Type): boolean {
  return isOpen(type) || isThenableType(checker, type);
}

function isOpen(type: ts.Type): boolean {
  return isGeneric(type) || constituents(type).some((member) => (member.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) !== 0);
}

/** A type whose members depend on an instantiation: only the checker's resolution of the call can tell. */
function isGeneric(type: ts.Type): boolean {
  const genericFlags = ts.TypeFlags.TypeParameter | ts.TypeFlags.IndexedAccess | ts.TypeFlags.Conditional | ts.TypeFlags.Substitution | ts.TypeFlags.Index;
  return constituents(type).some((member) => (member.flags & genericFlags) !== 0);
}

/** Some call signature returns void, or returns something instantiation decides. */
function mayBeVoidCallback(checker: ts.TypeChecker, type: ts.Type): boolean {
  if (isGeneric(type)) return true;
  return constituents(type).some((member) =>
    possibleCallSignatures(member).some((signature) => {
      const returned = returnShapeOf(checker, signature);
      return (returned.flags & ts.TypeFlags.Void) !== 0 || isGeneric(returned);
    }),
  );
}

/**
 * What a signature returns, as far as these checks look (void? callable? thenable? a type parameter?): when its
 * annotation names an interface or class (`Promise<…>`), that declared type — none of those answers depends on
 * the type arguments, and resolving them can cost more than everything else (viem's
 * `Promise<ReadContractReturnType<abi, …>>`). Otherwise the checker's return type.
 */
function returnShapeOf(checker: ts.TypeChecker, signature: ts.Signature): ts.Type {
  const declaration = signature.getDeclaration() as ts.SignatureDeclaration | ts.JSDocSignature | undefined;
  const annotation = declaration && !ts.isJSDocSignature(declaration) ? declaration.type : undefined;
  if (annotation && ts.isTypeReferenceNode(annotation)) {
    const symbol = checker.getSymbolAtLocation(annotation.typeName);
    const target = symbol && symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
    if (target && target.flags & (ts.SymbolFlags.Interface | ts.SymbolFlags.Class)) return checker.getDeclaredTypeOfSymbol(target);
  }
  return signature.getReturnType();
}
