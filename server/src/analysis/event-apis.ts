// Node's EventEmitter as events the model can wait for and set, decided by the declaration a call resolves to —
// never by its spelling: `once(emitter, 'name')` (events' static `once`) waits for the event, `emitter.emit('name')`
// sets it. A user's own `once` or `emit` is not one of these.
import ts from 'typescript';
import { moduleNameOf, resolvedDeclaration } from './blocking-apis';
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
