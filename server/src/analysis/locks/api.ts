// Which calls are lock operations. Decided by the declaration the called method resolves to — a method of
// async-mutex's Mutex/Semaphore (or their interfaces), async-lock's AsyncLock, the DOM's LockManager, or a type
// the user declared in `lockstep.locks` — never by the spelling of the receiver or the method alone.
import ts from 'typescript';
import { skipValueWrappers } from '../syntax';
import { assignedInstanceType } from './assigned-lock';
import { programMentions, type RelevanceSeeds } from '../call-relevance';
import { perProgramMemo } from '../summaries';
import type { UserLockType } from '../types';

export type LockLibrary = 'async-mutex' | 'async-lock' | 'web-locks' | 'user';

/**
 * The lock libraries that are npm packages, by the name they are imported as. The lock model knows their
 * operations only through their declarations: a file importing one whose types do not resolve has locks it cannot
 * see (unresolved-libraries.ts tells the user so).
 */
export const LOCK_LIBRARY_PACKAGES = ['async-mutex', 'async-lock'] as const satisfies readonly LockLibrary[];

export type LockLibraryPackage = (typeof LOCK_LIBRARY_PACKAGES)[number];

/** The lock library a module specifier imports (`async-mutex`, or a file inside it: `async-mutex/lib/Mutex`), if any. */
export function lockLibraryPackageOf(specifier: string): LockLibraryPackage | undefined {
  return LOCK_LIBRARY_PACKAGES.find((name) => specifier === name || specifier.startsWith(`${name}/`));
}

/**
 * - acquire: `await m.acquire()` — held from here until released (the resolved release function, or `m.release()`);
 * - scoped: `m.runExclusive(cb)`, `lock.acquire(key, cb)`, `navigator.locks.request(name, cb)` — held while cb runs;
 * - release: `m.release()`;
 * - wait: `m.waitForUnlock()` — waits as an acquisition would, but holds nothing afterwards.
 */
export type LockOperationKind = 'acquire' | 'scoped' | 'release' | 'wait';

export interface LockApiCall {
  library: LockLibrary;
  kind: LockOperationKind;
  /** The expression naming the lock object (`m` in `m.acquire()`), or undefined for Web Locks (one per origin). */
  receiver?: ts.Expression;
  /** For keyed locks (async-lock, Web Locks): the key or name argument. */
  key?: ts.Expression;
  /** For scoped operations: the function that runs while the lock is held. */
  callback?: ts.Expression;
  /** Web Locks' `{ mode: 'shared' }`. */
  shared: boolean;
  /** The owning type as declared (`Mutex`, `SemaphoreInterface`, `AsyncLock`, `LockManager`, a user type name). */
  owner: string;
  /** For user-declared types: whether the type says it is reentrant. */
  reentrant: boolean;
}

/** The lock operation this call performs, if it is one. */
export function lockApiCall(checker: ts.TypeChecker, program: ts.Program, call: ts.CallExpression, userTypes: readonly UserLockType[]): LockApiCall | undefined {
  const callee = skipValueWrappers(call.expression);
  if (!ts.isPropertyAccessExpression(callee)) return undefined;
  const method = callee.name.text;
  // A cheap first cut before asking the checker: lock operations only ever have these method names.
  if (!KNOWN_METHODS.has(method) && !userTypes.some((user) => user.acquire === method || user.release === method)) return undefined;
  const owners = declaringOwners(checker, callee);
  for (const owner of owners) {
    const library = libraryOf(program, owner);
    const found = library && libraryCall(library, owner.name, method, call, callee.expression);
    if (found) return found;
  }
  return userCall(checker, callee, owners, userTypes, call);
}

/** Each library's lock methods (what libraryCall below reads). */
const LIBRARY_METHODS: Record<Exclude<LockLibrary, 'user'>, readonly string[]> = {
  'async-mutex': ['acquire', 'runExclusive', 'release', 'waitForUnlock'],
  'async-lock': ['acquire'],
  'web-locks': ['request'],
};
const KNOWN_METHODS = new Set(Object.values(LIBRARY_METHODS).flat());

/**
 * What the lock model's call graph starts from (call-relevance.ts): functions that call a lock method of a library
 * the program can use — async-mutex's or async-lock's when their files are in the program, the user's declared
 * lock types' — or Web Locks' `request` in a file that mentions `locks` or `LockManager` (where else would a
 * LockManager come from). Without any, no call needs resolving: a `client.request()` in lock-free code is not
 * worth a type check.
 */
export function lockRelevanceSeeds(program: ts.Program, userTypes: readonly UserLockType[]): RelevanceSeeds {
  return perProgramMemo(program, `lock-seeds|${JSON.stringify(userTypes)}`, () => computeLockSeeds(program, userTypes));
}

function computeLockSeeds(program: ts.Program, userTypes: readonly UserLockType[]): RelevanceSeeds {
  const libraries = new Set<keyof typeof LIBRARY_METHODS>();
  for (const file of program.getSourceFiles()) {
    const library = /\/node_modules\/(?:@types\/)?(async-mutex|async-lock)\//.exec(file.fileName.replace(/\\/g, '/'))?.[1];
    if (library) libraries.add(library as 'async-mutex' | 'async-lock');
  }
  const methods = new Set([...userTypes.flatMap((user) => [user.acquire, user.release]), ...[...libraries].flatMap((library) => LIBRARY_METHODS[library])]);
  const webLocks = programMentions(program, 'locks') || programMentions(program, 'LockManager');
  const names = [...methods].sort();
  return {
    id: `locks|${names.join(',')}|${webLocks}`,
    enabled: names.length > 0 || webLocks,
    isSeedName: (name, mentionedInFile) => methods.has(name) ||
      (webLocks && LIBRARY_METHODS['web-locks'].includes(name) && (mentionedInFile.has('locks') || mentionedInFile.has('LockManager'))),
    clockLoops: false,
    throughSyncOnly: false,
  };
}

const MUTEX_OWNERS = new Set(['Mutex', 'MutexInterface', 'Semaphore', 'SemaphoreInterface']);

interface Owner {
  name: string;
  declaration: ts.Declaration;
}

/**
 * The classes/interfaces declaring the method this property access resolves to — for a receiver typed `any`,
 * the method of the class its assignments construct (JavaScript's `let lock; … lock = new AsyncLock()`).
 */
function declaringOwners(checker: ts.TypeChecker, callee: ts.PropertyAccessExpression): Owner[] {
  const symbol = checker.getSymbolAtLocation(callee.name) ?? assignedInstanceType(checker, callee.expression)?.getProperty(callee.name.text);
  const owners: Owner[] = [];
  for (const declaration of symbol?.getDeclarations() ?? []) {
    const parent = declaration.parent;
    if ((ts.isClassDeclaration(parent) || ts.isInterfaceDeclaration(parent)) && parent.name) owners.push({ name: parent.name.text, declaration });
  }
  return owners;
}

function libraryOf(program: ts.Program, owner: Owner): LockLibrary | undefined {
  const sourceFile = owner.declaration.getSourceFile();
  const file = sourceFile.fileName.replace(/\\/g, '/');
  if (/\/node_modules\/async-mutex\//.test(file) && MUTEX_OWNERS.has(owner.name)) return 'async-mutex';
  if (/\/node_modules\/(@types\/)?async-lock\//.test(file) && owner.name === 'AsyncLock') return 'async-lock';
  if (owner.name === 'LockManager' && program.isSourceFileDefaultLibrary(sourceFile)) return 'web-locks';
  return undefined;
}

function libraryCall(library: LockLibrary, owner: string, method: string, call: ts.CallExpression, receiver: ts.Expression): LockApiCall | undefined {
  const base = { library, owner, receiver, shared: false, reentrant: false };
  const args = call.arguments;
  switch (library) {
    case 'async-mutex': {
      const kinds: Record<string, LockOperationKind> = { acquire: 'acquire', runExclusive: 'scoped', release: 'release', waitForUnlock: 'wait' };
      const kind = kinds[method];
      return kind && { ...base, kind, callback: kind === 'scoped' ? args[0] : undefined };
    }
    case 'async-lock':
      return method === 'acquire' && args.length >= 2 ? { ...base, kind: 'scoped', key: args[0], callback: args[1] } : undefined;
    case 'web-locks':
      if (method !== 'request' || args.length < 2) return undefined;
      return { ...base, receiver: undefined, kind: 'scoped', key: args[0], callback: args[args.length - 1], shared: args.length >= 3 && isSharedMode(args[1]!) };
    case 'user':
      return undefined;
  }
}

/** `{ mode: 'shared' }` written as an object literal (the usual form). */
function isSharedMode(options: ts.Expression): boolean {
  if (!ts.isObjectLiteralExpression(options)) return false;
  return options.properties.some((property) =>
    ts.isPropertyAssignment(property) && property.name.getText() === 'mode' &&
    ts.isStringLiteralLike(property.initializer) && property.initializer.text === 'shared');
}

/** A method of a user-declared lock type: the method's owner, or the receiver's type or one of its bases, is named so. */
function userCall(
  checker: ts.TypeChecker, callee: ts.PropertyAccessExpression, owners: Owner[], userTypes: readonly UserLockType[], call: ts.CallExpression,
): LockApiCall | undefined {
  if (userTypes.length === 0 || owners.length === 0) return undefined;
  const method = callee.name.text;
  const typeNames = new Set([...owners.map((owner) => owner.name), ...typeAndBaseNames(checker, checker.getTypeAtLocation(callee.expression))]);
  for (const user of userTypes) {
    if (!typeNames.has(user.type)) continue;
    const base = { library: 'user' as const, owner: user.type, receiver: callee.expression, shared: false, reentrant: user.reentrant };
    if (method === user.acquire) {
      return user.style === 'callback'
        ? { ...base, kind: 'scoped', callback: call.arguments[call.arguments.length - 1] }
        : { ...base, kind: 'acquire' };
    }
    if (method === user.release) return { ...base, kind: 'release' };
  }
  return undefined;
}

function typeAndBaseNames(checker: ts.TypeChecker, type: ts.Type): string[] {
  const names: string[] = [];
  const seen = new Set<ts.Type>();
  const visit = (current: ts.Type): void => {
    if (seen.has(current)) return;
    seen.add(current);
    const symbol = current.getSymbol();
    if (symbol) names.push(symbol.getName());
    if (current.isUnion() || current.isIntersection()) current.types.forEach(visit);
    if (current.isClassOrInterface()) checker.getBaseTypes(current).forEach(visit);
    for (const declaration of symbol?.getDeclarations() ?? []) {
      if (!ts.isClassDeclaration(declaration)) continue;
      for (const clause of declaration.heritageClauses ?? []) {
        for (const implemented of clause.types) visit(checker.getTypeAtLocation(implemented));
      }
    }
  };
  visit(type);
  return names;
}

