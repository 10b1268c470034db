// floating-promise: an unawaited coroutine. An expression statement creates a promise, thenable, array of
// promises, or generator object and drops it — nothing waits for it and nothing hears if it fails.
import ts from 'typescript';
import { clippedText, isShortCircuit, oneLineText, SHORT_TEXT_LENGTH, skipValueWrappers } from '../syntax';
import {
  appendCatchEdits, isInsideAsyncFunction, prefixEdits, replaceNodeEdit, surroundEdits, type FixSpec,
} from '../fixes';
import {
  generatorKind, hasCatchMethod, isNullableType, isThenableArrayType, isThenableType, type GeneratorKind,
} from '../promise-types';
import { dropsOnlyAwaitedElements } from '../awaited-elements';
import { mayReturnDroppable } from '../declared-context';
import { returnedExpressions } from '../functions';
import { lockApiCall, type LockApiCall } from '../locks/api';
import type { Rule, RuleContext } from '../types';

/** What was dropped, which decides the message and the fixes. */
type Dropped =
  | { kind: 'promise'; how: 'created' | 'then-without-rejection' | 'finally' | 'async-iife'; thenableName?: string }
  | { kind: 'array' }
  /** A scoped lock request whose callback returns a promise it makes: the lock is held until that settles. */
  | { kind: 'lock-hold'; lock: string }
  | { kind: 'generator'; generator: GeneratorKind };

export const floatingPromise: Rule = {
  meta: {
    id: 'floating-promise',
    description: 'A promise, thenable, array of promises, or generator object created and dropped (an unawaited coroutine).',
    defaultSeverity: 'error',
    eslintTwins: ['@typescript-eslint/no-floating-promises', 'typescript/no-floating-promises'],
  },
  check(context) {
    const visit = (node: ts.Node): void => {
      if (ts.isExpressionStatement(node)) checkStatement(context, node);
      ts.forEachChild(node, visit);
    };
    visit(context.sourceFile);
  },
};

function checkStatement(context: RuleContext, statement: ts.ExpressionStatement): void {
  for (const operand of discardedOperands(statement.expression)) {
    const dropped = classify(context, operand);
    if (!dropped) continue;
    if (dropped.kind === 'promise' && dropped.how === 'async-iife' && context.settings.floatingPromise.ignoreAsyncIife) continue;
    context.report(operand, messageFor(dropped, operand), { fixes: fixesFor(context, dropped, operand, statement) });
  }
}

/**
 * The sub-expressions whose values a statement throws away. `a, b` drops both; `c ? a : b` drops either branch;
 * `a || b` and `a ?? b` drop both (either may be the value); `a && b` drops `b` — a promise on the left of `&&`
 * is tsc's own TS2801 ("always true"), not repeated here. Parentheses are looked through.
 */
function* discardedOperands(expression: ts.Expression): Generator<ts.Expression> {
  if (ts.isParenthesizedExpression(expression)) {
    yield* discardedOperands(expression.expression);
  } else if (ts.isConditionalExpression(expression)) {
    yield* discardedOperands(expression.whenTrue);
    yield* discardedOperands(expression.whenFalse);
  } else if (ts.isBinaryExpression(expression) && expression.operatorToken.kind === ts.SyntaxKind.CommaToken) {
    yield* discardedOperands(expression.left);
    yield* discardedOperands(expression.right);
  } else if (ts.isBinaryExpression(expression) && isShortCircuit(expression.operatorToken.kind)) {
    if (expression.operatorToken.kind !== ts.SyntaxKind.AmpersandAmpersandToken) yield* discardedOperands(expression.left);
    yield* discardedOperands(expression.right);
  } else {
    yield expression;
  }
}

/**
 * Whether the statement creates this value (a call, `new`, `import()`, a tagged template, an array literal of
 * such) rather than merely reading one that already exists — reading `p;` is pointless but loses nothing.
 */
function isCreatedHere(expression: ts.Expression): boolean {
  const inner = skipValueWrappers(expression);
  if (ts.isCallExpression(inner) || ts.isNewExpression(inner) || ts.isTaggedTemplateExpression(inner)) return true;
  if (ts.isArrayLiteralExpression(inner)) {
    return inner.elements.some((element) => isCreatedHere(ts.isSpreadElement(element) ? element.expression : element));
  }
  return false;
}

function classify(context: RuleContext, operand: ts.Expression): Dropped | undefined {
  if (!isCreatedHere(operand)) return undefined;
  const { checker, program } = context;
  if ((ts.isCallExpression(operand) || ts.isNewExpression(operand)) && !mayReturnDroppable(checker, program, operand)) return undefined;
  const type = checker.getTypeAtLocation(operand);
  const generator = generatorKind(program, type);
  if (generator) return { kind: 'generator', generator };
  if (isThenableType(checker, type)) return classifyThenable(context, skipValueWrappers(operand), type);
  if (isThenableArrayType(checker, type)) {
    const inner = skipValueWrappers(operand);
    return ts.isCallExpression(inner) && dropsOnlyAwaitedElements(checker, inner) ? undefined : { kind: 'array' };
  }
  return undefined;
}

function classifyThenable(context: RuleContext, inner: ts.Expression, type: ts.Type): Dropped | undefined {
  if (ts.isCallExpression(inner) && isRejectionHandled(context.checker, inner)) return undefined;
  const hold = ts.isCallExpression(inner) ? lockHold(context, inner) : undefined;
  if (hold) return hold;
  const thenableName = isStandardPromise(context.program, type) ? undefined : context.checker.typeToString(type);
  return { kind: 'promise', how: howCreated(inner), thenableName };
}

/**
 * The hold idiom, `navigator.locks.request(name, () => new Promise((resolve) => { release = resolve; }))` left
 * unawaited on purpose: a scoped lock operation (the lock model's, by declaration) whose callback returns a
 * promise it creates with `new`, which someone settles later to release the lock.
 */
function lockHold(context: RuleContext, call: ts.CallExpression): Dropped | undefined {
  const operation = lockApiCall(context.checker, context.program, call, context.settings.locks);
  if (operation?.kind !== 'scoped' || !operation.callback) return undefined;
  const callback = skipValueWrappers(operation.callback);
  if (!ts.isArrowFunction(callback) && !ts.isFunctionExpression(callback)) return undefined;
  const makesItsPromise = returnedExpressions(callback).some((returned) => ts.isNewExpression(skipValueWrappers(returned)));
  return makesItsPromise ? { kind: 'lock-hold', lock: heldLockText(operation) } : undefined;
}

/** `Web Lock 'profile'` for a library's one namespace of keys (as the lock rules label it), else the lock as written: `mutex`, `lock 'k'`. */
function heldLockText(operation: LockApiCall): string {
  const keys = operation.library.keys;
  const holder = keys?.scope === 'per-library' ? keys.label : operation.receiver && clippedText(operation.receiver);
  const key = operation.key && clippedText(operation.key);
  return [holder, key].filter(Boolean).join(' ') || operation.library.name;
}

function howCreated(inner: ts.Expression): Extract<Dropped, { kind: 'promise' }>['how'] {
  if (!ts.isCallExpression(inner)) return 'created';
  if (isAsyncFunctionExpression(skipValueWrappers(inner.expression))) return 'async-iife';
  const method = promiseMethodCall(inner);
  if (method?.name === 'then') return 'then-without-rejection';
  if (method?.name === 'finally') return 'finally';
  return 'created';
}

function isAsyncFunctionExpression(node: ts.Expression): boolean {
  return (ts.isArrowFunction(node) || ts.isFunctionExpression(node)) &&
    (ts.getCombinedModifierFlags(node) & ts.ModifierFlags.Async) !== 0;
}

/** `receiver.then(…)` / `.catch(…)` / `.finally(…)`, with the receiver and the method name. */
function promiseMethodCall(call: ts.CallExpression): { receiver: ts.Expression; name: string } | undefined {
  const callee = call.expression;
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  const name = callee.name.text;
  return name === 'then' || name === 'catch' || name === 'finally' ? { receiver: callee.expression, name } : undefined;
}

/**
 * A chain ends handled when it ends in `.catch(handler)` or `.then(ok, handler)`. `.finally(f)` passes a
 * rejection through, so it is handled exactly when its receiver is: `p.catch(h).finally(f)`.
 */
function isRejectionHandled(checker: ts.TypeChecker, call: ts.CallExpression): boolean {
  const method = promiseMethodCall(call);
  if (!method) return false;
  if (method.name === 'catch') return isRejectionHandler(checker, call.arguments[0]);
  if (method.name === 'then') return isRejectionHandler(checker, call.arguments[1]);
  const receiver = skipValueWrappers(method.receiver);
  return ts.isCallExpression(receiver) && isRejectionHandled(checker, receiver);
}

/** A handler argument that is actually a function (or `any`): `.catch(undefined)` handles nothing. */
function isRejectionHandler(checker: ts.TypeChecker, argument: ts.Expression | undefined): boolean {
  if (!argument || ts.isSpreadElement(argument)) return false;
  const type = checker.getTypeAtLocation(argument);
  if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return true;
  return (type.isUnion() ? type.types : [type]).some((member) => member.getCallSignatures().length > 0);
}

function isStandardPromise(program: ts.Program, type: ts.Type): boolean {
  return (type.isUnion() ? type.types : [type]).some((member) => {
    const symbol = member.getSymbol();
    return symbol?.getName() === 'Promise' &&
      (symbol.getDeclarations() ?? []).some((declaration) => program.isSourceFileDefaultLibrary(declaration.getSourceFile()));
  });
}

/** A short name for what produced the value: `save(…)`, `client.query(…)`, `new Worker(…)`. */
function describe(operand: ts.Expression): string {
  const inner = skipValueWrappers(operand);
  if (ts.isCallExpression(inner) && inner.expression.kind === ts.SyntaxKind.ImportKeyword) return '`import(…)`';
  if (ts.isCallExpression(inner) || ts.isNewExpression(inner)) {
    const callee = shortText(inner.expression);
    const prefix = ts.isNewExpression(inner) ? 'new ' : '';
    const args = inner.arguments && inner.arguments.length > 0 ? '(…)' : '()';
    return `\`${prefix}${callee}${args}\``;
  }
  if (ts.isTaggedTemplateExpression(inner)) return `the tagged template \`${shortText(inner.tag)}\``;
  return 'this expression';
}

/** A callee or tag to quote: a long property access keeps its last name (`….query`). */
function shortText(node: ts.Node): string {
  if (ts.isPropertyAccessExpression(node) && oneLineText(node).length > SHORT_TEXT_LENGTH) return `….${node.name.text}`;
  return clippedText(node);
}

const HOW_TO_FIX = 'Await it, return it, add .catch(…), or mark it intentional with void.';

function messageFor(dropped: Dropped, operand: ts.Expression): string {
  const what = describe(operand);
  switch (dropped.kind) {
    case 'generator':
      return dropped.generator === 'generator'
        ? `The generator object from ${what} is dropped: the coroutine never starts — a generator's body runs only while it is iterated. Iterate it (for…of), or remove the call.`
        : `The async generator object from ${what} is dropped: the coroutine never starts — its body runs only while it is iterated. Iterate it with for await…of, or remove the call.`;
    case 'lock-hold':
      return `${what} holds \`${dropped.lock}\` until the promise its callback makes settles, and nothing awaits or handles the request: if the lock cannot be taken (an aborted signal) or is stolen, the rejection is unhandled. When holding the lock is the point (the hold idiom), mark it with void, or add .catch(…); awaiting it would wait until the lock is released.`;
    case 'array':
      return `The array of promises from ${what} is dropped: none of them is awaited or has a rejection handler, so failures are lost and nothing waits for the work. Wrap it in await Promise.all(…) (or Promise.allSettled).`;
    case 'promise':
      return promiseMessage(dropped, what);
  }
}

function promiseMessage(dropped: Extract<Dropped, { kind: 'promise' }>, what: string): string {
  switch (dropped.how) {
    case 'async-iife':
      return `The promise of this async IIFE is dropped: a rejection inside it becomes an unhandled rejection. Add .catch(…), await it, or void it to mark it intentional (lockstep.floatingPromise.ignoreAsyncIife silences these).`;
    case 'then-without-rejection':
      return `The promise from ${what} floats: .then() without a rejection handler still rejects when the promise before it or the handler fails, and nothing handles that. Pass a second (rejection) handler, add .catch(…), or await it.`;
    case 'finally':
      return `The promise from ${what} floats: .finally() passes a rejection through, and nothing handles it. Add .catch(…), or await it.`;
    case 'created': {
      const subject = dropped.thenableName ? `thenable (\`${dropped.thenableName}\`)` : 'promise';
      const lazy = dropped.thenableName ? ' Many thenables (query builders, lazy tasks) do nothing at all until awaited.' : '';
      return `The ${subject} from ${what} is dropped: nothing awaits it or handles its rejection, so a failure becomes an unhandled rejection and the code after it runs before it settles.${lazy} ${HOW_TO_FIX}`;
    }
  }
}

function fixesFor(context: RuleContext, dropped: Dropped, operand: ts.Expression, statement: ts.ExpressionStatement): FixSpec[] {
  const { sourceFile } = context;
  const inAsync = isInsideAsyncFunction(statement);
  switch (dropped.kind) {
    case 'promise':
      return [
        ...(inAsync ? [{ title: 'Add await', edits: prefixEdits(sourceFile, operand, 'await'), preferred: true }] : []),
        { title: 'Add void (the promise is intentionally not awaited)', edits: prefixEdits(sourceFile, operand, 'void') },
        ...catchFixes(context, operand),
      ];
    case 'lock-hold':
      // No await: the code after the request is usually what settles the promise that releases the lock.
      return [
        { title: 'Add void (the lock is held on purpose until its promise settles)', edits: prefixEdits(sourceFile, operand, 'void'), preferred: true },
        ...catchFixes(context, operand),
      ];
    case 'array':
      return [
        ...(inAsync ? [{ title: 'Wrap in await Promise.all(…)', edits: surroundEdits(sourceFile, operand, 'await Promise.all(', ')'), preferred: true }] : []),
        { title: 'Add void (the promises are intentionally not awaited)', edits: prefixEdits(sourceFile, operand, 'void') },
      ];
    case 'generator':
      return generatorFixes(context, dropped.generator, operand, statement, inAsync);
  }
}

/** Offered only where `.catch` exists: a bare PromiseLike thenable has no such method. */
function catchFixes(context: RuleContext, operand: ts.Expression): FixSpec[] {
  const type = context.checker.getTypeAtLocation(operand);
  if (!hasCatchMethod(context.checker, type)) return [];
  const edits = appendCatchEdits(context.sourceFile, operand, isNullableType(type));
  return [{ title: 'Append .catch(…) to handle the rejection', edits }];
}

/**
 * A dropped generator object almost always meant "run this coroutine", so the fix runs it to completion — only
 * when the call is the whole statement (the loop replaces it), and for an async generator only where
 * `for await` is allowed. There is no await or void fix: neither would start the coroutine.
 */
function generatorFixes(
  context: RuleContext, generator: GeneratorKind, operand: ts.Expression, statement: ts.ExpressionStatement, inAsync: boolean,
): FixSpec[] {
  if (skipValueWrappers(statement.expression) !== skipValueWrappers(operand)) return [];
  if (generator === 'async generator' && !inAsync) return [];
  const loop = generator === 'generator' ? 'for' : 'for await';
  const text = `${loop} (const _ of ${operand.getText(context.sourceFile)}) { /* run to completion */ }`;
  return [{ title: `Run the ${generator} to completion (${loop}…of)`, edits: [replaceNodeEdit(context.sourceFile, statement, text)] }];
}
