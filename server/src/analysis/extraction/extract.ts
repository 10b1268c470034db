// A source file → its concurrency model (model/schema.ts): task templates for its entry points, the templates their
// spawns start, and the locks they touch. Reads the lock model, the blocking facts and the checker; never runs
// anything, and every name taken from user code ends up as a plain string in the model.
import * as path from 'node:path';
import type * as ts from 'typescript';
import { MODEL_VERSION, type ModelResult, type Step, type TaskTemplate } from '../../../../model/schema';
import { blockingAnalysisFor } from '../blocking';
import type { FunctionWithBody } from '../functions';
import { lockAnalysis } from '../locks/lock-analysis';
import type { AnalysisSettings } from '../types';
import { ExtractionContext } from './context';
import { entryPoint, exportedAsyncEntries, namedEntries, type EntryPoint } from './entries';
import { LockTable } from './lock-table';
import { rangeBetween, type UriOf } from './ranges';
import { stepsOfFunction } from './steps';
import { NO_BINDINGS } from './timers';

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
    entries = exportedAsyncEntries(checker, sourceFile);
  }
  if (entries.length === 0) {
    return { model: null, reason: `${fileName} has no async entry point to model: no exported async function, nor async method of an exported class` };
  }

  const templates = new Templates(input.uriOf);
  const locks = new LockTable(input.rootDir, input.uriOf);
  const context: ExtractionContext = new ExtractionContext(
    program, lockAnalysis(program, input.settings.locks), input.settings.locks, blockingAnalysisFor(program, input.settings.blockingCalls),
    locks, input.uriOf, (fn) => templates.spawned(fn, build),
  );
  const build = (fn: FunctionWithBody): Step[] => stepsOfFunction(context, { fn, stack: [fn], bindings: NO_BINDINGS });
  for (const entry of entries) templates.entry(entry);
  templates.build(build);
  return { model: { version: MODEL_VERSION, uri: input.uriOf(sourceFile.fileName), locks: locks.decls(), tasks: templates.all() } };
}

/**
 * The task templates: one per entry point (one instance each), and one per function a spawn starts that is not an
 * entry point (`instances: 0`: it runs only when spawned). Names are the functions' names, made unique.
 */
class Templates {
  private readonly byFunction = new Map<FunctionWithBody, TaskTemplate>();
  private readonly names = new Set<string>();
  private readonly unbuilt: [FunctionWithBody, TaskTemplate][] = [];

  constructor(private readonly uriOf: UriOf) {}

  entry(entry: EntryPoint): void {
    const template: TaskTemplate = { name: this.uniqueName(entry.name), range: rangeBetween(entry.fn.getSourceFile(), entry.start, entry.headerEnd, this.uriOf), steps: [] };
    this.byFunction.set(entry.fn, template);
    this.unbuilt.push([entry.fn, template]);
  }

  build(steps: (fn: FunctionWithBody) => TaskTemplate['steps']): void {
    for (let next = this.unbuilt.shift(); next; next = this.unbuilt.shift()) next[1].steps = steps(next[0]);
  }

  /** The template a spawn of fn starts; built now if new (registered first, so a function that spawns itself ends). */
  spawned(fn: FunctionWithBody, steps: (fn: FunctionWithBody) => TaskTemplate['steps']): string {
    const known = this.byFunction.get(fn);
    if (known) return known.name;
    const { name, start, headerEnd } = entryPoint(fn);
    const template: TaskTemplate = { name: this.uniqueName(name), instances: 0, range: rangeBetween(fn.getSourceFile(), start, headerEnd, this.uriOf), steps: [] };
    this.byFunction.set(fn, template);
    template.steps = steps(fn);
    return template.name;
  }

  all(): TaskTemplate[] {
    return [...this.byFunction.values()];
  }

  private uniqueName(wanted: string): string {
    let name = wanted;
    for (let n = 2; this.names.has(name); n++) name = `${wanted}~${n}`;
    this.names.add(name);
    return name;
  }
}
