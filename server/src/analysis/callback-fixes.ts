// misused-promise's fixes that make the code wait for the work or handle its failure, where today's generic fix
// (an async IIFE with .catch) only silences the finding:
//   xs.forEach(async (x) => …);  in an async function  →  await Promise.all(xs.map(async (x) => …));   (preferred:
//                                                          the same concurrency, now awaited and its failure seen)
//                                                      →  for (const x of xs) …  with await           (one at a time)
//   createServer(handle)  (handle async)               →  createServer((req, res) => void handle(req, res).catch(…))
import ts from 'typescript';
import { arrayForEachCallee } from './array-apis';
import { isInsideAsyncFunction, isUnaryOperandSafe, rejectionHandlerText, replaceNodeEdit, type FixSpec } from './fixes';
import { forEachOwnNodeBelow } from './functions';

type InlineFunction = ts.ArrowFunction | ts.FunctionExpression;

/** For an async callback handed to an array's forEach as a statement of an async function: the awaited forms. */
export function forEachFixes(checker: ts.TypeChecker, sourceFile: ts.SourceFile, callback: InlineFunction): FixSpec[] | undefined {
  const call = callback.parent;
  if (!ts.isCallExpression(call) || call.arguments.length !== 1 || call.arguments[0] !== callback || call.questionDotToken) return undefined;
  const callee = arrayForEachCallee(checker, call);
  const statement = call.parent;
  if (!callee || callee.questionDotToken || !ts.isExpressionStatement(statement) || !isInsideAsyncFunction(statement)) return undefined;
  const items = callee.expression.getText(sourceFile);
  const fixes: FixSpec[] = [{
    title: `Await them all: await Promise.all(${short(items)}.map(…))`,
    preferred: true,
    edits: [replaceNodeEdit(sourceFile, call, `await Promise.all(${items}.map(${callback.getText(sourceFile)}))`)],
  }];
  const loop = forOfLoop(sourceFile, callback, items);
  if (loop) fixes.push({ title: `Await each in turn: for (… of ${short(items)})`, edits: [replaceNodeEdit(sourceFile, statement, loop)] });
  return fixes;
}

/**
 * `for (const x of xs) body`, when the callback's body means the same as a loop body: an arrow (its `this` is the
 * loop's), one parameter without a default or rest, and no `return` of its own (in a loop it would leave the
 * enclosing function, not go on to the next element).
 */
function forOfLoop(sourceFile: ts.SourceFile, callback: InlineFunction, items: string): string | undefined {
  const [parameter, ...others] = callback.parameters;
  if (!ts.isArrowFunction(callback) || !parameter || others.length > 0 || parameter.initializer || parameter.dotDotDotToken) return undefined;
  const binding = parameter.name.getText(sourceFile);
  if (!ts.isBlock(callback.body)) {
    const body = callback.body.getText(sourceFile);
    return `for (const ${binding} of ${items}) await ${isUnaryOperandSafe(callback.body) ? body : `(${body})`};`;
  }
  let returns = false;
  forEachOwnNodeBelow(callback.body, (node) => void (returns ||= ts.isReturnStatement(node)));
  return returns ? undefined : `for (const ${binding} of ${items}) ${callback.body.getText(sourceFile)}`;
}

/**
 * For an async function handed over by name (`createServer(handle)`, `emitter.on('x', this.onX)`): a callback
 * that calls it with the same arguments and handles its rejection. Its parameters are the function's own.
 */
export function wrapReferenceFix(checker: ts.TypeChecker, sourceFile: ts.SourceFile, reference: ts.Identifier | ts.PropertyAccessExpression): FixSpec | undefined {
  const [signature] = checker.getTypeAtLocation(reference).getCallSignatures();
  if (!signature) return undefined;
  const text = reference.getText(sourceFile);
  const taken = new Set(text.split(/[^\p{L}\p{N}_$]+/u));
  const parameters = signature.parameters.map((parameter, index) => {
    // A destructured parameter's symbol is named `__0`: any plain name will do for passing it on.
    const name = /^[A-Za-z_$][\w$]*$/.test(parameter.name) && !taken.has(parameter.name) ? parameter.name : `arg${index}`;
    const declaration = parameter.valueDeclaration;
    return declaration && ts.isParameter(declaration) && declaration.dotDotDotToken ? `...${name}` : name;
  });
  if (new Set(parameters).size !== parameters.length) return undefined;
  const list = parameters.join(', ');
  return {
    title: `Handle its rejection: (${short(list)}) => void ${short(text)}(…).catch(…)`,
    edits: [replaceNodeEdit(sourceFile, reference, `(${list}) => void ${text}(${list}).catch(${rejectionHandlerText(sourceFile)})`)],
  };
}

function short(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ');
  return oneLine.length > 40 ? `${oneLine.slice(0, 39)}…` : oneLine;
}
