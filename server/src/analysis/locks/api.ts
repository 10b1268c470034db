// Which calls are lock operations. Decided by the declaration a call resolves to — a method, an exported function
// or a call signature that a lock library declares (libraries/), or a method of a type the user declared in
// `lockstep.locks` — never by the spelling of the receiver or the method alone.
import ts from 'typescript';
import { skipValueWrappers } from '../syntax';
import { assignedInstanceType } from './assigned-values';
import { promiseChainCandidates, programMentions, type RelevanceSeeds } from '../call-relevance';
import { isFunctionWithBody } from '../functions';
import { promiseChainLock } from './promise-chain';
import { projectFiles } from '../program-files';
import { perProgramMemo } from '../summaries';
import type { UserLockType } from '../types';
import { BUILT_IN_LOCK_LIBRARIES, isLibraryFile, userLockLibraries, type LockLibrary, type LockOperation, type LockOperationKind, type LockType } from './libraries';

export type { LockOperationKind } from './libraries';

/**
 * The lock libraries that are npm packages, by the name they are imported as. The lock model knows their
 * operations only through their declarations: a file importing one whose types do not resolve has locks it cannot
 * see (unresolved-libraries.ts tells the user so).
 */
export const LOCK_LIBRARY_PACKAGES: readonly string[] = BUILT_IN_LOCK_LIBRARIES.flatMap((library) =>
  'packages' in library.declaredIn ? library.declaredIn.packages : []);

export type LockLibraryPackage = (typeof LOCK_LIBRARY_PACKAGES)[number];

/** The lock library a module specifier imports (`async-mutex`, or a file inside it: `async-mutex/lib/Mutex`), if any. */
export function lockLibraryPackageOf(specifier: string): LockLibraryPackage | undefined {
  return LOCK_LIBRARY_PACKAGES.find((name) => isPackageSpecifier(specifier, name));
}

function isPackageSpecifier(specifier: string, packageName: string): boolean {
  return specifier === packageName || specifier.startsWith(`${packageName}/`);
}

export interface LockApiCall {
  library: LockLibrary;
  type: LockType;
  operation: LockOperation;
  kind: LockOperationKind;
  /** The expression naming the lock object (`m` in `m.acquire()`, `limit` in `limit(fn)`); undefined for a library's own functions. */
  receiver?: ts.Expression;
  /** For keyed locks: the key argument (the element of a one-element list of keys). */
  key?: ts.Expression;
  /** For an operation taking a list of keys in order: the keys of an array literal of several, in that order. */
  keysInOrder?: readonly ts.Expression[];
  /** For scoped operations: the function that runs while the lock is held. */
  callback?: ts.Expression;
  /** Web Locks' `{ mode: 'shared' }`. */
  shared: boolean;
}

/** The lock operation this call performs, if it is one. */
export function lockApiCall(checker: ts.TypeChecker, program: ts.Program, call: ts.CallExpression, userTypes: readonly UserLockType[]): LockApiCall | undefined {
  const callee = skipValueWrappers(call.expression);
  const present = presentLibraries(program, userTypes);
  // Cheap first cuts before asking the checker: the names of methods and functions the libraries declare, and
  // whether the program has a library whose lock is itself called.
  if (ts.isPropertyAccessExpression(callee) && present.operationNames.has(callee.name.text)) {
    const found = declaredOperation(checker, program, present, callee.name, call) ?? userOperation(checker, present, callee, call);
    if (found) return found;
  }
  if (ts.isIdentifier(callee) && present.exportedFunctions) {
    const found = declaredOperation(checker, program, present, callee, call);
    if (found) return found;
  }
  const lock = ts.isIdentifier(callee) || ts.isPropertyAccessExpression(callee) || ts.isElementAccessExpression(callee) ? callee : undefined;
  return lock && present.callSignatures ? calledLock(checker, present, lock, call) : undefined;
}

interface PresentLibraries {
  /** Built-in libraries whose declarations the program has (a default library's: always), then the user's. */
  builtIn: readonly LockLibrary[];
  user: readonly LockLibrary[];
  /** Every operation name of those libraries but `call`. */
  operationNames: ReadonlySet<string>;
  /** Some library's operations are functions its module exports (`lock(file)`). */
  exportedFunctions: boolean;
  /** Some library's lock is called itself (`limit(fn)`). */
  callSignatures: boolean;
}

function presentLibraries(program: ts.Program, userTypes: readonly UserLockType[]): PresentLibraries {
  return perProgramMemo(program, `lock-libraries|${JSON.stringify(userTypes)}`, () => {
    const inProgram = librariesInProgram(program);
    const builtIn = BUILT_IN_LOCK_LIBRARIES.filter((library) => 'defaultLibrary' in library.declaredIn || inProgram.has(library));
    const user = userLockLibraries(userTypes);
    const types = [...builtIn, ...user].flatMap((library) => library.types);
    return {
      builtIn,
      user,
      operationNames: new Set(types.flatMap(operationNamesOf)),
      exportedFunctions: types.some((type) => type.owners === 'module'),
      callSignatures: types.some((type) => CALL in type.operations),
    };
  });
}

/** The operation name that stands for the owner's call signature. */
const CALL = 'call';

function operationNamesOf(type: LockType): string[] {
  return Object.keys(type.operations).filter((name) => name !== CALL);
}

/** The package libraries with a file in the program (declarations of theirs can only come from there). */
function librariesInProgram(program: ts.Program): Set<LockLibrary> {
  return perProgramMemo(program, 'lock-libraries-in-program', () => {
    const found = new Set<LockLibrary>();
    const candidates = BUILT_IN_LOCK_LIBRARIES.filter((library) => 'packages' in library.declaredIn);
    for (const file of program.getSourceFiles()) {
      for (const library of candidates) if (isLibraryFile(library, file.fileName)) found.add(library);
    }
    return found;
  });
}

/**
 * What the lock model's call graph starts from (call-relevance.ts): functions that call a lock operation of a
 * library the program can use — by the operation's name, and for a lock that is called itself (p-limit's
 * `limit(fn)`) through the names its package is imported as (`pLimit`: whatever holds `pLimit(1)` is a lock).
 * A default library's (Web Locks' `request`) only in files that mention it (`locks`, `LockManager`). And functions
 * whose syntax may make a chain of promises a lock (promise-chain.ts). Without any, no call needs resolving: a
 * `client.request()` in lock-free code is not worth a type check.
 */
export function lockRelevanceSeeds(program: ts.Program, userTypes: readonly UserLockType[]): RelevanceSeeds {
  return perProgramMemo(program, `lock-seeds|${JSON.stringify(userTypes)}`, () => computeLockSeeds(program, userTypes));
}

function computeLockSeeds(program: ts.Program, userTypes: readonly UserLockType[]): RelevanceSeeds {
  const present = presentLibraries(program, userTypes);
  const everywhere = new Set<string>();
  const whereMentioned: { names: ReadonlySet<string>; mentions: readonly string[] }[] = [];
  for (const library of [...present.builtIn, ...present.user]) {
    const names = library.types.flatMap(operationNamesOf);
    const { declaredIn } = library;
    if ('defaultLibrary' in declaredIn) {
      if (declaredIn.mentionedAs.some((name) => programMentions(program, name))) whereMentioned.push({ names: new Set(names), mentions: declaredIn.mentionedAs });
      continue;
    }
    names.forEach((name) => everywhere.add(name));
    if ('packages' in declaredIn && library.types.some((type) => CALL in type.operations)) {
      namesImportedFrom(program, declaredIn.packages).forEach((name) => everywhere.add(name));
    }
  }
  const names = [...everywhere].sort();
  // A program without a lock library may still keep its own lock as a chain of promises (promise-chain.ts): only
  // a function that is one, not one whose syntax merely might be, turns the analysis on.
  const chains = promiseChainCandidates(program).some((fn) => isFunctionWithBody(fn) && promiseChainLock(program, fn, () => {}) !== undefined);
  return {
    id: `locks|${names.join(',')}|${whereMentioned.map((entry) => [...entry.names].join(',')).join(';')}|${chains}`,
    enabled: names.length > 0 || whereMentioned.length > 0 || chains,
    isSeedName: (name, mentionedInFile) => everywhere.has(name) ||
      whereMentioned.some((entry) => entry.names.has(name) && entry.mentions.some((mention) => mentionedInFile.has(mention))),
    clockLoops: false,
    promiseChains: true,
    throughSyncOnly: false,
  };
}

/** The local names the program's own files import a package as, or import from it (`import pLimit from 'p-limit'`). */
function namesImportedFrom(program: ts.Program, packages: readonly string[]): string[] {
  const names: string[] = [];
  const isPackage = (specifier: string) => packages.some((name) => isPackageSpecifier(specifier, name));
  for (const fileName of projectFiles(program)) {
    for (const statement of program.getSourceFile(fileName)?.statements ?? []) {
      if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier) || !isPackage(statement.moduleSpecifier.text)) continue;
      const clause = statement.importClause;
      if (clause?.name) names.push(clause.name.text);
      const bindings = clause?.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) names.push(bindings.name.text);
      if (bindings && ts.isNamedImports(bindings)) names.push(...bindings.elements.map((element) => element.name.text));
    }
  }
  return names;
}

interface Owner {
  /** The declaring class, interface or type alias, or `module` for a function a module exports. */
  name: string;
  /** The operation's own name in the library's declarations (`lock` for `import { lock as lockFile }`). */
  operation: string;
  sourceFile: ts.SourceFile;
}

/** A method or exported function of a built-in library: found by where the called name is declared. */
function declaredOperation(checker: ts.TypeChecker, program: ts.Program, present: PresentLibraries, name: ts.MemberName, call: ts.CallExpression): LockApiCall | undefined {
  const callee = skipValueWrappers(call.expression);
  for (const owner of declaringOwners(checker, name)) {
    for (const library of present.builtIn) {
      if (!declares(program, library, owner.sourceFile)) continue;
      for (const type of library.types) {
        const isOwner = type.owners === 'module' ? owner.name === MODULE : type.owners.includes(owner.name);
        const operation = isOwner ? operationNamed(type, owner.operation) : undefined;
        // A module's own function has no lock object; a method's is the object it is called on.
        const receiver = type.owners !== 'module' && ts.isPropertyAccessExpression(callee) ? callee.expression : undefined;
        const found = operation && apiCall(library, type, operation, call, receiver);
        if (found) return found;
      }
    }
  }
  return undefined;
}

const MODULE = 'module';

function operationNamed(type: LockType, name: string): LockOperation | undefined {
  return name !== CALL && Object.hasOwn(type.operations, name) ? type.operations[name] : undefined;
}

function declares(program: ts.Program, library: LockLibrary, sourceFile: ts.SourceFile): boolean {
  return 'defaultLibrary' in library.declaredIn ? program.isSourceFileDefaultLibrary(sourceFile) : isLibraryFile(library, sourceFile.fileName);
}

/**
 * Where the name is declared: the classes, interfaces, type aliases or modules declaring what it resolves to —
 * for a method of a receiver typed `any`, of the class its assignments construct (JavaScript's `let lock; …
 * lock = new AsyncLock()`).
 */
function declaringOwners(checker: ts.TypeChecker, name: ts.MemberName): Owner[] {
  const receiver = ts.isPropertyAccessExpression(name.parent) && name.parent.name === name ? name.parent.expression : undefined;
  let symbol = checker.getSymbolAtLocation(name) ?? (receiver && assignedInstanceType(checker, receiver)?.getProperty(name.text));
  if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
  const owners: Owner[] = [];
  for (const declaration of symbol?.getDeclarations() ?? []) {
    const declaredName = ts.getNameOfDeclaration(declaration);
    const owner = ownerName(declaration);
    if (owner !== undefined && declaredName && ts.isIdentifier(declaredName)) {
      owners.push({ name: owner, operation: declaredName.text, sourceFile: declaration.getSourceFile() });
    }
  }
  return owners;
}

function ownerName(declaration: ts.Node): string | undefined {
  const parent = declaration.parent;
  if ((ts.isClassDeclaration(parent) || ts.isInterfaceDeclaration(parent)) && parent.name) return parent.name.text;
  if (ts.isTypeLiteralNode(parent) && ts.isTypeAliasDeclaration(parent.parent)) return parent.parent.name.text;
  if (ts.isFunctionDeclaration(declaration) && (ts.isSourceFile(parent) || ts.isModuleBlock(parent))) return MODULE;
  return undefined;
}

/** A lock that is called itself (p-limit's `limit(fn)`): its type's call signature is declared by a lock type. */
function calledLock(checker: ts.TypeChecker, present: PresentLibraries, callee: ts.Expression, call: ts.CallExpression): LockApiCall | undefined {
  for (const signature of checker.getTypeAtLocation(callee).getCallSignatures()) {
    const declaration = signature.getDeclaration() as ts.SignatureDeclaration | undefined;
    const owner = declaration && ownerName(declaration);
    if (owner === undefined) continue;
    for (const library of present.builtIn) {
      if (!isLibraryFile(library, declaration!.getSourceFile().fileName)) continue;
      const type = library.types.find((candidate) => candidate.owners !== 'module' && candidate.owners.includes(owner) && CALL in candidate.operations);
      const found = type && apiCall(library, type, type.operations[CALL]!, call, callee);
      if (found) return found;
    }
  }
  return undefined;
}

/** A method of a user-declared lock type: the method's owner, or the receiver's type or one of its bases, is named so. */
function userOperation(checker: ts.TypeChecker, present: PresentLibraries, callee: ts.PropertyAccessExpression, call: ts.CallExpression): LockApiCall | undefined {
  if (present.user.length === 0) return undefined;
  const owners = declaringOwners(checker, callee.name).filter((owner) => owner.name !== MODULE);
  if (owners.length === 0) return undefined;
  const typeNames = new Set([...owners.map((owner) => owner.name), ...typeAndBaseNames(checker, checker.getTypeAtLocation(callee.expression))]);
  for (const library of present.user) {
    for (const type of library.types) {
      if (type.owners === 'module' || !type.owners.some((owner) => typeNames.has(owner))) continue;
      const operation = operationNamed(type, callee.name.text);
      if (operation) return apiCall(library, type, operation, call, callee.expression);
    }
  }
  return undefined;
}

/** The call's arguments read as the operation says (undefined when it has too few to be this operation). */
function apiCall(library: LockLibrary, type: LockType, operation: LockOperation, call: ts.CallExpression, receiver: ts.Expression | undefined): LockApiCall | undefined {
  const args = call.arguments;
  if (operation.minArguments !== undefined && args.length < operation.minArguments) return undefined;
  const callback = operation.callback === 'last' ? args[args.length - 1] : operation.callback === undefined ? undefined : args[operation.callback];
  const keyArgument = operation.key && args[operation.key.argument];
  const list = operation.key?.list;
  const key = keyArgument && list ? onlyElement(keyArgument) : keyArgument;
  const keysInOrder = keyArgument && list === 'in-order' ? elementsOf(keyArgument) : undefined;
  const options = operation.sharedModeArgument;
  const shared = options !== undefined && args.length > options + 1 && isSharedMode(args[options]!);
  return { library, type, operation, kind: operation.kind, receiver, key, keysInOrder, callback, shared };
}

/** `['account:1']` names its element; a longer or computed list is one lock we cannot name by a constant. */
function onlyElement(list: ts.Expression): ts.Expression {
  const inner = skipValueWrappers(list);
  return ts.isArrayLiteralExpression(inner) && inner.elements.length === 1 && !ts.isSpreadElement(inner.elements[0]!) ? inner.elements[0]! : list;
}

/** The elements of an array literal of several, without spreads; undefined for anything else. */
function elementsOf(list: ts.Expression): readonly ts.Expression[] | undefined {
  const inner = skipValueWrappers(list);
  const several = ts.isArrayLiteralExpression(inner) && inner.elements.length > 1 && !inner.elements.some(ts.isSpreadElement);
  return several ? inner.elements : undefined;
}

/** `{ mode: 'shared' }` written as an object literal (the usual form). */
function isSharedMode(options: ts.Expression): boolean {
  if (!ts.isObjectLiteralExpression(options)) return false;
  return options.properties.some((property) =>
    ts.isPropertyAssignment(property) && property.name.getText() === 'mode' &&
    ts.isStringLiteralLike(property.initializer) && property.initializer.text === 'shared');
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
