// Lock identity, as lockdep names lock classes: a lock is named by where it is declared. A module or local
// binding → that declaration; a class property → `Class.prop` (one name for all instances: a "family"); an array
// element → `array[*]` (a family too); a keyed lock → its key (async-lock keys per lock object, Web Locks names
// per origin). Imports resolve to the declaration in the other file, so both sides of a cycle agree.
import ts from 'typescript';
import type { LockApiCall } from './api';
import { skipValueWrappers } from '../syntax';

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
}

/** A lock as one operation names it: its identity, which object of a family (within one function), and the mode. */
export interface LockRef {
  identity: LockIdentity;
  /** Which member of a family, as far as one function can tell (`this`, a parameter, `i`); undefined when unknown. */
  instance?: string;
  mode: LockMode;
}

/** The lock an API call operates on, or undefined when it cannot be named (a lock returned by a call, say). */
export function lockRefOf(checker: ts.TypeChecker, api: LockApiCall, dependsOn: (node: ts.Node) => void): LockRef | undefined {
  const mode: LockMode = api.shared ? 'shared' : 'exclusive';
  if (api.library === 'web-locks') return api.key && keyedRef(checker, api.key, { key: 'web-locks', label: 'Web Lock', instance: undefined }, mode, 1, false);
  if (!api.receiver) return undefined;
  const holder = objectIdentity(checker, api.receiver, dependsOn);
  if (!holder) return undefined;
  const declaration = holder.declaration;
  if (api.library === 'async-lock') {
    return api.key && keyedRef(checker, api.key, holder, mode, 1, isDomainReentrant(declaration));
  }
  const capacity = api.owner.startsWith('Semaphore') ? semaphoreCapacity(declaration) : 1;
  const reentrant = api.library === 'user' && api.reentrant;
  return { identity: { key: holder.key, label: holder.label, family: holder.family ?? false, capacity, reentrant, declaration }, instance: holder.instance, mode };
}

interface ObjectIdentity {
  key: string;
  label: string;
  family?: boolean;
  instance: string | undefined;
  declaration?: ts.Node;
}

function keyedRef(
  checker: ts.TypeChecker, keyExpression: ts.Expression, holder: ObjectIdentity, mode: LockMode, capacity: number, reentrant: boolean,
): LockRef {
  const key = constantString(checker, keyExpression);
  const identity: LockIdentity = key === undefined
    ? { key: `${holder.key}[*]`, label: `${holder.label} *`, family: true, capacity, reentrant, declaration: holder.declaration }
    : { key: `${holder.key}['${key}']`, label: `${holder.label} '${key}'`, family: holder.family ?? false, capacity, reentrant, declaration: holder.declaration };
  const instance = key === undefined ? instanceOf(checker, keyExpression) : holder.instance;
  return { identity, instance, mode };
}

/** A string known before run time: a literal, or anything whose type is a single string literal (a const). */
function constantString(checker: ts.TypeChecker, expression: ts.Expression): string | undefined {
  const inner = skipValueWrappers(expression);
  if (ts.isStringLiteralLike(inner)) return inner.text;
  const type = checker.getTypeAtLocation(inner);
  return type.isStringLiteral() ? type.value : undefined;
}

/** Names the object an expression denotes by its declaration; undefined when it has none we can name. */
function objectIdentity(checker: ts.TypeChecker, expression: ts.Expression, dependsOn: (node: ts.Node) => void): ObjectIdentity | undefined {
  const inner = skipValueWrappers(expression);
  if (ts.isIdentifier(inner)) {
    const declaration = declarationOf(checker, inner);
    if (!declaration || !isBinding(declaration)) return undefined;
    dependsOn(declaration);
    return { key: declarationKey(declaration), label: inner.text, instance: undefined, declaration };
  }
  if (ts.isPropertyAccessExpression(inner)) {
    const declaration = declarationOf(checker, inner.name);
    if (!declaration) return undefined;
    dependsOn(declaration);
    const owner = ownerName(declaration);
    const isInstanceMember = (ts.isPropertyDeclaration(declaration) || ts.isPropertySignature(declaration) || ts.isGetAccessorDeclaration(declaration)) &&
      !(ts.getCombinedModifierFlags(declaration) & ts.ModifierFlags.Static);
    const label = owner ? `${owner}.${inner.name.text}` : inner.getText().replace(/\s+/g, '');
    if (!isInstanceMember) return { key: declarationKey(declaration), label, instance: undefined, declaration };
    return { key: declarationKey(declaration), label, family: true, instance: instanceOf(checker, inner.expression), declaration };
  }
  if (ts.isElementAccessExpression(inner)) {
    const base = objectIdentity(checker, inner.expression, dependsOn);
    if (!base) return undefined;
    const element = instanceOf(checker, inner.argumentExpression);
    const instance = element === undefined ? undefined : `${base.instance ?? ''}[${element}]`;
    return { key: `${base.key}[*]`, label: `${base.label}[*]`, family: true, instance, declaration: base.declaration };
  }
  return undefined;
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

/** `new Semaphore(n)` (possibly inside `withTimeout(…)`) at the declaration: n; otherwise unknown. */
function semaphoreCapacity(declaration: ts.Node | undefined): number {
  let initializer = declaration && initializerOf(declaration);
  while (initializer && ts.isCallExpression(initializer) && initializer.arguments.length > 0) initializer = skipValueWrappers(initializer.arguments[0]!);
  if (initializer && ts.isNewExpression(initializer)) {
    const first = initializer.arguments?.[0];
    if (first && ts.isNumericLiteral(first)) return Number(first.text);
  }
  return Infinity;
}

/** async-lock's `new AsyncLock({ domainReentrant: true })`. */
function isDomainReentrant(declaration: ts.Node | undefined): boolean {
  const initializer = declaration && initializerOf(declaration);
  const options = initializer && ts.isNewExpression(initializer) ? initializer.arguments?.[0] : undefined;
  return options !== undefined && ts.isObjectLiteralExpression(options) && options.properties.some((property) =>
    ts.isPropertyAssignment(property) && property.name.getText() === 'domainReentrant' && property.initializer.kind === ts.SyntaxKind.TrueKeyword);
}

function initializerOf(declaration: ts.Node): ts.Expression | undefined {
  if (ts.isVariableDeclaration(declaration) || ts.isPropertyDeclaration(declaration) || ts.isPropertyAssignment(declaration)) {
    return declaration.initializer && skipValueWrappers(declaration.initializer);
  }
  return undefined;
}
