// Type questions the promise rules ask. Everything is decided by the checker's types, never by names:
// a "thenable" is anything with a callable `then`, as the Promises/A+ resolution procedure treats it.
import ts from 'typescript';

/** A union's members, or the type itself. Intersections count as one type (their properties merge). */
export function constituents(type: ts.Type): readonly ts.Type[] {
  return type.isUnion() ? type.types : [type];
}

function isCallable(type: ts.Type): boolean {
  return constituents(type).some((member) => member.getCallSignatures().length > 0);
}

/** True when the type, or any member of a union, has a callable `then`. `any` and `unknown` are not thenable. */
export function isThenableType(checker: ts.TypeChecker, type: ts.Type): boolean {
  return constituents(type).some((member) => {
    const then = member.getProperty('then');
    return then !== undefined && isCallable(checker.getNonNullableType(checker.getTypeOfSymbol(then)));
  });
}

/** The element types of an array or tuple type (or of any such union member); empty for anything else. */
function arrayElementTypes(checker: ts.TypeChecker, type: ts.Type): ts.Type[] {
  return constituents(type).flatMap((member) =>
    (checker.isArrayType(member) || checker.isTupleType(member)) ? checker.getTypeArguments(member as ts.TypeReference) : [],
  );
}

/** Whether every non-nullish member has a callable `catch` (a Promise does; a bare PromiseLike does not). */
export function hasCatchMethod(checker: ts.TypeChecker, type: ts.Type): boolean {
  const members = constituents(checker.getNonNullableType(type));
  return members.length > 0 && members.every((member) => {
    const method = member.getProperty('catch');
    return method !== undefined && isCallable(checker.getTypeOfSymbol(method));
  });
}

/** Whether the type admits `undefined` or `null` (`Promise<void> | undefined`), so members need `?.`. */
export function isNullableType(type: ts.Type): boolean {
  return constituents(type).some((member) => (member.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null)) !== 0);
}

/** An array or tuple holding promises or thenables: `xs.map(async …)`, `[a(), b()]`. */
export function isThenableArrayType(checker: ts.TypeChecker, type: ts.Type): boolean {
  return arrayElementTypes(checker, type).some((element) => isThenableType(checker, element));
}

export type GeneratorKind = 'generator' | 'async generator';

const GENERATOR_KINDS: Record<string, GeneratorKind> = { Generator: 'generator', AsyncGenerator: 'async generator' };

/** Whether the type is the standard library's Generator or AsyncGenerator (what calling a `function*` creates). */
export function generatorKind(program: ts.Program, type: ts.Type): GeneratorKind | undefined {
  const symbol = type.getSymbol();
  const kind = symbol && GENERATOR_KINDS[symbol.getName()];
  if (!kind) return undefined;
  const fromLib = symbol.getDeclarations()?.some((declaration) => program.isSourceFileDefaultLibrary(declaration.getSourceFile()));
  return fromLib ? kind : undefined;
}

/** Whether calling a value of this type can produce a thenable (some call signature returns one). */
export function returnsThenable(checker: ts.TypeChecker, type: ts.Type): boolean {
  return constituents(type).some((member) =>
    member.getCallSignatures().some((signature) => isThenableType(checker, signature.getReturnType())),
  );
}

/**
 * Whether a callback slot of this (contextual) type ignores what the callback returns: the function-typed members
 * exist and every one of their call signatures returns exactly `void`. Non-callable members (an
 * EventListenerObject beside the listener function, `undefined` for an optional parameter) do not count.
 */
export function isVoidReturningCallbackType(type: ts.Type): boolean {
  const signatures = constituents(type).flatMap((member) => member.getCallSignatures());
  return signatures.length > 0 && signatures.every((signature) => (signature.getReturnType().flags & ts.TypeFlags.Void) !== 0);
}
