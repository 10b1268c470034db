// The analysis entry point for every host: finds the project a file belongs to, keeps open documents as
// overlays, and caches each file's findings under a key made of the versions of the file and everything it
// imports — so an edit re-analyses the edited file and its dependents and reuses the rest.
import * as path from 'node:path';
import * as ts from 'typescript';
import { runRules } from './analyze';
import { lockHover } from './locks/hover';
import { FileGate } from './file-gate';
import { Project, type Overlays } from './project';
import { ALL_RULES } from './rules/index';
import { DEFAULT_SETTINGS, severityOf } from './settings';
import { perProgramMemo } from './summaries';
import type { AnalysisSettings, FileAnalysis, Rule } from './types';

const CONFIG_NAMES = ['tsconfig.json', 'jsconfig.json'];

export interface WorkspaceOptions {
  log?: (message: string) => void;
  rules?: readonly Rule[];
  /** Analyse every file with this tsconfig instead of the nearest one above it (the CLI's --project). */
  configFile?: string;
}

interface CachedAnalysis {
  key: string;
  analysis: FileAnalysis;
}

export class Workspace {
  private readonly overlays: Overlays = new Map();
  private readonly gate = new FileGate(this.overlays);
  private readonly projects = new Map<string, Project>();
  private readonly documentRegistry = ts.createDocumentRegistry(ts.sys.useCaseSensitiveFileNames);
  private readonly cache = new Map<string, CachedAnalysis>();
  private readonly log: (message: string) => void;
  private readonly rules: readonly Rule[];
  private readonly forcedConfig: string | undefined;
  private settings: AnalysisSettings = DEFAULT_SETTINGS;
  private settingsStamp = JSON.stringify(DEFAULT_SETTINGS);

  constructor(options: WorkspaceOptions = {}) {
    this.log = options.log ?? (() => {});
    this.rules = options.rules ?? ALL_RULES;
    this.forcedConfig = options.configFile ? path.resolve(options.configFile) : undefined;
  }

  setSettings(settings: AnalysisSettings): void {
    this.settings = settings;
    this.settingsStamp = JSON.stringify(settings);
  }

  openDocument(fileName: string, text: string, version: number): void {
    this.overlays.set(path.resolve(fileName), { text, version });
  }

  closeDocument(fileName: string): void {
    this.overlays.delete(path.resolve(fileName));
  }

  /** Files changed on disk behind our back (saves, checkouts): forget disk stamps. */
  diskChanged(): void {
    for (const project of this.projects.values()) project.invalidateDisk();
  }

  isOpen(fileName: string): boolean {
    return this.overlays.has(path.resolve(fileName));
  }

  analyzeFile(fileName: string): FileAnalysis {
    const file = path.resolve(fileName);
    const refusal = this.refusal(file);
    if (refusal) return { file, findings: [], ruleErrors: [], skipped: refusal };
    const project = this.projectFor(file);
    const program = project.program();
    const sourceFile = program.getSourceFile(file);
    if (!sourceFile) return { file, findings: [], ruleErrors: [], skipped: `not part of ${project.name}` };

    const key = `${this.settingsStamp}|${this.dependencyVersions(program, sourceFile, project)}`;
    const cached = this.cache.get(file);
    if (cached?.key === key) return cached.analysis;

    const run = runRules(program, sourceFile, this.rules, this.settings);
    const analysis: FileAnalysis = { file, ...run };
    this.cache.set(file, { key, analysis });
    for (const failure of run.ruleErrors) this.log(`rule ${failure.ruleId} failed on ${file}: ${failure.error}`);
    return analysis;
  }

  /** Markdown describing the lock at this offset (identity, where it is taken, its order), if there is one. */
  hoverAt(fileName: string, offset: number): string | undefined {
    const file = path.resolve(fileName);
    if (this.refusal(file)) return undefined;
    const program = this.projectFor(file).program();
    const sourceFile = program.getSourceFile(file);
    return sourceFile && lockHover(program, sourceFile, offset, this.settings.locks);
  }

  /** Of the candidates, those that import `fileName`, directly or through other files. */
  dependentsOf(fileName: string, candidates: Iterable<string>): string[] {
    const changed = path.resolve(fileName);
    const dependents: string[] = [];
    for (const candidate of candidates) {
      const file = path.resolve(candidate);
      if (file === changed || this.refusal(file)) continue;
      const program = this.projectFor(file).program();
      const sourceFile = program.getSourceFile(file);
      if (!sourceFile) continue;
      const inputs = this.hasProjectScopeRule() ? projectFiles(program) : transitiveImports(program, sourceFile);
      if (inputs.has(changed)) dependents.push(file);
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
    const root = looseRoot(file);
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

  /** Why a file is not analysed at all, if it is not. */
  private refusal(file: string): string | undefined {
    return this.gate.refusal(file, this.settings.maxFileSizeKB);
  }

  /** Whether some enabled rule reads the whole project, so every project file is an input of every finding. */
  private hasProjectScopeRule(): boolean {
    return this.rules.some((rule) => rule.meta.scope === 'project' && severityOf(this.settings, rule.meta.id, rule.meta.defaultSeverity) !== 'off');
  }

  private dependencyVersions(program: ts.Program, sourceFile: ts.SourceFile, project: Project): string {
    const inputs = this.hasProjectScopeRule() ? projectFiles(program) : transitiveImports(program, sourceFile);
    const files = [sourceFile.fileName, ...[...inputs].filter((file) => file !== sourceFile.fileName).sort()];
    return files.map((file) => `${file}@${project.versionOf(file)}`).join(';');
  }
}

/** The program's own source files (not libraries, not declarations from node_modules). */
export function projectFiles(program: ts.Program): Set<string> {
  return perProgramMemo(program, 'project-files', () =>
    new Set(program.getSourceFiles().filter((file) => isProjectFile(program, file)).map((file) => file.fileName)),
  );
}

/** Project source files (not libraries) that a file reaches through imports, re-exports and requires. */
export function transitiveImports(program: ts.Program, sourceFile: ts.SourceFile): Set<string> {
  const perProgram = perProgramMemo(program, 'transitive-imports', () => new Map<string, Set<string>>());
  const cached = perProgram.get(sourceFile.fileName);
  if (cached) return cached;

  const reached = new Set<string>();
  const pending = [sourceFile];
  while (pending.length > 0) {
    const current = pending.pop()!;
    for (const imported of directImports(program, current)) {
      if (reached.has(imported.fileName) || imported === sourceFile) continue;
      reached.add(imported.fileName);
      pending.push(imported);
    }
  }
  perProgram.set(sourceFile.fileName, reached);
  return reached;
}

function directImports(program: ts.Program, sourceFile: ts.SourceFile): ts.SourceFile[] {
  const checker = program.getTypeChecker();
  const found: ts.SourceFile[] = [];
  const visitSpecifier = (specifier: ts.Expression | undefined) => {
    if (!specifier || !ts.isStringLiteralLike(specifier)) return;
    const declaration = checker.getSymbolAtLocation(specifier)?.valueDeclaration;
    if (declaration && ts.isSourceFile(declaration) && isProjectFile(program, declaration)) found.push(declaration);
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) visitSpecifier(node.moduleSpecifier);
    else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      visitSpecifier(node.moduleReference.expression);
    } else if (ts.isCallExpression(node) && isRequireOrDynamicImport(node)) visitSpecifier(node.arguments[0]);
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return found;
}

function isRequireOrDynamicImport(call: ts.CallExpression): boolean {
  return (
    call.expression.kind === ts.SyntaxKind.ImportKeyword ||
    (ts.isIdentifier(call.expression) && call.expression.text === 'require' && call.arguments.length === 1)
  );
}

function isProjectFile(program: ts.Program, sourceFile: ts.SourceFile): boolean {
  return !program.isSourceFileDefaultLibrary(sourceFile) && !program.isSourceFileFromExternalLibrary(sourceFile);
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

/** Loose files are grouped by the nearest folder with a package.json (so @types resolve), else their own folder. */
function looseRoot(file: string): string {
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    if (ts.sys.fileExists(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) return path.dirname(file);
  }
}
