// Calls that do not throw where they are made, decided by the declaration the callee resolves to — never by its spelling:
// a user's own `log.debug` may throw, loglevel's does not. The lock model asks this of each call between an
// acquisition and its release (a call that may throw there is a way out that leaks the lock).
import ts from 'typescript';
import { calleeSymbol } from './calls';
import { DEFAULT_LIBRARY, declaringModuleOf } from './blocking-apis';
import { skipValueWrappers } from './syntax';

/** Members of one interface that do not throw, as the module (or a default library) that declares it names them. */
interface NonThrowingMembers {
  /** The package or ambient module that declares the interface; `default-library` for lib.*.d.ts. */
  declaredIn: string;
  owners: readonly string[];
  members: ReadonlySet<string>;
}

const KEYED_BOOKKEEPING = new Set(['get', 'set', 'has', 'delete', 'clear', 'add']);
const CONSOLE_OUTPUT = new Set(['log', 'debug', 'info', 'warn', 'error', 'trace', 'dir', 'table', 'group', 'groupEnd', 'count', 'time', 'timeEnd', 'timeLog']);

const NON_THROWING: readonly NonThrowingMembers[] = [
  // The standard collections' bookkeeping.
  { declaredIn: DEFAULT_LIBRARY, owners: ['Map', 'WeakMap', 'Set', 'WeakSet', 'ReadonlyMap', 'ReadonlySet'], members: KEYED_BOOKKEEPING },
  { declaredIn: DEFAULT_LIBRARY, owners: ['Array'], members: new Set(['push', 'pop', 'shift', 'unshift', 'includes', 'indexOf']) },
  // `Promise.all(…)`: a member that fails rejects the promise it returns; the call itself does not throw.
  { declaredIn: DEFAULT_LIBRARY, owners: ['PromiseConstructor'], members: new Set(['all']) },
  // Logging: the DOM's console (lib.dom.d.ts), Node's (@types/node declares it in `declare module "node:console"`),
  // and loglevel's loggers, whose methods are console methods bound at setLevel() (or no-ops).
  { declaredIn: DEFAULT_LIBRARY, owners: ['Console'], members: CONSOLE_OUTPUT },
  { declaredIn: 'console', owners: ['Console'], members: CONSOLE_OUTPUT },
  { declaredIn: 'loglevel', owners: ['Logger', 'RootLogger'], members: new Set(['trace', 'debug', 'log', 'info', 'warn', 'error']) },
];

/**
 * Whether a call is known not to throw: `map.delete(k)`, `console.log(…)`, `logger.debug(…)` on a loglevel logger.
 * The receiver's type decides; an intersection (`log.Logger & { … }`, a logger with extra typings) is one of them
 * if any of its parts declares the member as non-throwing, since the value is that part too.
 */
export function isNonThrowingCall(program: ts.Program, call: ts.CallExpression): boolean {
  const callee = skipValueWrappers(call.expression);
  if (!ts.isPropertyAccessExpression(callee)) return false;
  const checker = program.getTypeChecker();
  const receiver = checker.getTypeAtLocation(callee.expression);
  const parts = receiver.isIntersection() ? receiver.types : [receiver];
  const name = callee.name.text;
  if (parts.some((part) => declaresNonThrowing(program, part.getProperty(name)))) return true;
  return declaresNonThrowing(program, calleeSymbol(checker, callee));
}

/** Every declaration of the member is one of the table's (a union's member is declared by each of its parts). */
function declaresNonThrowing(program: ts.Program, member: ts.Symbol | undefined): boolean {
  const declarations = member?.declarations ?? [];
  return declarations.length > 0 && declarations.every((declaration) => isNonThrowingDeclaration(program, declaration));
}

function isNonThrowingDeclaration(program: ts.Program, declaration: ts.Declaration): boolean {
  const owner = declaration.parent;
  const name = ts.getNameOfDeclaration(declaration);
  if (!name || !ts.isIdentifier(name) || !ts.isInterfaceDeclaration(owner)) return false;
  const declaredIn = declaringModuleOf(program, declaration);
  return NON_THROWING.some((entry) =>
    entry.declaredIn === declaredIn && entry.owners.includes(owner.name.text) && entry.members.has(name.text));
}
