// Checks that a JSON value is a concurrency model the scheduler can run. Models come from the server, from a
// `*.model.json` file a person wrote, or through a webview message: each is checked here once, with every
// problem named by its path, so the engine itself can trust what it is given.
import { MODEL_VERSION, type ConcurrencyModel, type Step } from './schema';
export type ValidationResult = { ok: true; model: ConcurrencyModel } | { ok: false; errors: string[] };

const STEP_KINDS = new Set(['acquire', 'release', 'timer', 'io', 'block', 'call', 'spawn', 'join', 'wait', 'signal', 'branch']);
const LOCK_KINDS = new Set(['mutex', 'semaphore', 'keyed']);

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const isDuration = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value) && value >= 0;

export function validateModel(value: unknown): ValidationResult {
  const errors: string[] = [];
  if (!isObject(value)) return { ok: false, errors: ['the model is not a JSON object'] };
  if (value.version !== MODEL_VERSION) errors.push(`version: expected ${MODEL_VERSION}, found ${JSON.stringify(value.version)}`);
  if (typeof value.uri !== 'string') errors.push('uri: expected a string');
  const lockIds = checkLocks(value.locks, errors);
  const eventIds = checkEvents(value.events, errors);
  const templates = templateNames(value.tasks, errors);
  if (Array.isArray(value.tasks)) {
    value.tasks.forEach((task, i) => {
      const path = `tasks[${i}]`;
      if (!isObject(task)) return;
      if (task.instances !== undefined && !(Number.isInteger(task.instances) && (task.instances as number) >= 0)) {
        errors.push(`${path}.instances: expected a whole number ≥ 0`);
      }
      checkSteps(task.steps, `${path}.steps`, { lockIds, eventIds, templates, errors });
    });
  }
  checkApproximations(value.approximations, errors);
  return errors.length === 0 ? { ok: true, model: value as unknown as ConcurrencyModel } : { ok: false, errors };
}

/** Optional: a list of `{ message }` (with a range, for people to find). */
function checkApproximations(approximations: unknown, errors: string[]): void {
  if (approximations === undefined) return;
  if (!Array.isArray(approximations)) return void errors.push('approximations: expected an array');
  approximations.forEach((approximation, i) => {
    if (!isObject(approximation) || typeof approximation.message !== 'string') errors.push(`approximations[${i}].message: expected a string`);
  });
}

function checkLocks(locks: unknown, errors: string[]): Set<string> {
  if (!Array.isArray(locks)) {
    errors.push('locks: expected an array');
    return new Set();
  }
  const ids = declaredIds(locks, 'locks', errors);
  locks.forEach((lock, i) => {
    const path = `locks[${i}]`;
    if (!isObject(lock)) return;
    if (!LOCK_KINDS.has(lock.kind as string)) errors.push(`${path}.kind: expected mutex, semaphore or keyed`);
    // A semaphore's capacity is its initial permits, which a counter (a bounded buffer's full slots) starts at 0.
    const least = lock.kind === 'semaphore' ? 0 : 1;
    if (lock.capacity !== undefined && !(Number.isInteger(lock.capacity) && (lock.capacity as number) >= least)) {
      errors.push(`${path}.capacity: expected a whole number ≥ ${least}`);
    }
    if (lock.counting !== undefined && typeof lock.counting !== 'boolean') errors.push(`${path}.counting: expected true or false`);
    if (typeof lock.reentrant !== 'boolean') errors.push(`${path}.reentrant: expected true or false`);
  });
  return ids;
}

/** Optional: a list of `{ id, name }`. */
function checkEvents(events: unknown, errors: string[]): Set<string> {
  if (events === undefined) return new Set();
  if (!Array.isArray(events)) {
    errors.push('events: expected an array');
    return new Set();
  }
  return declaredIds(events, 'events', errors);
}

/** The ids of a list of declarations (locks, events), each an object with a unique non-empty id and a name. */
function declaredIds(declarations: unknown[], list: string, errors: string[]): Set<string> {
  const ids = new Set<string>();
  declarations.forEach((declaration, i) => {
    const path = `${list}[${i}]`;
    if (!isObject(declaration)) return void errors.push(`${path}: expected an object`);
    if (typeof declaration.id !== 'string' || declaration.id === '') errors.push(`${path}.id: expected a non-empty string`);
    else if (ids.has(declaration.id)) errors.push(`${path}.id: "${declaration.id}" is declared twice`);
    else ids.add(declaration.id);
    if (typeof declaration.name !== 'string') errors.push(`${path}.name: expected a string`);
  });
  return ids;
}

function templateNames(tasks: unknown, errors: string[]): Set<string> {
  const names = new Set<string>();
  if (!Array.isArray(tasks)) {
    errors.push('tasks: expected an array');
    return names;
  }
  tasks.forEach((task, i) => {
    if (!isObject(task)) return void errors.push(`tasks[${i}]: expected an object`);
    if (typeof task.name !== 'string' || task.name === '') errors.push(`tasks[${i}].name: expected a non-empty string`);
    else if (names.has(task.name)) errors.push(`tasks[${i}].name: "${task.name}" is declared twice`);
    else names.add(task.name);
  });
  return names;
}

interface StepContext {
  lockIds: Set<string>;
  eventIds: Set<string>;
  templates: Set<string>;
  errors: string[];
}

function checkSteps(steps: unknown, path: string, context: StepContext): void {
  if (!Array.isArray(steps)) return void context.errors.push(`${path}: expected an array of steps`);
  steps.forEach((step, i) => checkStep(step, `${path}[${i}]`, context));
}

function checkStep(step: unknown, path: string, context: StepContext): void {
  const { errors } = context;
  if (!isObject(step) || !STEP_KINDS.has(step.kind as string)) {
    return void errors.push(`${path}.kind: expected one of ${[...STEP_KINDS].join(', ')}`);
  }
  const typed = step as unknown as Step;
  switch (typed.kind) {
    case 'acquire':
    case 'release':
      if (!context.lockIds.has(typed.lock)) errors.push(`${path}.lock: no lock has the id ${JSON.stringify(typed.lock)}`);
      if (typed.kind === 'acquire' && typed.mode !== undefined && typed.mode !== 'exclusive' && typed.mode !== 'shared') {
        errors.push(`${path}.mode: expected exclusive or shared`);
      }
      return;
    case 'timer':
    case 'block':
      if (!isDuration(typed.ms)) errors.push(`${path}.ms: expected a duration ≥ 0`);
      if (typed.kind === 'block' && typeof typed.call !== 'string') errors.push(`${path}.call: expected a string`);
      return;
    case 'io':
      if (typed.ms !== undefined && !isDuration(typed.ms)) errors.push(`${path}.ms: expected a duration ≥ 0`);
      return;
    case 'call':
      if (typeof typed.function !== 'string') errors.push(`${path}.function: expected a string`);
      return checkSteps(typed.steps, `${path}.steps`, context);
    case 'spawn':
      if (!context.templates.has(typed.template)) errors.push(`${path}.template: no task template is named ${JSON.stringify(typed.template)}`);
      return;
    case 'join':
      if (typed.group !== undefined && typeof typed.group !== 'string') errors.push(`${path}.group: expected a string`);
      return;
    case 'wait':
    case 'signal':
      if (!context.eventIds.has(typed.event)) errors.push(`${path}.event: no event has the id ${JSON.stringify(typed.event)}`);
      return;
    case 'branch':
      if (!Array.isArray(typed.alternatives) || typed.alternatives.length === 0) {
        return void errors.push(`${path}.alternatives: expected a non-empty array`);
      }
      typed.alternatives.forEach((alternative, i) => checkSteps(isObject(alternative) ? alternative.steps : undefined, `${path}.alternatives[${i}].steps`, context));
      return;
  }
}
