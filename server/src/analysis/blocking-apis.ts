// Which calls block the event loop by themselves, decided by the declaration the checker resolves a call to —
// never by the call's spelling: a user function named readFileSync, or an object with an execSync method, is not
// Node's. Node's APIs are recognised by the ambient module that declares them (`declare module "fs"` in
// @types/node), the standard library's by the interface that declares them in a default library file.
// Also here: clock reads (for busy-wait loops) and the standard higher-order functions that call their
// callbacks right away (so a sync callback passed to them runs inside the caller).
import ts from 'typescript';
import type { RelevanceSeeds } from './call-relevance';
import { calleeSymbol, signatureDeclarations } from './calls';
import type { BlockingCallPattern, BlockingCallsSettings } from './types';

/** A call that blocks by itself. */
export interface BlockingApi {
  /** How chains and messages name it: `readFileSync`, `Atomics.wait`, `Statement.run`. */
  name: string;
  /** The module or type that declares it, for messages: `fs`, `Atomics`, `better-sqlite3`. */
  owner: string;
  /** Built-in knowledge, or the user's `blockingCalls.add`. */
  origin: 'node' | 'standard-library' | 'settings';
}

/** What a resolved declaration is, as the tables and patterns see it. */
interface DeclarationIdentity {
  /** The module whose declarations contain it (`fs` for both "fs" and "node:fs"), if any. */
  module?: string;
  /** The class or interface declaring it, for methods. */
  type?: string;
  /** Its own name: the export or the method. */
  name: string;
  /** Declared `export default`: patterns may also call it `default`. */
  isDefaultExport: boolean;
}

/** Node's built-in blocking exports, per module (without the `node:` prefix). */
const NODE_BLOCKING_EXPORTS = new Map<string, (name: string) => boolean>([
  // Every *Sync function of fs does its file system work on the calling thread.
  ['fs', (name) => name.endsWith('Sync')],
  ['child_process', (name) => name === 'execSync' || name === 'execFileSync' || name === 'spawnSync'],
  // The CPU-heavy ones: key derivation, key and prime generation. hkdfSync (a few HMACs) and randomFillSync
  // (microseconds at ordinary sizes) are left out on purpose.
  ['crypto', (name) => ['pbkdf2Sync', 'scryptSync', 'generateKeyPairSync', 'generateKeySync', 'generatePrimeSync', 'checkPrimeSync'].includes(name)],
  // Compression of a whole buffer at once.
  ['zlib', (name) => name.endsWith('Sync')],
]);

/**
 * What the blocking analysis's call graph starts from (call-relevance.ts): the names of the blocking APIs the
 * program declares (Node's, from its ambient modules, and `Atomics.wait`), the settings' additions, and loops
 * that read the clock in their condition (busy-waits). A library's own `runSync` is no seed.
 */
export function blockingRelevanceSeeds(program: ts.Program, settings: BlockingCallsSettings): RelevanceSeeds {
  const added = new Set(settings.add.map((pattern) => ('export' in pattern ? pattern.export : pattern.method)));
  const nodeNames = declaredNodeBlockingNames(program.getTypeChecker());
  return {
    id: `blocking|${[...added].sort().join(',')}|${[...nodeNames].sort().join(',')}`,
    enabled: true,
    isSeedName: (name) => nodeNames.has(name) || name === 'Atomics.wait' || added.has(name),
    clockLoops: true,
    promiseChains: false,
    throughSyncOnly: true,
  };
}

/** The names of Node's blocking exports among the program's ambient modules (none without @types/node). */
function declaredNodeBlockingNames(checker: ts.TypeChecker): Set<string> {
  const names = new Set<string>();
  for (const module of checker.getAmbientModules()) {
    const isBlocking = NODE_BLOCKING_EXPORTS.get(module.getName().replace(/^"(node:)?|"$/g, ''));
    if (!isBlocking) continue;
    for (const exported of checker.getExportsOfModule(module)) if (isBlocking(exported.getName())) names.add(exported.getName());
  }
  return names;
}

/** The blocking API a call runs, if it is one and the allow-list does not exempt it. */
export function blockingApiOf(
  program: ts.Program,
  call: ts.CallExpression | ts.NewExpression,
  settings: BlockingCallsSettings,
): BlockingApi | undefined {
  const candidates = calledDeclarations(program.getTypeChecker(), call)
    .flatMap((declaration) => {
      const identity = identityOf(program, declaration);
      return identity ? [{ declaration, identity }] : [];
    });
  if (candidates.some(({ identity }) => settings.allow.some((pattern) => matchesPattern(identity, pattern)))) return undefined;
  for (const { declaration, identity } of candidates) {
    const api = builtInBlockingApi(program, declaration, identity) ?? settingsBlockingApi(identity, settings.add);
    if (api) return api;
  }
  return undefined;
}

/**
 * What a call runs, as declared: the callee's signatures (every overload), then the declarations of the symbol
 * the callee names. The second matters where the API is a const of a callable type
 * (`export const statSync: StatSyncFn` — its signature has no name of its own).
 */
function calledDeclarations(checker: ts.TypeChecker, call: ts.CallExpression | ts.NewExpression): ts.Declaration[] {
  const symbol = calleeSymbol(checker, call.expression);
  return [...signatureDeclarations(checker, call), ...(symbol?.getDeclarations() ?? [])];
}

function builtInBlockingApi(program: ts.Program, declaration: ts.Declaration, identity: DeclarationIdentity): BlockingApi | undefined {
  if (identity.module && NODE_BLOCKING_EXPORTS.get(identity.module)?.(identity.name) && !identity.type) {
    return { name: identity.name, owner: identity.module, origin: 'node' };
  }
  if (isStandardLibraryMember(program, declaration, 'Atomics', 'wait')) return { name: 'Atomics.wait', owner: 'Atomics', origin: 'standard-library' };
  return undefined;
}

function settingsBlockingApi(identity: DeclarationIdentity, additions: readonly BlockingCallPattern[]): BlockingApi | undefined {
  const pattern = additions.find((candidate) => matchesPattern(identity, candidate));
  if (!pattern) return undefined;
  const name = 'method' in pattern ? `${pattern.type}.${pattern.method}` : identity.name;
  return { name, owner: pattern.module ?? ('type' in pattern ? pattern.type : ''), origin: 'settings' };
}

function matchesPattern(identity: DeclarationIdentity, pattern: BlockingCallPattern): boolean {
  if ('export' in pattern) {
    const named = identity.name === pattern.export || (pattern.export === 'default' && identity.isDefaultExport);
    return identity.type === undefined && identity.module === pattern.module && named;
  }
  return identity.type === pattern.type && identity.name === pattern.method &&
    (pattern.module === undefined || identity.module === pattern.module);
}

/** The declaration of the signature a call resolves to (the overload chosen), if the checker knows one. */
export function resolvedDeclaration(checker: ts.TypeChecker, call: ts.CallExpression | ts.NewExpression): ts.Declaration | undefined {
  const declaration = checker.getResolvedSignature(call)?.declaration;
  return declaration && !ts.isJSDocSignature(declaration) ? declaration : undefined;
}

function identityOf(program: ts.Program, declaration: ts.Declaration): DeclarationIdentity | undefined {
  const name = declaredName(declaration);
  if (!name) return undefined;
  const owner = declaration.parent;
  const type = (ts.isClassLike(owner) || ts.isInterfaceDeclaration(owner)) && owner.name ? owner.name.text : undefined;
  const isDefaultExport = (ts.getCombinedModifierFlags(declaration) & ts.ModifierFlags.ExportDefault) === ts.ModifierFlags.ExportDefault;
  return { name, type, module: moduleNameOf(program, declaration), isDefaultExport };
}

/**
 * The module a declaration belongs to: the innermost `declare module "name"` around it (with `node:` dropped,
 * so "fs" and "node:fs" are one module), else the package whose files under node_modules declare it.
 */
export function moduleNameOf(program: ts.Program, declaration: ts.Node): string | undefined {
  for (let node: ts.Node | undefined = declaration; node; node = node.parent) {
    if (ts.isModuleDeclaration(node) && ts.isStringLiteral(node.name)) return node.name.text.replace(/^node:/, '');
  }
  const sourceFile = declaration.getSourceFile();
  if (program.isSourceFileDefaultLibrary(sourceFile)) return undefined;
  return packageNameOf(sourceFile.fileName);
}

/** How the API tables name the default library (lib.*.d.ts) as a declaring module. */
export const DEFAULT_LIBRARY = 'default-library';

/** The module that declares a declaration as the API tables name it: DEFAULT_LIBRARY, else moduleNameOf's. */
export function declaringModuleOf(program: ts.Program, declaration: ts.Node): string | undefined {
  return program.isSourceFileDefaultLibrary(declaration.getSourceFile()) ? DEFAULT_LIBRARY : moduleNameOf(program, declaration);
}

/** `…/node_modules/@types/scope__pkg/x.d.ts` → `@scope/pkg`; `…/node_modules/pkg/x.d.ts` → `pkg`. */
function packageNameOf(fileName: string): string | undefined {
  const match = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\/[^]*$/.exec(fileName.replace(/\\/g, '/'));
  if (!match) return undefined;
  const name = match[1]!;
  if (!name.startsWith('@types/')) return name;
  const typed = name.slice('@types/'.length);
  return typed.includes('__') ? `@${typed.replace('__', '/')}` : typed;
}

/** A member `memberName` of interface `interfaceName` as the default library declares it. */
function isStandardLibraryMember(program: ts.Program, declaration: ts.Declaration, interfaceName: string, memberName: string | undefined): boolean {
  const owner = declaration.parent;
  if (!ts.isInterfaceDeclaration(owner) || owner.name.text !== interfaceName) return false;
  if (!program.isSourceFileDefaultLibrary(declaration.getSourceFile())) return false;
  return memberName === undefined || declaredName(declaration) === memberName;
}

/** A declaration's own name (`readFileSync`, `now`); undefined for call and construct signatures. */
function declaredName(declaration: ts.Declaration): string | undefined {
  const name = ts.getNameOfDeclaration(declaration);
  return name && (ts.isIdentifier(name) || ts.isStringLiteral(name)) ? name.text : undefined;
}

/**
 * Whether the call reads the clock: `Date.now()`, `new Date()`, `performance.now()` (the DOM's or Node's
 * perf_hooks), `process.hrtime()` / `process.hrtime.bigint()` — as resolved, so a user's `now()` is not one.
 */
export function isClockRead(program: ts.Program, call: ts.CallExpression | ts.NewExpression): boolean {
  const declaration = resolvedDeclaration(program.getTypeChecker(), call);
  if (!declaration) return false;
  if (ts.isNewExpression(call)) return ts.isConstructSignatureDeclaration(declaration) && isStandardLibraryMember(program, declaration, 'DateConstructor', undefined);
  if (isStandardLibraryMember(program, declaration, 'DateConstructor', 'now')) return true;
  const owner = declaration.parent;
  if (!ts.isInterfaceDeclaration(owner)) return false;
  const memberName = declaredName(declaration);
  if (owner.name.text === 'Performance' && memberName === 'now') {
    return program.isSourceFileDefaultLibrary(declaration.getSourceFile()) || moduleNameOf(program, declaration) === 'perf_hooks';
  }
  // process.hrtime is Node's HRTime interface: its call signature, or its bigint() method.
  return owner.name.text === 'HRTime' && (memberName === undefined || memberName === 'bigint') &&
    moduleNameOf(program, declaration) === 'process';
}

/** Interfaces of the default library whose callback-taking methods all call the callback before returning. */
const SYNC_CALLBACK_OWNERS = /^(Readonly)?(Array|Map|Set)$|^(Int8|Uint8|Uint8Clamped|Int16|Uint16|Int32|Uint32|Float32|Float64|BigInt64|BigUint64)Array$/;

/**
 * Whether the call runs this function argument synchronously, before it returns: a callback parameter (declared
 * with a function type — `push(...items: T[])` stores functions, it does not call them) of the default
 * library's array, typed array, Map and Set methods, `Array.from`, `String#replace(All)`, or the `new Promise`
 * executor. Anything else (a user's function, a timer, an event emitter) may keep the callback for later.
 */
export function runsCallbackNow(program: ts.Program, call: ts.CallExpression | ts.NewExpression, argument: ts.Expression): boolean {
  const declaration = resolvedDeclaration(program.getTypeChecker(), call);
  if (!declaration || !ts.isFunctionLike(declaration) || !isSyncCallbackOwner(program, declaration)) return false;
  const index = call.arguments?.indexOf(argument) ?? -1;
  const parameter = index >= 0 ? declaration.parameters[index] : undefined;
  return parameter?.type !== undefined && ts.isFunctionTypeNode(parameter.type);
}

function isSyncCallbackOwner(program: ts.Program, declaration: ts.SignatureDeclaration): boolean {
  const owner = declaration.parent;
  if (!ts.isInterfaceDeclaration(owner) || !program.isSourceFileDefaultLibrary(declaration.getSourceFile())) return false;
  if (SYNC_CALLBACK_OWNERS.test(owner.name.text)) return true;
  const name = declaredName(declaration);
  if (owner.name.text === 'ArrayConstructor') return name === 'from';
  if (owner.name.text === 'String') return name === 'replace' || name === 'replaceAll';
  return owner.name.text === 'PromiseConstructor' && ts.isConstructSignatureDeclaration(declaration);
}
