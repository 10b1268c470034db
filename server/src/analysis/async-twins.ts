// Quick fixes for blocking-in-async: replace a blocking call by the awaited call of its async twin, where one
// exists with the same arguments and the same result type — the fixed code must type-check unchanged around it.
// Offered only where `await` is valid (the call sits directly in an async function, not in a sync callback),
// and only for direct calls: a chain through sync helpers needs those helpers made async, which is a refactor.
import ts from 'typescript';
import type { BlockingApi } from './blocking-apis';
import { moduleNameOf } from './blocking-apis';
import { importEdits, isInsideAsyncFunction, mergeInsertions, needsParenthesesAsUnary, type Edit, type FixSpec, type NeededImport } from './fixes';
import type { RuleContext } from './types';

/**
 * fs *Sync functions whose node:fs/promises twin takes the same arguments (a path, not a file descriptor) and
 * resolves to the same type. statSync/lstatSync are left out: their `throwIfNoEntry` option has no twin.
 */
const FS_TWINS: Record<string, string> = {
  readFileSync: 'readFile', writeFileSync: 'writeFile', appendFileSync: 'appendFile', readdirSync: 'readdir',
  mkdirSync: 'mkdir', rmSync: 'rm', rmdirSync: 'rmdir', unlinkSync: 'unlink', renameSync: 'rename',
  copyFileSync: 'copyFile', accessSync: 'access', realpathSync: 'realpath', mkdtempSync: 'mkdtemp',
  readlinkSync: 'readlink', chmodSync: 'chmod',
};

/** execSync options that exec also takes (`input` and `stdio` exist only for the sync form). */
const EXEC_OPTIONS = new Set(['cwd', 'env', 'uid', 'gid', 'windowsHide', 'timeout', 'shell', 'maxBuffer', 'killSignal', 'encoding']);

type BlockingCall = ts.CallExpression | ts.NewExpression;

export function asyncTwinFixes(context: RuleContext, call: BlockingCall, api: BlockingApi): FixSpec[] {
  if (!ts.isCallExpression(call) || !isInsideAsyncFunction(call) || call.questionDotToken) return [];
  if (api.origin !== 'node') return [];
  const fix = api.owner === 'fs' ? fsTwinFix(context, call, api.name) : api.name === 'execSync' ? execTwinFix(context, call) : undefined;
  return fix ? [fix] : [];
}

/** `readFileSync(p, 'utf8')` → `await readFile(p, 'utf8')` (imported from node:fs/promises), or `fs.promises.readFile`. */
function fsTwinFix(context: RuleContext, call: ts.CallExpression, syncName: string): FixSpec | undefined {
  const twin = FS_TWINS[syncName];
  const path = call.arguments[0];
  if (!twin || !path || !isStringTyped(context.checker, path)) return undefined;
  const callee = calleeText(context, call, { module: 'node:fs/promises', name: twin }, (receiver) => `${receiver}.promises.${twin}`, 'promises');
  if (!callee) return undefined;
  const awaited = `await ${callee.text}(${argumentsText(context.sourceFile, call)})`;
  const text = needsParenthesesAsUnary(call) ? `(${awaited})` : awaited;
  return {
    title: `Await ${callee.text.includes('.promises.') ? callee.text : `${twin} from node:fs/promises`} instead`,
    edits: [...callee.imports, replaceCall(context.sourceFile, call, text)],
    preferred: true,
  };
}

/**
 * `execSync(cmd, { encoding: 'utf8' })` → `(await promisify(exec)(cmd, { encoding: 'utf8' })).stdout`: both are
 * strings, both throw on a failing command. Offered only when execSync returns a string (an encoding is given)
 * and its options are a literal exec also understands; a Buffer result has no equal-typed twin.
 */
function execTwinFix(context: RuleContext, call: ts.CallExpression): FixSpec | undefined {
  const { checker, sourceFile } = context;
  const [command, options, ...rest] = call.arguments;
  if (!command || !options || rest.length > 0 || !ts.isObjectLiteralExpression(options)) return undefined;
  if (!(checker.getTypeAtLocation(call).flags & ts.TypeFlags.String)) return undefined;
  const onlyExecOptions = options.properties.every((property) =>
    (ts.isPropertyAssignment(property) || ts.isShorthandPropertyAssignment(property)) && ts.isIdentifier(property.name) &&
    EXEC_OPTIONS.has(property.name.text));
  if (!onlyExecOptions) return undefined;
  const exec = calleeText(context, call, { module: 'node:child_process', name: 'exec' }, (receiver) => `${receiver}.exec`, 'exec');
  const promisify = importEdits(checker, call, { module: 'node:util', name: 'promisify' }, (symbol) => isExportOf(context.program, symbol, 'util', 'promisify'));
  if (!exec || !promisify) return undefined;
  const text = `(await promisify(${exec.text})(${argumentsText(sourceFile, call)})).stdout`;
  return {
    title: 'Await the promisified exec instead (its stdout)',
    edits: [...mergeInsertions([...promisify, ...exec.imports]), replaceCall(sourceFile, call, text)],
    preferred: true,
  };
}

/**
 * How to name the twin at the call: through the same receiver when the call is `x.syncName(…)` and x has the
 * twin's member (`fs.promises`, `cp.exec`), else by the twin's own name, imported if it is not in scope yet.
 */
function calleeText(
  context: RuleContext,
  call: ts.CallExpression,
  twin: NeededImport,
  throughReceiver: (receiver: string) => string,
  receiverMember: string,
): { text: string; imports: Edit[] } | undefined {
  const callee = call.expression;
  if (ts.isPropertyAccessExpression(callee)) {
    const receiverType = context.checker.getTypeAtLocation(callee.expression);
    if (!context.checker.getPropertyOfType(receiverType, receiverMember)) return undefined;
    return { text: throughReceiver(callee.expression.getText(context.sourceFile)), imports: [] };
  }
  const twinModule = twin.module.replace(/^node:/, '');
  const imports = importEdits(context.checker, call, twin, (symbol) => isExportOf(context.program, symbol, twinModule, twin.name));
  return imports ? { text: twin.name, imports } : undefined;
}

/** Whether the symbol is `name` as the module (e.g. fs/promises) declares it. */
function isExportOf(program: ts.Program, symbol: ts.Symbol, module: string, name: string): boolean {
  return symbol.name === name && (symbol.getDeclarations() ?? []).some((declaration) => moduleNameOf(program, declaration) === module);
}

function isStringTyped(checker: ts.TypeChecker, node: ts.Expression): boolean {
  const type = checker.getTypeAtLocation(node);
  return (type.isUnion() ? type.types : [type]).every((member) => (member.flags & ts.TypeFlags.StringLike) !== 0);
}

/** The arguments exactly as written, comments and trailing commas included. */
function argumentsText(sourceFile: ts.SourceFile, call: ts.CallExpression): string {
  return sourceFile.text.slice(call.arguments.pos, call.arguments.end).trim();
}

function replaceCall(sourceFile: ts.SourceFile, call: ts.CallExpression, newText: string): Edit {
  return { start: call.getStart(sourceFile), end: call.getEnd(), newText };
}
