// Node's EventEmitter as events the model can wait for and set, decided by the declaration a call resolves to —
// never by its spelling: `once(emitter, 'name')` (events' static `once`) waits for the event, `emitter.emit('name')`
// sets it. A user's own `once` or `emit` is not one of these. Also here: the calls that unregister a listener.
import ts from 'typescript';
import { DEFAULT_LIBRARY, declaringModuleOf, moduleNameOf, resolvedDeclaration } from './blocking-apis';
import { skipValueWrappers } from './syntax';

/** Where a call's emitter and event name are: an argument's index, or the receiver of a method call. */
interface EventCall {
  /** The module that declares the owner (`declare module "events"`). */
  declaredIn: string;
  owners: readonly string[];
  member: string;
  does: 'wait' | 'signal';
  emitter: number | 'receiver';
  name: number;
}

const EVENT_CALLS: readonly EventCall[] = [
  // `await once(emitter, 'ready')`: resolves when the emitter next emits the event.
  { declaredIn: 'events', owners: ['EventEmitter'], member: 'once', does: 'wait', emitter: 0, name: 1 },
  // `emitter.emit('ready', …)`, declared on NodeJS.EventEmitter (which the events module's class implements).
  { declaredIn: 'events', owners: ['EventEmitter'], member: 'emit', does: 'signal', emitter: 'receiver', name: 0 },
];

export interface EmitterEventCall {
  does: 'wait' | 'signal';
  emitter: ts.Expression;
  name: ts.Expression;
}

/** The emitter and event name of a call that waits for (or emits) a Node event, with their expressions. */
export function emitterEventCall(program: ts.Program, call: ts.CallExpression): EmitterEventCall | undefined {
  const declaration = resolvedDeclaration(program.getTypeChecker(), call);
  const owner = declaration?.parent;
  const member = declaration && ts.getNameOfDeclaration(declaration);
  if (!owner || !member || !ts.isIdentifier(member) || !(ts.isClassDeclaration(owner) || ts.isInterfaceDeclaration(owner)) || !owner.name) return undefined;
  const declaredIn = moduleNameOf(program, declaration);
  const entry = EVENT_CALLS.find((each) => each.declaredIn === declaredIn && each.member === member.text && each.owners.includes(owner.name!.text));
  if (!entry) return undefined;
  const callee = skipValueWrappers(call.expression);
  const emitter = entry.emitter === 'receiver' ? (ts.isPropertyAccessExpression(callee) ? callee.expression : undefined) : call.arguments[entry.emitter];
  const name = call.arguments[entry.name];
  return emitter && name ? { does: entry.does, emitter, name } : undefined;
}

/**
 * Methods that take a listener only to unregister it, so they never call it: declared by the type `base` of the
 * module `declaredIn`, or redeclared by a type derived from it (the DOM's elements and Window, Node's streams and
 * sockets each declare their own overloads).
 */
interface ListenerRemoval {
  declaredIn: string;
  base: string;
  members: readonly string[];
  /** The listener's argument index. */
  listener: number;
}

const LISTENER_REMOVALS: readonly ListenerRemoval[] = [
  { declaredIn: DEFAULT_LIBRARY, base: 'EventTarget', members: ['removeEventListener'], listener: 1 },
  // The deprecated `mediaQueryList.removeListener(listener)`.
  { declaredIn: DEFAULT_LIBRARY, base: 'MediaQueryList', members: ['removeListener'], listener: 0 },
  // @types/node's own EventTarget (its web globals, when the DOM library is absent) and NodeEventTarget's aliases.
  { declaredIn: 'node', base: 'EventTarget', members: ['removeEventListener'], listener: 1 },
  { declaredIn: 'events', base: 'NodeEventTarget', members: ['off', 'removeListener'], listener: 1 },
  // NodeJS.EventEmitter (declared in the events module) and the classes and interfaces built on it: process, streams.
  { declaredIn: 'events', base: 'EventEmitter', members: ['off', 'removeListener'], listener: 1 },
  // The browser-ready emitters: eventemitter3's class (p-queue's base), and typed-emitter's interface over Node's.
  { declaredIn: 'eventemitter3', base: 'EventEmitter', members: ['off', 'removeListener'], listener: 1 },
  { declaredIn: 'typed-emitter', base: 'TypedEventEmitter', members: ['off', 'removeListener'], listener: 1 },
];

/** Whether this argument is the listener a call unregisters (`target.removeEventListener('x', onX)`, `emitter.off('x', onX)`). */
export function isRemovedListener(program: ts.Program, argument: ts.Node): boolean {
  const call = argument.parent;
  if (!ts.isCallExpression(call)) return false;
  const declaration = resolvedDeclaration(program.getTypeChecker(), call);
  const member = declaration && ts.getNameOfDeclaration(declaration);
  const owner = declaration?.parent;
  if (!member || !ts.isIdentifier(member) || !owner || !(ts.isClassDeclaration(owner) || ts.isInterfaceDeclaration(owner))) return false;
  const index = call.arguments.indexOf(argument as ts.Expression);
  const removals = LISTENER_REMOVALS.filter((entry) => entry.listener === index && entry.members.includes(member.text));
  return removals.length > 0 && selfAndBases(program.getTypeChecker(), owner).some((type) => {
    const name = type.getSymbol()?.getName();
    return (type.getSymbol()?.getDeclarations() ?? []).some((base) =>
      removals.some((entry) => entry.base === name && entry.declaredIn === declaringModuleOf(program, base)));
  });
}

/** The type a class or interface declares, and every type it extends, transitively. */
function selfAndBases(checker: ts.TypeChecker, owner: ts.ClassDeclaration | ts.InterfaceDeclaration): ts.Type[] {
  const symbol = owner.name && checker.getSymbolAtLocation(owner.name);
  const found: ts.Type[] = [];
  const visit = (type: ts.Type): void => {
    if (found.includes(type)) return;
    found.push(type);
    if (type.isClassOrInterface()) for (const base of checker.getBaseTypes(type)) visit(base);
  };
  if (symbol) visit(checker.getDeclaredTypeOfSymbol(symbol));
  return found;
}
