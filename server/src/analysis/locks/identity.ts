// Lock identity, as lockdep names lock classes: a lock is named by where it is declared. A module or local
// binding → that declaration; a class property → `Class.prop` (one name for all instances: a "family"); an array
// element → `array[*]` (a family too); a keyed lock → its key (async-lock keys per lock object, Web Locks names
// per origin). Imports resolve to the declaration in the other file, so both sides of a cycle agree.
import * as path from 'node:path';
import ts from 'typescript';
import { resolveCallee } from '../calls';
import { isFunctionWithBody, returnedExpressions, type FunctionWithBody } from '../functions';
import { skipValueWrappers } from '../syntax';
import type { LockApiCall } from './api';
import type { LockType } from './libraries';

export type LockMode = 'exclusive' | 'shared';

export interface LockIdentity {
  /** Stable within one program: equal keys are the same lock (or the same family of locks). */
  key: string;
  /** For messages: `accountsMutex`, `Account.lock`, `forks[*]`, `lock 'users'` (a key of `lock`), `Web Lock 'db'`. */
  label: string;
  /** One name for many lock objects (every instance's `Class.prop`, every `array[i]`, a key computed at run time). */
  family: boolean;
  /** 1 for a mutex; a semaphore's capacity when written at its declaration; Infinity when unknown. */
  capacity: number;
  reentrant: boolean;
  /** Where the lock is declared, when it is declared in code. */
  declaration?: ts.Node;
  /** A lock reached through a parameter of the function that takes it: each call passes its own (`both(a, b)`). */
  parameter?: ParameterLock;
}

export interface ParameterLock {
  fn: FunctionWithBody;
  index: ParameterPosition;
  /** The lock's type: a capacity written where the lock is made (a Semaphore's) is read where each argument is declared. */
  type?: LockType;
  /** The parameter is the key of this keyed lock (`lock.acquire(key, cb)` in `acquireLock(key, cb)`), not the lock. */
  keyOf?: { key: string; label: string };
}

/** A parameter's index, or `this`: the object a method is called on, which each call passes as its receiver. */
export type ParameterPosition = number | 'this';

/** A lock as one operation names it: its identity, which object of a family (within one function), and the mode. */
export interface LockRef {
  identity: LockIdentity;
  /** Which member of a family, as far as one function can tell (`this`, a parameter, `i`); undefined when unknown. */
  instance?: string;
  mode: LockMode;
}

/**
 * The lock an API call operates on, or undefined when it cannot be named (a lock returned by a call, say).
 * `holderOf` names the object the call is made on (by default, by its declaration).
 */
export function lockRefOf(
  checker: ts.TypeChecker, api: LockApiCall, dependsOn: (node: ts.Node) => void,
  holderOf = (receiver: ts.Expression) => objectIdentity(checker, receiver, dependsOn),
): LockRef | undefined {
  const mode: LockMode = api.shared ? 'shared' : 'exclusive';
  const keys = api.library.keys;
  if (api.operation.key && keys?.scope === 'per-library') {
    return api.key && keyedRef(checker, api.key, { key: api.library.id, label: keys.label, instance: undefined }, mode, 1, false);
  }
  if (!api.receiver) return undefined;
  const holder = holderOf(api.receiver);
  if (!holder) return undefined;
  const declaration = holder.declaration;
  const reentrant = reentrancyOf(api.type, declaration);
  if (api.operation.key) return api.key && keyedRef(checker, api.key, holder, mode, 1, reentrant);
  const capacity = capacityOf(api.type, declaration);
  if (capacity === UNLIMITED) return undefined;
  const parameter = holder.parameter && { ...holder.parameter, type: api.type };
  const identity: LockIdentity = { key: holder.key, label: holder.label, family: holder.family ?? false, capacity, reentrant, declaration, parameter };
  return { identity, instance: holder.instance, mode };
}

/**
 * The lock a slot stands for when code keeps a chain of promises in it (promise-chain.ts): `LOCKS[name]` is the key
 * `name` of `LOCKS` (a parameter key is each call's own), `this.tail` the field of its object.
 */
export function slotLockRef(checker: ts.TypeChecker, slot: ts.ElementAccessExpression | ts.PropertyAccessExpression, dependsOn: (node: ts.Node) => void): LockRef | undefined {
  if (ts.isElementAccessExpression(slot)) {
    const holder = objectIdentity(checker, slot.expression, dependsOn);
    return holder && keyedRef(checker, slot.argumentExpression, holder, 'exclusive', 1, false);
  }
  const holder = objectIdentity(checker, slot, dependsOn);
  if (!holder) return undefined;
  const identity: LockIdentity = { key: holder.key, label: holder.label, family: holder.family ?? false, capacity: 1, reentrant: false, declaration: holder.declaration, parameter: holder.parameter };
  return { identity, instance: holder.instance, mode: 'exclusive' };
}

/**
 * The locks of an operation that takes a list of keys in order (async-lock's `acquire(['a', 'b'], cb)`): one per
 * distinct key, in the list's order; undefined when it names no such list, or a key of it cannot be named.
 */
export function keyRefsInOrder(checker: ts.TypeChecker, api: LockApiCall, dependsOn: (node: ts.Node) => void): { ref: LockRef; expression: ts.Expression }[] | undefined {
  if (!api.keysInOrder) return undefined;
  const keys: { ref: LockRef; expression: ts.Expression }[] = [];
  for (const expression of api.keysInOrder) {
    const ref = lockRefOf(checker, { ...api, key: expression }, dependsOn);
    if (!ref) return undefined;
    // The library takes a key listed twice once.
    const listedBefore = keys.some(({ ref: known }) => known.identity.key === ref.identity.key && known.instance === ref.instance && (!ref.identity.family || ref.instance !== undefined));
    if (!listedBefore) keys.push({ ref, expression });
  }
  return keys;
}

/** What an expression names as an object, for lock identity: a lock, a lock's holder, or a family of them. */
export interface ObjectIdentity {
  key: string;
  label: string;
  family?: boolean;
  instance: string | undefined;
  declaration?: ts.Node;
  /** The object is a parameter (or the `this`) of the function it is used in: a call passes it. */
  parameter?: { fn: FunctionWithBody; index: ParameterPosition };
}

/** What a call passes for a parameter, as far as lock identity cares. */
export interface PassedValue {
  object?: ObjectIdentity;
  /** A string known before run time (a key). */
  constant?: string;
}

/** The lock a parameter stands for at one call — the argument's object, or the key it passes — or undefined when unknown. */
export function lockPassedAs(parameter: LockIdentity, passed: PassedValue): LockIdentity | undefined {
  const keyOf = parameter.parameter?.keyOf;
  if (keyOf) {
    if (passed.constant === undefined) return undefined;
    return { ...parameter, key: `${keyOf.key}['${passed.constant}']`, label: `${keyOf.label} '${passed.constant}'`, family: false, parameter: undefined };
  }
  const argument = passed.object;
  if (!argument) return undefined;
  const type = parameter.parameter?.type;
  const capacity = type ? capacityOf(type, argument.declaration) : parameter.capacity;
  if (capacity === UNLIMITED) return undefined;
  const passedOn = argument.parameter && parameter.parameter && { ...argument.parameter, type };
  return {
    key: argument.key, label: argument.label, family: argument.family ?? false, capacity,
    reentrant: parameter.reentrant, declaration: argument.declaration, parameter: passedOn,
  };
}

function keyedRef(
  checker: ts.TypeChecker, keyExpression: ts.Expression, holder: ObjectIdentity, mode: LockMode, capacity: number, reentrant: boolean,
): LockRef {
  const key = constantString(checker, keyExpression);
  const keyParameter = key === undefined && !holder.parameter ? parameterNamedBy(checker, keyExpression) : undefined;
  const parameter = keyParameter && { ...keyParameter, keyOf: { key: holder.key, label: holder.label } };
  const identity: LockIdentity = key === undefined
    ? { key: `${holder.key}[*]`, label: `${holder.label} *`, family: true, capacity, reentrant, declaration: holder.declaration, parameter }
    : { key: `${holder.key}['${key}']`, label: `${holder.label} '${key}'`, family: holder.family ?? false, capacity, reentrant, declaration: holder.declaration };
  const instance = key === undefined ? instanceOf(checker, keyExpression) : holder.instance;
  return { identity, instance, mode };
}

function parameterNamedBy(checker: ts.TypeChecker, expression: ts.Expression): ObjectIdentity['parameter'] {
  const inner = skipValueWrappers(expression);
  const declaration = ts.isIdentifier(inner) ? declarationOf(checker, inner) : undefined;
  return declaration && parameterSlot(declaration);
}

/** A string known before run time: a literal, or anything whose type is a single string literal (a const). */
export function constantString(checker: ts.TypeChecker, expression: ts.Expression): string | undefined {
  const inner = skipValueWrappers(expression);
  if (ts.isStringLiteralLike(inner)) return inner.text;
  const type = checker.getTypeAtLocation(inner);
  return type.isStringLiteral() ? type.value : undefined;
}

/** How many aliases and entry-returning helpers are followed for one name (`const left = forks[i]`, `lockFor(id)`). */
const MAX_ALIAS_DEPTH = 4;

/**
 * Names the object an expression denotes by its declaration; undefined when it has none we can name. A const
 * (or a let's initial value) that reads another object is that object; a Map's `get(k)` is a member of the map's
 * family; a call of a helper that returns one is what the helper returns.
 */
export function objectIdentity(checker: ts.TypeChecker, expression: ts.Expression, dependsOn: (node: ts.Node) => void, depth = 0): ObjectIdentity | undefined {
  const inner = skipValueWrappers(expression);
  if (ts.isIdentifier(inner)) {
    const declaration = declarationOf(checker, inner);
    if (!declaration || !isBinding(declaration)) return undefined;
    dependsOn(declaration);
    const aliased = depth < MAX_ALIAS_DEPTH ? aliasedObject(checker, declaration, dependsOn, depth) : undefined;
    if (aliased) return aliased;
    return { key: declarationKey(declaration), label: inner.text, instance: undefined, declaration, parameter: parameterSlot(declaration) };
  }
  if (inner.kind === ts.SyntaxKind.ThisKeyword) return receiverIdentity(inner);
  if (ts.isCallExpression(inner) && depth < MAX_ALIAS_DEPTH) return mapEntry(checker, inner, dependsOn, depth) ?? returnedObject(checker, inner, dependsOn, depth);
  if (ts.isPropertyAccessExpression(inner)) {
    const declaration = declarationOf(checker, inner.name);
    if (!declaration) return undefined;
    dependsOn(declaration);
    const owner = ownerName(declaration);
    const isInstanceMember = (ts.isPropertyDeclaration(declaration) || ts.isPropertySignature(declaration) || ts.isGetAccessorDeclaration(declaration)) &&
      !isStatic(declaration);
    const label = owner ? `${owner}.${inner.name.text}` : inner.getText().replace(/\s+/g, '');
    if (!isInstanceMember) return { key: declarationKey(declaration), label, instance: undefined, declaration };
    return { key: declarationKey(declaration), label, family: true, instance: instanceOf(checker, inner.expression), declaration };
  }
  if (ts.isElementAccessExpression(inner)) {
    const base = objectIdentity(checker, inner.expression, dependsOn, depth);
    return base && elementOf(base, instanceOf(checker, inner.argumentExpression));
  }
  return undefined;
}

/** An element of an array (or other container) as a member of its family, `array[*]`; which one, when known. */
export function elementOf(container: ObjectIdentity, element: string | undefined): ObjectIdentity {
  const instance = element === undefined ? undefined : `${container.instance ?? ''}[${element}]`;
  return { key: `${container.key}[*]`, label: `${container.label}[*]`, family: true, instance, declaration: container.declaration };
}

/**
 * `this` in a class's method (a lock class's own wrapper: `this.acquire()` in `runExclusive`): every instance of
 * the class, the one the method is called on within it, and at each call the receiver (`m` in `m.runExclusive()`).
 */
function receiverIdentity(node: ts.Node): ObjectIdentity | undefined {
  let method = node.parent;
  while (ts.isArrowFunction(method) || !(ts.isFunctionLike(method) || ts.isClassLike(method) || ts.isSourceFile(method))) method = method.parent;
  const owner = method.parent;
  if (!isFunctionWithBody(method) || !ts.isClassLike(owner) || ts.isConstructorDeclaration(method) || isStatic(method)) return undefined;
  const label = owner.name?.text ?? 'this';
  return { key: `${declarationKey(owner)}:this`, label, family: true, instance: 'this', declaration: owner, parameter: { fn: method, index: 'this' } };
}

function isStatic(declaration: ts.Declaration): boolean {
  return (ts.getCombinedModifierFlags(declaration) & ts.ModifierFlags.Static) !== 0;
}

/** The initial value a binding reads, when it only reads another object (not `new Mutex()`, not a computation). */
function aliasedObject(checker: ts.TypeChecker, declaration: ts.Declaration, dependsOn: (node: ts.Node) => void, depth: number): ObjectIdentity | undefined {
  if (!ts.isVariableDeclaration(declaration) || !ts.isIdentifier(declaration.name) || !declaration.initializer) return undefined;
  const initializer = skipValueWrappers(declaration.initializer);
  const readsAnObject = ts.isIdentifier(initializer) || ts.isPropertyAccessExpression(initializer) ||
    ts.isElementAccessExpression(initializer) || ts.isCallExpression(initializer);
  return readsAnObject ? objectIdentity(checker, initializer, dependsOn, depth + 1) : undefined;
}

/** `map.get(k)` on a Map or WeakMap of the default library: the member of the map's family that k names. */
function mapEntry(checker: ts.TypeChecker, call: ts.CallExpression, dependsOn: (node: ts.Node) => void, depth: number): ObjectIdentity | undefined {
  const callee = skipValueWrappers(call.expression);
  if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== 'get' || call.arguments.length !== 1) return undefined;
  const owner = declarationOf(checker, callee.name)?.parent;
  const isMapGet = owner !== undefined && ts.isInterfaceDeclaration(owner) && MAP_TYPES.has(owner.name.text) &&
    isDefaultLibrary(owner.getSourceFile());
  if (!isMapGet) return undefined;
  const map = objectIdentity(checker, callee.expression, dependsOn, depth);
  if (!map) return undefined;
  const key = call.arguments[0]!;
  const constant = constantString(checker, key);
  return elementOf(map, constant !== undefined ? `'${constant}'` : instanceOf(checker, key));
}

export const MAP_TYPES: ReadonlySet<string> = new Set(['Map', 'ReadonlyMap', 'WeakMap']);

/** TypeScript's own lib.*.d.ts files sit in one folder, beside the running compiler. */
const DEFAULT_LIBRARY_FOLDER = path.dirname(ts.getDefaultLibFilePath({}));

export function isDefaultLibrary(sourceFile: ts.SourceFile): boolean {
  return path.dirname(sourceFile.fileName) === DEFAULT_LIBRARY_FOLDER.replace(/\\/g, '/');
}

/** The name resolves to a member of one of these interfaces of TypeScript's own libraries (`Array.sort`, `Math.min`). */
export function isDefaultLibraryMember(checker: ts.TypeChecker, name: ts.MemberName, owners: ReadonlySet<string>): boolean {
  const declaration = checker.getSymbolAtLocation(name)?.getDeclarations()?.[0];
  const owner = declaration?.parent;
  return owner !== undefined && ts.isInterfaceDeclaration(owner) && owners.has(owner.name.text) && isDefaultLibrary(owner.getSourceFile());
}

/** A call of a helper whose every return names the same object (`lockFor(id)` returning `this.locks.get(id)`). */
function returnedObject(checker: ts.TypeChecker, call: ts.CallExpression, dependsOn: (node: ts.Node) => void, depth: number): ObjectIdentity | undefined {
  const callee = resolveCallee(checker, call);
  if (!callee || !isFunctionWithBody(callee)) return undefined;
  const returned = returnedExpressions(callee).map((expression) => objectIdentity(checker, expression, dependsOn, depth + 1));
  const first = returned[0];
  if (!first || returned.some((object) => object?.key !== first.key)) return undefined;
  dependsOn(callee);
  const instance = returned.every((object) => object!.instance === first.instance) ? passInstance(checker, first.instance, callee, call) : undefined;
  return { ...first, instance, parameter: undefined };
}

/** An instance named by the callee's parameters (`[@id]`), as the caller names it (`['alice']`); undefined when the caller cannot. */
function passInstance(checker: ts.TypeChecker, instance: string | undefined, callee: FunctionWithBody, call: ts.CallExpression): string | undefined {
  if (instance === undefined) return undefined;
  return renameParameters(instance, callee, (index) => {
    const argument = call.arguments[index];
    return argument && instanceOf(checker, argument);
  });
}

/**
 * An instance with the callee's parameters (`@…` of each) replaced by what the caller passes for them; undefined
 * when a parameter it names was passed something the caller cannot name.
 */
export function renameParameters(instance: string, callee: FunctionWithBody, passedFor: (index: number) => string | undefined): string | undefined {
  let renamed = instance;
  for (const [index, parameter] of callee.parameters.entries()) {
    const name = `@${declarationKey(parameter)}`;
    if (!renamed.includes(name)) continue;
    const passed = passedFor(index);
    if (passed === undefined) return undefined;
    renamed = renamed.split(name).join(passed);
  }
  return renamed;
}

/** A parameter of the function that declares it (a call binds it), with its position. */
function parameterSlot(declaration: ts.Declaration): ObjectIdentity['parameter'] {
  if (!ts.isParameter(declaration) || !ts.isIdentifier(declaration.name) || !isFunctionWithBody(declaration.parent)) return undefined;
  return { fn: declaration.parent, index: declaration.parent.parameters.indexOf(declaration) };
}

function declarationOf(checker: ts.TypeChecker, name: ts.Node): ts.Declaration | undefined {
  let symbol = checker.getSymbolAtLocation(name);
  if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
  return symbol?.valueDeclaration ?? symbol?.getDeclarations()?.[0];
}

function isBinding(declaration: ts.Declaration): boolean {
  return ts.isVariableDeclaration(declaration) || ts.isParameter(declaration) || ts.isBindingElement(declaration);
}

/** Unique within a program and equal for every reference to the declaration, from any file. */
export function declarationKey(declaration: ts.Node): string {
  return `${declaration.getSourceFile().fileName}:${declaration.pos}`;
}

function ownerName(declaration: ts.Declaration): string | undefined {
  const parent = declaration.parent;
  if ((ts.isClassLike(parent) || ts.isInterfaceDeclaration(parent)) && parent.name) return parent.name.text;
  return undefined;
}

/**
 * Which object an expression denotes, as far as one function can tell: `this`, a binding (by declaration), a
 * path from those (`this.accounts`), or a literal index. Undefined when it may be anything (`pick()`, `a + 1`).
 */
export function instanceOf(checker: ts.TypeChecker, expression: ts.Expression): string | undefined {
  const inner = skipValueWrappers(expression);
  if (inner.kind === ts.SyntaxKind.ThisKeyword) return 'this';
  if (ts.isNumericLiteral(inner) || ts.isStringLiteralLike(inner)) return `'${inner.text}'`;
  if (ts.isIdentifier(inner)) {
    const declaration = declarationOf(checker, inner);
    return declaration ? `@${declarationKey(declaration)}` : undefined;
  }
  if (ts.isPropertyAccessExpression(inner)) {
    const base = instanceOf(checker, inner.expression);
    return base === undefined ? undefined : `${base}.${inner.name.text}`;
  }
  return undefined;
}

/**
 * Where the lock a declaration holds is made: the `new` in its initializer (`new Semaphore(2)`, also inside
 * wrappers that take it first: `withTimeout(new Semaphore(2), 100)`), or for a lock made by a factory the
 * innermost call reached so (`pLimit(2)`).
 */
function constructionOf(type: LockType, declaration: ts.Node | undefined): ts.NewExpression | ts.CallExpression | undefined {
  let current = declaration && initializerOf(declaration);
  const byFactory = type.madeBy === 'call';
  while (current && ts.isCallExpression(current) && current.arguments.length > 0) {
    const first = skipValueWrappers(current.arguments[0]!);
    if (byFactory && !ts.isCallExpression(first)) return current;
    current = first;
  }
  return current && (ts.isNewExpression(current) || (byFactory && ts.isCallExpression(current))) ? current : undefined;
}

/** A lock made without its capacity where the library's default is no limit (p-queue's): it excludes nothing. */
const UNLIMITED = -1;

/**
 * Fixed by the type, or written where the lock is made (`new Semaphore(3)`, `pLimit({ concurrency: 3 })`);
 * UNLIMITED when left out of a lock the type says is then unlimited; else unknown (Infinity).
 */
function capacityOf(type: LockType, declaration: ts.Node | undefined): number {
  if (typeof type.capacity === 'number') return type.capacity;
  const { argument, option, unsetIsUnlimited } = type.capacity;
  const construction = constructionOf(type, declaration);
  const written = construction?.arguments?.[argument] && skipValueWrappers(construction.arguments[argument]!);
  const value = written && option !== undefined && ts.isObjectLiteralExpression(written) ? optionValue(written, option) : written;
  const unset = construction !== undefined && (written === undefined || (ts.isObjectLiteralExpression(written) && value === undefined && !hasSpread(written)));
  if (unset && unsetIsUnlimited) return UNLIMITED;
  const inner = value && skipValueWrappers(value);
  return inner && ts.isNumericLiteral(inner) ? Number(inner.text) : Infinity;
}

/** Fixed by the type, or an option set to `true` where the lock is made (async-lock's `{ domainReentrant: true }`). */
function reentrancyOf(type: LockType, declaration: ts.Node | undefined): boolean {
  if (typeof type.reentrant === 'boolean') return type.reentrant;
  const options = constructionOf(type, declaration)?.arguments?.[type.reentrant.argument];
  return options !== undefined && ts.isObjectLiteralExpression(options) && optionValue(options, type.reentrant.option)?.kind === ts.SyntaxKind.TrueKeyword;
}

function hasSpread(options: ts.ObjectLiteralExpression): boolean {
  return options.properties.some(ts.isSpreadAssignment);
}

function optionValue(options: ts.ObjectLiteralExpression, name: string): ts.Expression | undefined {
  for (const property of options.properties) {
    if (ts.isPropertyAssignment(property) && property.name.getText() === name) return property.initializer;
  }
  return undefined;
}

function initializerOf(declaration: ts.Node): ts.Expression | undefined {
  if (ts.isVariableDeclaration(declaration) || ts.isPropertyDeclaration(declaration) || ts.isPropertyAssignment(declaration)) {
    return declaration.initializer && skipValueWrappers(declaration.initializer);
  }
  return undefined;
}
