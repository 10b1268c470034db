// The analysis entry point for every host: finds the project a file belongs to, keeps open documents as
// overlays, and caches each file's findings per rule scope, under keys made of the versions of the file and of
// what the scope's rules read: what the file imports (file scope), every project file (project scope). An edit
// re-runs the file-scope rules on the edited file and its importers only, and reuses the rest.
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import ts from 'typescript';
import { checkRules, finishRules, type RuleResult } from './analyze';
import { AnalysisCancelled, guardChecker, overTimeReason, withBudget, type AnalysisBudget } from './cancellation';
import { Configurations, ignoringGlob, type FileConfiguration } from './config';
import { FileGate } from './file-gate';
import { lockHover } from './locks/hover';
import { syntaxErrorNotes } from './syntax-errors';
import { unresolvedLockLibraryNotes } from './locks/unresolved-libraries';
import { extractModel } from './extraction/index';
import type { ModelResult } from '../../../model/schema';
import { JSDOC_PARSING_MODE, Project, type Overlays } from './project';
import { ALL_RULES } from './rules/index';
import { severityOf } from './settings';
import { importsDigest, libraryFiles, projectFiles, transitiveImports } from './program-files';
import { forgetProgram, perProgramMemo } from './summaries';
import type { AnalysisSettings, AnyRule, FileAnalysis } from './types';

const CONFIG_NAMES = ['tsconfig.json', 'jsconfig.json'];

export interface WorkspaceOptions {
  log?: (message: string) => void;
  rules?: readonly AnyRule[];
  /** Analyse every file with this tsconfig instead of the nearest one above it (the CLI's --project). */
  configFile?: string;
  /** Told each time a lockstep configuration file is read with new content, with its problems (if any). */
  onConfigurationRead?: (file: string, errors: readonly string[]) => void;
}

type Unanalysed = { file: string; problem: 'refused' | 'ignored' | 'outside'; reason: string };

type PreparedFile =
  | Unanalysed
  | { file: string; problem?: undefined; configuration: FileConfiguration; project: Project; program: ts.Program; sourceFile: ts.SourceFile };

/** How a model request words each reason a file has no model (after the file's name). */
const MODEL_REFUSAL: Record<'refused' | 'ignored' | 'outside', string> = {
  refused: 'is not analysed: ',
  ignored: 'is not analysed: it ',
  outside: 'is ',
};

/**
 * Which files a rule's findings on a file depend on (RuleMeta.scope): 'file', the file and what it imports;
 * 'project', every file of the project. Each scope's findings are cached under a key of their own.
 */
export type RuleScope = 'file' | 'project';
export const RULE_SCOPES: readonly RuleScope[] = ['file', 'project'];

/** Per rule scope, its rules' results on a file before the suppression comments: what a cache reuses. */
export type ScopedResults = Record<RuleScope, RuleResult[]>;

/** A file's analysis and the results it was finished from (none for a file not analysed, or skipped). */
export interface ScopedAnalysis {
  analysis: FileAnalysis;
  results?: ScopedResults;
}

/** A file's inputs, as absolute paths: the cache key of its findings is their content and its settings. */
export interface FileDependencies {
  configuration: FileConfiguration;
  project: Project;
  /**
   * The file-scope findings' inputs — the file and the project files it reaches through imports — as one digest of
   * `lineOf` each (importsDigest: pass the same function for every file, it is memoised by identity).
   */
  importsDigest(lineOf: (file: string) => string): string;
  /** The project-scope findings' inputs: every project file, itself included (none while no project-scope rule is on). */
  projectInputs: ReadonlySet<string>;
  /** The program's library files but TypeScript's default lib files (their content comes with TypeScript's version). */
  libraries: readonly string[];
  /** The program's own files (inputs or not: with `libraries`, what the program is built from). */
  projectFiles: ReadonlySet<string>;
}

interface CachedAnalysis {
  /** Per rule scope: the settings and the versions of the file and of the scope's inputs. */
  keys: Record<RuleScope, string>;
  results?: ScopedResults;
  analysis: FileAnalysis;
}

type AnalysableFile = Extract<PreparedFile, { problem?: undefined }>;

const NO_FILES: ReadonlySet<string> = new Set();

export class Workspace {
  private readonly overlays: Overlays = new Map();
  private readonly gate = new FileGate(this.overlays);
  private readonly projects = new Map<string, Project>();
  private readonly documentRegistry = ts.createDocumentRegistry(ts.sys.useCaseSensitiveFileNames, undefined, JSDOC_PARSING_MODE);
  private readonly cache = new Map<string, CachedAnalysis>();
  private readonly versionLines = new WeakMap<Project, (file: string) => string>();
  private readonly log: (message: string) => void;
  private readonly rules: readonly AnyRule[];
  private readonly rulesOfScope: Record<RuleScope, readonly AnyRule[]>;
  private readonly forcedConfig: string | undefined;
  private readonly configurations: Configurations;

  constructor(options: WorkspaceOptions = {}) {
    this.log = options.log ?? (() => {});
    this.rules = options.rules ?? ALL_RULES;
    this.rulesOfScope = { file: this.rules.filter((rule) => scopeOf(rule) === 'file'), project: this.rules.filter((rule) => scopeOf(rule) === 'project') };
    this.forcedConfig = options.configFile ? path.resolve(options.configFile) : undefined;
    this.configurations = new Configurations({ ruleIds: this.rules.map((rule) => rule.meta.id), onFileRead: options.onConfigurationRead });
  }

  /**
   * `lockstep.*` settings laid over every configuration file (the editor's explicitly set values, the CLI's
   * --rule flags). Returns their problems; the bad keys are left out.
   */
  setOverrides(raw: unknown): string[] {
    return this.configurations.setOverrides(raw);
  }

  /** The settings for a file: defaults, its lockstep.config.json (or package.json "lockstep"), the overrides. */
  configurationFor(fileName: string): FileConfiguration {
    return this.configurations.forFile(fileName);
  }

  openDocument(fileName: string, text: string, version: number): void {
    this.overlays.set(path.resolve(fileName), { text, version });
  }

  /** Forgets what was kept for the document (its overlay, findings, verdict); a loose file leaves its inferred project. */
  closeDocument(fileName: string): void {
    const file = path.resolve(fileName);
    this.overlays.delete(file);
    this.cache.delete(file);
    this.gate.forget(file);
    for (const [key, project] of this.projects) {
      if (!project.removeLooseFile(file)) continue;
      project.dispose();
      this.projects.delete(key);
    }
  }

  /** Files changed on disk behind our back (saves, checkouts): forget disk stamps. */
  diskChanged(): void {
    for (const project of this.projects.values()) project.invalidateDisk();
    this.configurations.invalidate();
    this.gate.invalidateDisk();
  }

  isOpen(fileName: string): boolean {
    return this.overlays.has(path.resolve(fileName));
  }

  /**
   * The file's findings, or why it has none. Under a budget the analysis may stop: asked to, it throws
   * AnalysisCancelled; past the deadline, the file is skipped as too slow — kept as its result until it or an
   * input changes, so it is reported once and not retried on every refresh.
   */
  analyzeFile(fileName: string, budget?: AnalysisBudget): FileAnalysis {
    const prepared = this.prepare(fileName, { honourIgnore: true });
    if (prepared.problem) return unanalysed(prepared);
    const keys = this.scopeKeys(prepared);
    const cached = this.cache.get(prepared.file);
    const unchanged = RULE_SCOPES.filter((scope) => cached?.keys[scope] === keys[scope]);
    if (cached && unchanged.length === RULE_SCOPES.length) return cached.analysis;
    const reusable = cached?.results ? pick(cached.results, unchanged) : {};
    const { analysis, results } = this.analyzePrepared(prepared, reusable, budget);
    this.cache.set(prepared.file, { keys, results, analysis });
    return analysis;
  }

  /**
   * analyzeFile for a cache kept across runs, which knows for itself which scopes' inputs are unchanged: their
   * results (`reuse`) are taken as they are, the other scopes' rules run; every scope's results come back to keep.
   */
  analyzeReusing(fileName: string, reuse: Partial<ScopedResults>): ScopedAnalysis {
    const prepared = this.prepare(fileName, { honourIgnore: true });
    return prepared.problem ? { analysis: unanalysed(prepared) } : this.analyzePrepared(prepared, reuse);
  }

  /**
   * A refused or ignored file's result, which needs no program; undefined for a file that needs one (a persistent
   * cache answers for those without building a program when their inputs are unchanged).
   */
  resultWithoutProgram(fileName: string): FileAnalysis | undefined {
    const gated = this.gateOf(path.resolve(fileName), { honourIgnore: true });
    return gated.problem ? unanalysed(gated) : undefined;
  }

  /**
   * What a file's findings depend on besides its settings — the same inputs as the in-memory cache's key — for a
   * cache kept across runs; undefined when the file is not analysed.
   */
  dependenciesOf(fileName: string): FileDependencies | undefined {
    const prepared = this.prepare(fileName, { honourIgnore: true });
    if (prepared.problem) return undefined;
    const { configuration, project, program, sourceFile } = prepared;
    const libraries = perProgramMemo(program, 'non-default-libraries', () =>
      libraryFiles(program).filter((file) => !program.isSourceFileDefaultLibrary(program.getSourceFile(file)!)));
    return {
      configuration,
      project,
      importsDigest: (lineOf) => importsDigest(program, sourceFile, lineOf),
      projectInputs: this.hasProjectScopeRule(configuration.settings) ? projectFiles(program) : NO_FILES,
      libraries,
      projectFiles: projectFiles(program),
    };
  }

  /**
   * The concurrency model of a file's entry points (`entries`, or its exported async functions and methods), or
   * why there is none. `uriOf` spells the URIs of the ranges (the editor's spelling for its open documents).
   */
  modelOf(fileName: string, options: { entries?: readonly string[]; uriOf: (file: string) => string }): ModelResult {
    const prepared = this.prepare(fileName, { honourIgnore: true });
    if (prepared.problem) return { model: null, reason: `${path.basename(prepared.file)} ${MODEL_REFUSAL[prepared.problem]}${prepared.reason}` };
    const { configuration, project, program, sourceFile } = prepared;
    return extractModel({ program, sourceFile, entries: options.entries, settings: configuration.settings, uriOf: options.uriOf, rootDir: project.rootDir });
  }

  /** Markdown describing the lock at this offset (identity, where it is taken, its order), if there is one. */
  hoverAt(fileName: string, offset: number): string | undefined {
    // Hover explains code even in ignored files: ignoring silences findings, not documentation.
    const prepared = this.prepare(fileName, { honourIgnore: false });
    if (prepared.problem) return undefined;
    return lockHover(prepared.program, prepared.sourceFile, offset, prepared.configuration.settings.locks);
  }

  /**
   * Of the candidates, those whose findings depend on `fileName`: they import it, directly or through other
   * files — or they share its project and a project-scope rule is on for them.
   */
  dependentsOf(fileName: string, candidates: Iterable<string>): string[] {
    const changed = path.resolve(fileName);
    const dependents: string[] = [];
    for (const candidate of candidates) {
      const file = path.resolve(candidate);
      if (file === changed || this.refusal(file)) continue;
      const program = this.projectFor(file).program();
      const sourceFile = program.getSourceFile(file);
      if (sourceFile && this.inputsOf(program, sourceFile, this.configurations.forFile(file).settings).has(changed)) dependents.push(file);
    }
    return dependents;
  }

  projectFor(fileName: string): Project {
    const file = path.resolve(fileName);
    if (this.forcedConfig) return this.projectAt(this.forcedConfig, path.dirname(this.forcedConfig), this.forcedConfig);
    for (const config of configFilesAbove(file)) {
      const project = this.projectAt(config, path.dirname(config), config);
      if (project.includes(file)) return project;
    }
    const root = this.configurations.packageRootOf(path.dirname(file));
    const inferred = this.projectAt(`inferred:${root}`, root, undefined);
    inferred.addLooseFile(file);
    return inferred;
  }

  dispose(): void {
    for (const project of this.projects.values()) project.dispose();
    this.projects.clear();
  }

  private projectAt(key: string, rootDir: string, configFile: string | undefined): Project {
    let project = this.projects.get(key);
    if (!project) {
      project = new Project({
        configFile,
        rootDir,
        overlays: this.overlays,
        documentRegistry: this.documentRegistry,
        log: this.log,
        admits: (file) => this.refusal(file) === undefined,
      });
      this.projects.set(key, project);
    }
    return project;
  }

  /**
   * What analysing a file needs — its configuration, project, program and tree — or why it cannot be analysed:
   * refused (file-gate), ignored by a configured glob, or outside the project's program.
   */
  private prepare(fileName: string, options: { honourIgnore: boolean }): PreparedFile {
    const file = path.resolve(fileName);
    const gated = this.gateOf(file, options);
    if (gated.problem) return gated;
    const { configuration } = gated;
    const project = this.projectFor(file);
    const program = project.program();
    const sourceFile = program.getSourceFile(file);
    if (!sourceFile) return { file, problem: 'outside', reason: `not part of ${project.name}` };
    return { file, configuration, project, program, sourceFile };
  }

  /** The checks that need no program: refused by the file gate, or ignored by a configured glob. */
  private gateOf(file: string, options: { honourIgnore: boolean }): Unanalysed | { problem?: undefined; configuration: FileConfiguration } {
    const refusal = this.refusal(file);
    if (refusal) return { file, problem: 'refused', reason: refusal };
    const configuration = this.configurations.forFile(file);
    const ignoredBy = options.honourIgnore ? ignoringGlob(file, configuration) : undefined;
    if (ignoredBy) return { file, problem: 'ignored', reason: `matches the ignore glob "${ignoredBy}"` };
    return { configuration };
  }

  /** Why a file is not analysed at all (nor taken into its project), if it is not. */
  private refusal(file: string): string | undefined {
    return this.gate.refusal(file, this.configurations.forFile(file).settings.maxFileSizeKB);
  }

  /** The project files some of a file's findings depend on: the whole project while a project-scope rule is on. */
  private inputsOf(program: ts.Program, sourceFile: ts.SourceFile, settings: AnalysisSettings): ReadonlySet<string> {
    return this.hasProjectScopeRule(settings) ? projectFiles(program) : transitiveImports(program, sourceFile);
  }

  /**
   * Runs the rules of the scopes not in `reuse` and finishes the file's findings from every scope's results (the
   * suppression comments judged against all of them). A failure is logged once: when its rule ran.
   */
  private analyzePrepared(prepared: AnalysableFile, reuse: Partial<ScopedResults>, budget?: AnalysisBudget): ScopedAnalysis {
    const { file, configuration, program, sourceFile } = prepared;
    if (budget) guardChecker(program);
    let scoped: ScopedAnalysis;
    try {
      scoped = withBudget(budget, () => {
        const results = Object.fromEntries(RULE_SCOPES.map((scope) => [scope, reuse[scope] ?? checkRules(program, sourceFile, this.rulesOfScope[scope], configuration.settings)])) as ScopedResults;
        const run = finishRules(sourceFile, this.rules, configuration.settings, RULE_SCOPES.flatMap((scope) => results[scope]));
        return { analysis: { file, ...run, notes: [...syntaxErrorNotes(program, sourceFile), ...unresolvedLockLibraryNotes(program, sourceFile)] }, results };
      });
    } catch (error) {
      if (!(error instanceof AnalysisCancelled)) throw error;
      forgetProgram(program);
      if (error.overTimeLimitSeconds === undefined) throw error;
      return { analysis: { file, findings: [], ruleErrors: [], notes: [], skipped: overTimeReason(error.overTimeLimitSeconds) } };
    }
    const reused = new Set(Object.values(reuse).flat().map((result) => result.ruleId));
    for (const failure of scoped.analysis.ruleErrors) {
      if (!reused.has(failure.ruleId)) this.log(`rule ${failure.ruleId} failed on ${file}: ${failure.error}`);
    }
    return scoped;
  }

  private hasProjectScopeRule(settings: AnalysisSettings): boolean {
    return this.rulesOfScope.project.some((rule) => severityOf(settings, rule.meta.id, rule.meta.defaultSeverity) !== 'off');
  }

  /**
   * Per rule scope, the settings and the versions of the file, of the program's libraries and of the scope's inputs,
   * as one short string. Neither is a list per file, which made the cache quadratic in the project's size (50,000
   * files ran out of memory): the project scope's versions are hashed once per program, the file scope's once per
   * program too (importsDigest).
   */
  private scopeKeys({ configuration, project, program, sourceFile }: AnalysableFile): Record<RuleScope, string> {
    const common = `${configuration.stamp}|${sourceFile.fileName}@${project.versionOf(sourceFile.fileName)}|${libraryVersions(program, project)}`;
    const wholeProject = this.hasProjectScopeRule(configuration.settings)
      ? perProgramMemo(program, 'project-versions', () => versionsDigest(projectFiles(program), project))
      : 'none';
    return { file: `${common}|imports:${importsDigest(program, sourceFile, this.versionLineOf(project))}`, project: `${common}|project:${wholeProject}` };
  }

  /** A file's path and version, one function per project: importsDigest memoises by it. */
  private versionLineOf(project: Project): (file: string) => string {
    let lineOf = this.versionLines.get(project);
    if (!lineOf) this.versionLines.set(project, (lineOf = (file) => `${file}@${project.versionOf(file)}`));
    return lineOf;
  }

}

function scopeOf(rule: AnyRule): RuleScope {
  return rule.meta.scope ?? 'file';
}

function pick<K extends string, V>(record: Record<K, V>, keys: readonly K[]): Partial<Record<K, V>> {
  return Object.fromEntries(keys.map((key) => [key, record[key]])) as Partial<Record<K, V>>;
}

function unanalysed({ file, problem, reason }: Unanalysed): FileAnalysis {
  return { file, findings: [], ruleErrors: [], notes: [], skipped: reason, ...(problem === 'ignored' ? { ignored: true } : {}) };
}

/**
 * The versions of the program's files outside the project (libraries, declarations from node_modules), once per
 * program: a lock library installed, removed or upgraded changes every file's findings, not one file's imports.
 */
function libraryVersions(program: ts.Program, project: Project): string {
  return perProgramMemo(program, 'library-versions', () => versionsDigest(libraryFiles(program), project));
}

/** The files' versions, in a stable order, digested to a fixed length (the cache compares keys for equality only). */
function versionsDigest(files: Iterable<string>, project: Project): string {
  const hash = createHash('sha1');
  for (const file of [...files].sort()) hash.update(`${file}@${project.versionOf(file)};`);
  return hash.digest('base64');
}

function* configFilesAbove(file: string): Generator<string> {
  let dir = path.dirname(file);
  for (;;) {
    for (const name of CONFIG_NAMES) {
      const candidate = path.join(dir, name);
      if (ts.sys.fileExists(candidate)) yield candidate;
    }
    const parent = path.dirname(dir);
    if (parent === dir) return;
    dir = parent;
  }
}

