// A source file → its concurrency model (model/schema.ts): a task for its top-level code when that code starts
// tasks (else task templates for its entry points), the templates their spawns start, the locks they touch and the events they wait for and set.
// Reads the lock model, the blocking facts and the checker; never runs anything, and every name taken from user
// code ends up as a plain string in the model.
import * as path from 'node:path';
import ts from 'typescript';
import { MODEL_VERSION, type ConcurrencyModel, type ModelResult, type SourceRange, type Step, type TaskTemplate } from '../../../../model/schema';
import { blockingAnalysisFor } from '../blocking';
import type { FunctionWithBody } from '../functions';
import { lockAnalysis } from '../locks/lock-analysis';
import type { AnalysisSettings } from '../types';
import { ExtractionContext } from './context';
import { entryPoint, exportedAsyncEntries, namedEntries, type EntryPoint } from './entries';
import { countingSemaphores } from './counting';
import { EventTable, noteSignalsNotModelled } from './events';
import { LockTable, ModelIds } from './lock-table';
import { rangeBetween, type UriOf } from './ranges';
import { spawnedBy, stepsOfFunction } from './steps';
import { boundValue, describeValue, NO_BINDINGS, receiverSymbol, type Bindings, type Value } from './values';

export interface ExtractionInput {
  program: ts.Program;
  sourceFile: ts.SourceFile;
  /** Functions of the file to model (by `functionName`: `transfer`, `Bank.audit`); default: exported async ones. */
  entries?: readonly string[];
  settings: Pick<AnalysisSettings, 'locks' | 'blockingCalls'>;
  uriOf: UriOf;
  /** Lock ids name their file relative to this folder (the project's root). */
  rootDir: string;
}

export function extractConcurrencyModel(input: ExtractionInput): ModelResult {
  const { program, sourceFile } = input;
  const fileName = path.basename(sourceFile.fileName);
  const checker = program.getTypeChecker();
  let entries: EntryPoint[];
  if (input.entries && input.entries.length > 0) {
    const named = namedEntries(sourceFile, input.entries);
    if (named.missing.length > 0) return { model: null, reason: `${fileName} has no function named ${named.missing.map((name) => JSON.stringify(name)).join(', ')}` };
    entries = named.entries;
  } else {
    const started = new Extraction(input, true).fromTopLevel(fileName);
    if (started) return { model: started };
    entries = exportedAsyncEntries(checker, sourceFile);
  }
  if (entries.length === 0) {
    return { model: null, reason: `${fileName} has no async entry point to model: no exported async function, nor async method of an exported class` };
  }
  return { model: new Extraction(input, false).fromEntries(entries) };
}

/** One model being extracted: its templates, its locks, and what every function walk shares. */
class Extraction {
  private readonly templates: Templates;
  private readonly locks: LockTable;
  private readonly events: EventTable;
  private readonly context: ExtractionContext;

  /** `byInstance`: a task started with values known before run time is an instance of its own (`philosopher(3)`). */
  constructor(private readonly input: ExtractionInput, byInstance: boolean) {
    const { program, settings } = input;
    this.templates = new Templates(program.getTypeChecker(), input.uriOf, byInstance);
    const ids = new ModelIds(input.rootDir);
    this.locks = new LockTable(ids, input.uriOf, (message, at) => this.context.approximate(message, at));
    this.events = new EventTable(ids, input.uriOf);
    this.context = new ExtractionContext(
      program, lockAnalysis(program, settings.locks), settings.locks, blockingAnalysisFor(program, settings.blockingCalls),
      this.locks, this.events, input.uriOf, (fn, bindings) => this.templates.spawned(fn, bindings, this.build),
    );
  }

  /**
   * The program as its module code runs it, when that code starts tasks (directly or through a `main()` it
   * calls): one task for the top-level code, and one instance per task it starts. Undefined when it starts none.
   */
  fromTopLevel(fileName: string): ConcurrencyModel | undefined {
    const { sourceFile } = this.input;
    const steps = stepsOfFunction(this.context, { fn: sourceFile, stack: [], bindings: NO_BINDINGS });
    if (!this.templates.started()) return undefined;
    return this.model(inStartOrder([{ name: this.templates.reserve(fileName), steps }, ...this.templates.all()]));
  }

  /** Each entry point a task, with its parameters unknown. */
  fromEntries(entries: readonly EntryPoint[]): ConcurrencyModel {
    for (const entry of entries) this.templates.entry(entry);
    this.templates.build(this.build);
    return this.model(this.templates.all());
  }

  private readonly build = (fn: FunctionWithBody, bindings: Bindings): Step[] => stepsOfFunction(this.context, { fn, stack: [fn], bindings });

  private model(tasks: TaskTemplate[]): ConcurrencyModel {
    noteSignalsNotModelled(this.context);
    const approximations = [...this.context.approximations.values()].sort((a, b) => compareRanges(a.range, b.range));
    const locks = this.locks.decls();
    const counting = countingSemaphores(tasks);
    for (const lock of locks) if (lock.kind === 'semaphore' && counting.has(lock.id)) lock.counting = true;
    const events = this.events.decls();
    const model: ConcurrencyModel = { version: MODEL_VERSION, uri: this.input.uriOf(this.input.sourceFile.fileName), locks, ...(events.length > 0 ? { events } : {}), tasks };
    return approximations.length > 0 ? { ...model, approximations } : model;
  }
}

type BuildSteps = (fn: FunctionWithBody, bindings: Bindings) => Step[];

/**
 * The task templates: one per entry point (one instance each), and one per function a spawn starts that is not an
 * entry point (`instances: 0`: it runs only when spawned) — when modelling what the top-level code starts, one per
 * instance whose spawn passes values known before run time (`philosopher(3)`). Names are the functions' names (with those values), made unique.
 */
class Templates {
  private readonly templates = new Map<string, TaskTemplate>();
  private readonly keys = new Map<FunctionWithBody, string>();
  private readonly names = new Set<string>();
  private readonly unbuilt: [FunctionWithBody, TaskTemplate][] = [];
  private spawns = 0;

  constructor(private readonly checker: ts.TypeChecker, private readonly uriOf: UriOf, private readonly byInstance: boolean) {}

  entry(entry: EntryPoint): void {
    const template: TaskTemplate = { name: this.reserve(entry.name), range: rangeBetween(entry.fn.getSourceFile(), entry.start, entry.headerEnd, this.uriOf), steps: [] };
    this.templates.set(this.keyOf(entry.fn, []), template);
    this.unbuilt.push([entry.fn, template]);
  }

  build(steps: BuildSteps): void {
    for (let next = this.unbuilt.shift(); next; next = this.unbuilt.shift()) next[1].steps = steps(next[0], NO_BINDINGS);
  }

  /** The template a spawn of fn with these arguments starts; built now if new (registered first, so a function that spawns itself ends). */
  spawned(fn: FunctionWithBody, bindings: Bindings, steps: BuildSteps): string {
    this.spawns++;
    const valueOf = (symbol: ts.Symbol | undefined) => {
      const bound = symbol && bindings.get(symbol);
      return bound && boundValue(this.checker, bound);
    };
    const values = fn.parameters.map((parameter) => valueOf(ts.isIdentifier(parameter.name) ? this.checker.getSymbolAtLocation(parameter.name) : undefined));
    const receiver = valueOf(receiverSymbol(this.checker, fn));
    const known = this.byInstance && [receiver, ...values].some((value) => value !== undefined);
    const key = this.keyOf(fn, known ? [receiver, ...values] : []);
    const existing = this.templates.get(key);
    if (existing) return existing.name;
    const { name, start, headerEnd } = entryPoint(fn);
    // `alice.transferTo(bob)`: the receiver instead of the class.
    const called = receiver && fn.name ? `${describeValue(receiver)}.${fn.name.getText()}` : name;
    const instanceName = known ? `${called}(${values.map(describeValue).join(', ')})` : name;
    const template: TaskTemplate = { name: this.reserve(instanceName), instances: 0, range: rangeBetween(fn.getSourceFile(), start, headerEnd, this.uriOf), steps: [] };
    this.templates.set(key, template);
    template.steps = steps(fn, known ? bindings : NO_BINDINGS);
    return template.name;
  }

  /** Whether any walk so far started a task. */
  started(): boolean {
    return this.spawns > 0;
  }

  all(): TaskTemplate[] {
    return [...this.templates.values()];
  }

  /** A name no template has yet, from the one wanted. */
  reserve(wanted: string): string {
    let name = wanted;
    for (let n = 2; this.names.has(name); n++) name = `${wanted}~${n}`;
    this.names.add(name);
    return name;
  }

  private keyOf(fn: FunctionWithBody, values: readonly (Value | undefined)[]): string {
    let functionKey = this.keys.get(fn);
    if (functionKey === undefined) this.keys.set(fn, (functionKey = String(this.keys.size)));
    return `${functionKey}(${values.map(valueKey).join(',')})`;
  }
}

function valueKey(value: Value | undefined): string {
  if (value === undefined) return '?';
  if (value.kind === 'object') return `@${value.key}`;
  if (value.kind === 'tuple') return `[${value.elements.map(valueKey).join(',')}]`;
  return JSON.stringify(value.value);
}

/** In reading order: by document, then position. */
function compareRanges(a: SourceRange | undefined, b: SourceRange | undefined): number {
  if (!a || !b) return a ? -1 : b ? 1 : 0;
  return a.uri.localeCompare(b.uri) || a.start.line - b.start.line || a.start.character - b.start.character;
}

/**
 * The templates in the order the first one starts them, depth first (the walk meets a block's last statement
 * first, so the order of registration is not the program's).
 */
function inStartOrder(templates: TaskTemplate[]): TaskTemplate[] {
  const byName = new Map(templates.map((template) => [template.name, template]));
  const ordered = new Set<TaskTemplate>();
  const visit = (template: TaskTemplate | undefined): void => {
    if (!template || ordered.has(template)) return;
    ordered.add(template);
    spawnedBy(template.steps).forEach((name) => visit(byName.get(name)));
  };
  templates.forEach(visit);
  return [...ordered];
}
