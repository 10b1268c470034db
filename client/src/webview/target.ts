// "Show this deadlock": which of the model's locks a finding names, whether a deadlock the scheduler reached is
// the finding's, and what the model says about its own limits when it does not reach it. The target arrives as
// untrusted JSON (a command argument, a hover link): it is checked here, and its strings are only ever text.
import type { ConcurrencyModel, LockDecl, Step } from '../../../model/schema';
import type { Deadlock } from '../../../scheduler/index';
import type { DeadlockLock, DeadlockTarget } from '../visualizer/messages';

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

export function parseTarget(value: unknown): DeadlockTarget | undefined {
  if (!isObject(value) || typeof value.uri !== 'string' || typeof value.rule !== 'string' || !Array.isArray(value.locks)) return undefined;
  const locks = value.locks.map(parseLock);
  if (locks.length === 0 || locks.some((lock) => lock === undefined)) return undefined;
  return { uri: value.uri, rule: value.rule, locks: locks as DeadlockLock[] };
}

function parseLock(value: unknown): DeadlockLock | undefined {
  if (!isObject(value) || typeof value.label !== 'string') return undefined;
  const lock: DeadlockLock = { label: value.label };
  if (value.family === true) lock.family = true;
  const at = value.declaration;
  if (isObject(at) && typeof at.uri === 'string' && Number.isInteger(at.line) && Number.isInteger(at.character)) {
    lock.declaration = { uri: at.uri, line: at.line as number, character: at.character as number };
  }
  return lock;
}

/**
 * The model's locks a finding's lock is: named alike, or — for a family, whose instances the model names each its
 * own way (`from.lock`, `forks[3]`) — any lock declared at the family's declaration. Keys of one keyed lock share
 * its declaration too, so a named key matches by its name alone.
 */
function matches(decl: LockDecl, lock: DeadlockLock): boolean {
  const at = lock.declaration;
  const declaredThere = at !== undefined && decl.range !== undefined && decl.range.uri === at.uri && decl.range.start.line === at.line && decl.range.start.character === at.character;
  if (lock.family) return declaredThere || (at === undefined && decl.name === lock.label);
  return decl.name === lock.label && (at === undefined || decl.range === undefined || declaredThere);
}

/** Accepts a deadlock whose cycle takes in each of the finding's locks; or why no deadlock can (a lock the model lacks). */
export function deadlockOn(model: ConcurrencyModel, target: DeadlockTarget): { accept: (deadlock: Deadlock) => boolean } | { missing: string[] } {
  const groups = target.locks.map((lock) => new Set(model.locks.filter((decl) => matches(decl, lock)).map((decl) => decl.id)));
  const missing = target.locks.filter((_, i) => groups[i]!.size === 0).map((lock) => lock.label);
  if (missing.length > 0) return { missing };
  return {
    accept: (deadlock) => {
      const inCycle = new Set(deadlock.cycle.flatMap((edge) => (edge.lock === undefined ? [] : [edge.lock])));
      return groups.every((ids) => [...ids].some((id) => inCycle.has(id)));
    },
  };
}

/**
 * What the model says it approximated: its `approximations` (a value unknown, a loop cut), and the notes on its
 * steps (a call not inlined, a branch decided), once each.
 */
export function modelLimits(model: ConcurrencyModel): string[] {
  const approximations = (model.approximations ?? []).map((approximation) => approximation.message);
  const notes = model.tasks.flatMap((task) => notesIn(task.steps));
  return [...new Set([...approximations, ...notes])];
}

function notesIn(steps: readonly Step[]): string[] {
  return steps.flatMap((step) => [
    ...(step.note ? [step.note] : []),
    ...(step.kind === 'call' ? notesIn(step.steps) : []),
    ...(step.kind === 'branch' ? step.alternatives.flatMap((alternative) => notesIn(alternative.steps)) : []),
  ]);
}
