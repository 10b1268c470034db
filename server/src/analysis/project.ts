// One TypeScript LanguageService per tsconfig (or per inferred root for loose files). Open documents overlay
// the disk by version, so the service re-parses only what changed and reuses every other tree.
import * as path from 'node:path';
import ts from 'typescript';
import { guardedSys, readRegularFile } from './file-read';

export interface Overlay {
  text: string;
  version: number;
}

/** Open documents, shared by every project: file name → text and version. */
export type Overlays = Map<string, Overlay>;

const SCRIPT_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];

/** Declarations (.d.ts, .d.mts, .d.cts, .d.html.ts) hold no code to analyse; programs still read them for types. */
export function isDeclarationFile(fileName: string): boolean {
  return /\.d(\.[^./\\]+)?\.[cm]?ts$/.test(fileName);
}

export function isAnalysableFile(fileName: string): boolean {
  return SCRIPT_EXTENSIONS.some((ext) => fileName.endsWith(ext)) && !isDeclarationFile(fileName);
}

/** Options for loose files: JavaScript included, strict types, libraries as a modern Node/browser program sees them. */
export const INFERRED_OPTIONS: ts.CompilerOptions = {
  allowJs: true,
  checkJs: false,
  strict: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  jsx: ts.JsxEmit.Preserve,
  lib: ['lib.es2023.d.ts', 'lib.dom.d.ts'],
  skipLibCheck: true,
  noEmit: true,
  allowNonTsExtensions: true,
};

export interface ProjectOptions {
  /** tsconfig.json path, or undefined for an inferred project. */
  configFile: string | undefined;
  rootDir: string;
  overlays: Overlays;
  documentRegistry: ts.DocumentRegistry;
  log: (message: string) => void;
  /** Root files the analysis refuses (too large, binary, too deep) are left out of the program. */
  admits: (fileName: string) => boolean;
}

/**
 * As tsc does: JSDoc is parsed where it carries types (JavaScript files), not in TypeScript files, whose comments
 * no rule reads. The document registry that shares trees between projects must be created with the same mode.
 */
export const JSDOC_PARSING_MODE = ts.JSDocParsingMode.ParseForTypeErrors;

export class Project {
  readonly configFile: string | undefined;
  readonly rootDir: string;
  private readonly overlays: Overlays;
  private readonly log: (message: string) => void;
  private readonly admits: (fileName: string) => boolean;
  private readonly service: ts.LanguageService;
  private parsed: ts.ParsedCommandLine;
  private rootFiles = new Set<string>();
  private configStamp = '';
  private readonly looseFiles = new Set<string>();
  private projectVersion = 0;
  private lastOverlayStamp = '';
  /**
   * Set by a disk change until the next program is built. TypeScript keeps a program whose files are unchanged,
   * and a failed module resolution with it: a package installed, or an imported file created, would stay unseen.
   */
  private resolutionsInvalidated = false;
  /** Disk files' modification stamps, read once until the disk is invalidated. */
  private readonly diskVersions = new Map<string, string>();
  /**
   * Each file's text at the version the service last saw. The service asks for every file's snapshot on every
   * update (then compares versions): reading them all from disk again cost ~35 ms an edit on viem's 1,028 files.
   */
  private readonly snapshots = new Map<string, { version: string; snapshot: ts.IScriptSnapshot }>();

  constructor(options: ProjectOptions) {
    this.configFile = options.configFile;
    this.rootDir = options.rootDir;
    this.overlays = options.overlays;
    this.log = options.log;
    this.admits = options.admits;
    this.parsed = this.readConfig();
    this.rootFiles = new Set(this.parsed.fileNames.map((name) => path.resolve(name)));
    this.service = ts.createLanguageService(this.createHost(), options.documentRegistry);
  }

  get name(): string {
    return this.configFile ?? `inferred project at ${this.rootDir}`;
  }

  /** Whether this project's configuration takes the file in (always true for an inferred project). */
  includes(fileName: string): boolean {
    if (!this.configFile) return true;
    this.refreshConfig();
    return this.rootFiles.has(fileName);
  }

  addLooseFile(fileName: string): void {
    if (this.configFile || this.looseFiles.has(fileName)) return;
    this.looseFiles.add(fileName);
    this.projectVersion++;
  }

  /**
   * Drops a loose file the editor closed (what it imports stays while other files import it too). True when the
   * inferred project has no file left, so it can be disposed: closed files must not be kept forever.
   */
  removeLooseFile(fileName: string): boolean {
    if (this.configFile) return false;
    if (this.looseFiles.delete(fileName)) {
      this.projectVersion++;
      this.snapshots.delete(fileName);
      this.diskVersions.delete(fileName);
    }
    return this.looseFiles.size === 0;
  }

  /** The root files and compiler options the next program is built from, read without building it. */
  buildInputs(): { rootFiles: string[]; options: ts.CompilerOptions } {
    this.refreshConfig();
    return { rootFiles: this.scriptFileNames(), options: this.parsed.options };
  }

  /** An up-to-date program; unchanged files keep their syntax trees. */
  program(): ts.Program {
    this.refreshConfig();
    const overlayStamp = this.overlayStamp();
    if (overlayStamp !== this.lastOverlayStamp) {
      this.lastOverlayStamp = overlayStamp;
      this.projectVersion++;
    }
    const program = this.service.getProgram();
    if (!program) throw new Error(`TypeScript produced no program for ${this.name}`);
    this.resolutionsInvalidated = false;
    return program;
  }

  /** Marks files on disk as possibly changed (a watched-file event, a save). */
  invalidateDisk(): void {
    this.diskVersions.clear();
    // Files may have been created or deleted: the tsconfig's file list is read again on next use.
    this.configStamp = '';
    this.resolutionsInvalidated = true;
    this.projectVersion++;
  }

  dispose(): void {
    this.service.dispose();
  }

  private scriptFileNames(): string[] {
    return [...(this.configFile ? this.rootFiles : this.looseFiles)].filter(this.admits);
  }

  private overlayStamp(): string {
    let stamp = '';
    for (const [name, overlay] of this.overlays) stamp += `${name}@${overlay.version};`;
    return stamp;
  }

  private refreshConfig(): void {
    if (!this.configFile) return;
    const stamp = fileStamp(this.configFile);
    if (stamp === this.configStamp) return;
    this.parsed = this.readConfig();
    this.rootFiles = new Set(this.parsed.fileNames.map((name) => path.resolve(name)));
    this.projectVersion++;
  }

  private readConfig(): ts.ParsedCommandLine {
    if (!this.configFile) return { options: INFERRED_OPTIONS, fileNames: [], errors: [] };
    this.configStamp = fileStamp(this.configFile);
    const parsed = ts.getParsedCommandLineOfConfigFile(this.configFile, { noEmit: true }, {
      ...guardedSys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => this.logConfigDiagnostic(diagnostic),
    });
    if (!parsed) return { options: INFERRED_OPTIONS, fileNames: [], errors: [] };
    parsed.errors.filter((d) => d.category === ts.DiagnosticCategory.Error).forEach((d) => this.logConfigDiagnostic(d));
    return parsed;
  }

  private logConfigDiagnostic(diagnostic: ts.Diagnostic): void {
    this.log(`${this.configFile}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`);
  }

  private createHost(): ResolvingHost {
    return {
      getProjectVersion: () => String(this.projectVersion),
      getCompilationSettings: () => this.parsed.options,
      getProjectReferences: () => this.parsed.projectReferences,
      // Every file's imports are resolved again once after a disk change; the files keep their trees.
      hasInvalidatedResolutions: () => this.resolutionsInvalidated,
      getScriptFileNames: () => this.scriptFileNames(),
      getScriptVersion: (fileName) => this.scriptVersion(fileName),
      getScriptSnapshot: (fileName) => this.snapshotOf(fileName),
      getCurrentDirectory: () => this.rootDir,
      getDefaultLibFileName: (options) => ts.getDefaultLibFilePath(options),
      fileExists: (fileName) => this.overlays.has(fileName) || ts.sys.fileExists(fileName),
      readFile: (fileName) => this.overlays.get(fileName)?.text ?? readRegularFile(fileName),
      readDirectory: ts.sys.readDirectory,
      directoryExists: ts.sys.directoryExists,
      getDirectories: ts.sys.getDirectories,
      realpath: ts.sys.realpath,
      useCaseSensitiveFileNames: () => ts.sys.useCaseSensitiveFileNames,
      jsDocParsingMode: JSDOC_PARSING_MODE,
    };
  }

  /** The version the service sees for a file: its open-document version, else its disk stamp. */
  versionOf(fileName: string): string {
    return this.scriptVersion(fileName);
  }

  private snapshotOf(fileName: string): ts.IScriptSnapshot | undefined {
    const version = this.scriptVersion(fileName);
    const known = this.snapshots.get(fileName);
    if (known?.version === version) return known.snapshot;
    const text = this.overlays.get(fileName)?.text ?? readRegularFile(fileName);
    if (text === undefined) return undefined;
    const snapshot = ts.ScriptSnapshot.fromString(text);
    this.snapshots.set(fileName, { version, snapshot });
    return snapshot;
  }

  private scriptVersion(fileName: string): string {
    const overlay = this.overlays.get(fileName);
    if (overlay) return `open:${overlay.version}`;
    let version = this.diskVersions.get(fileName);
    if (version === undefined) {
      version = `disk:${fileStamp(fileName)}`;
      this.diskVersions.set(fileName, version);
    }
    return version;
  }
}

/**
 * The LanguageService reads `hasInvalidatedResolutions` from its host (tsserver's projects provide it), but the
 * public typings of LanguageServiceHost leave it out; test/unit/workspace.test.ts fails if TypeScript stops reading it.
 */
type ResolvingHost = ts.LanguageServiceHost & { hasInvalidatedResolutions(): boolean };

function fileStamp(fileName: string): string {
  const stat = ts.sys.getModifiedTime?.(fileName);
  return stat ? String(stat.getTime()) : 'missing';
}
