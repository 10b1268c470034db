// `lockstep check --cache`: each file's findings kept between runs in one JSON file (`.lockstepcache`, as
// `eslint --cache` keeps `.eslintcache`), under content-addressed keys — paths relative to the project root,
// contents by sha256 — so a CI cache restored on another runner or checkout path still hits. A file has one key
// per rule scope (the file-scope rules' inputs are the file and its imports, lock-order's the whole project), so
// an edit elsewhere in the project re-runs lock-order only. docs/cli.md says what the keys hold. The Workspace
// says what a file depends on; this module only digests and stores it.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';
import { readRegularFile } from '../analysis/file-read';
import type { Project } from '../analysis/project';
import { ALL_RULES } from '../analysis/rules/index';
import type { RuleResult } from '../analysis/analyze';
import type { FileAnalysis } from '../analysis/types';
import { isRecord } from '../analysis/settings';
import { RULE_SCOPES, type FileDependencies, type RuleScope, type ScopedResults, type Workspace } from '../analysis/workspace';
import { isDirectory } from './files';
import { displayPath } from './report';

export const DEFAULT_CACHE_FILE = '.lockstepcache';
const FORMAT = 'lockstep-cache/2';
/**
 * What an install rewrites: a package installed can make an import resolve that did not (a file no program read
 * yet), so these count as the program's inputs too.
 */
const INSTALL_RECORDS = ['package.json', 'package-lock.json', 'yarn.lock', 'pnpm-lock.yaml', 'node_modules/.package-lock.json', 'node_modules/.modules.yaml'];

interface CacheData {
  format: typeof FORMAT;
  /** Lockstep's version, its bundle's digest, TypeScript's version and the rule set: another build starts cold. */
  tool: string;
  /** Per project (by its tsconfig, or `inferred:` its root, relative to the cache's folder): its last program. */
  projects: Record<string, ProjectRecord>;
  /** Per file (relative to the cache's folder). */
  files: Record<string, FileRecord>;
}

interface ProjectRecord {
  /** The files the program was built from, relative to the project root (TypeScript's default libs aside). */
  files: string[];
}

interface FileRecord {
  /** The fingerprint of the program the record was made with: while it holds, each part's `dependencies` still does. */
  program: string;
  /** Per rule scope: the findings of its rules, under a key of their own. */
  parts: Record<RuleScope, PartRecord>;
  /** The parts finished (the suppression comments applied): the file's analysis while every part's key holds. */
  analysis: FileAnalysis;
}

interface PartRecord {
  key: string;
  /** The digest of the contents of the scope's inputs (FileDependencies). */
  dependencies: string;
  /** Its rules' results before the suppression comments. */
  results: RuleResult[];
}

type PartKeys = Record<RuleScope, Omit<PartRecord, 'results'>>;

/** The part of the Workspace `lockstep check` runs files through; the cache stands in for it. */
export interface FileAnalyzer {
  analyzeFile(file: string): FileAnalysis;
  diskChanged(): void;
}

export interface CacheIo {
  cwd: string;
  toolVersion: string;
  stderr(text: string): void;
}

/** `--cache-location`: a file, or a folder (existing, or written with a trailing slash) to keep `.lockstepcache` in. */
export function cacheFileAt(location: string | undefined, cwd: string): string {
  const resolved = path.resolve(cwd, location ?? DEFAULT_CACHE_FILE);
  const isFolder = location !== undefined && (/[\\/]$/.test(location) || isDirectory(resolved));
  return isFolder ? path.join(resolved, DEFAULT_CACHE_FILE) : resolved;
}

export class FindingsCache implements FileAnalyzer {
  private readonly base: string;
  private readonly data: CacheData;
  private dirty = false;
  /** Content digests, read once per run (until the disk changes: --fix). */
  private readonly contentDigests = new Map<string, string>();
  /** Per project, a file's line in a digest of files, one function per disk state: importsDigest memoises by it. */
  private readonly digestLines = new Map<Project, (file: string) => string>();
  /** Per project, the fingerprint of its recorded program as the disk is now; undefined: none recorded. */
  private readonly fingerprints = new Map<Project, string | undefined>();
  /** Digests of input sets, by identity: the whole-project set is shared by every file of the program. */
  private setDigests = new WeakMap<object, string>();
  private readonly compilerOptions = new Map<Project, string>();
  /** Per project, the fingerprint of the program built for it this run. */
  private readonly builtPrograms = new Map<Project, string>();
  private programsBuilt = 0;
  private looked = 0;
  private reused = 0;
  /** Files of which some rules' results were reused, the others' run again. */
  private reusedInPart = 0;

  constructor(
    private readonly workspace: Workspace,
    private readonly file: string,
    private readonly io: CacheIo,
  ) {
    this.base = path.dirname(file);
    this.data = this.load(toolStamp(io.toolVersion));
  }

  analyzeFile(fileName: string): FileAnalysis {
    const withoutProgram = this.workspace.resultWithoutProgram(fileName);
    if (withoutProgram) return withoutProgram;
    this.looked++;
    const file = path.resolve(fileName);
    const id = this.storedPath(file);
    const record = validRecord(this.data.files[id]);
    const project = this.workspace.projectFor(file);
    const settings = this.workspace.configurationFor(file).stamp;
    const keyOf = (scope: RuleScope, dependencies: string) => this.keyOf(project, file, settings, scope, dependencies);
    if (record && record.program === this.fingerprintOf(project) && RULE_SCOPES.every((scope) => record.parts[scope].key === keyOf(scope, record.parts[scope].dependencies))) {
      return this.reuse(record);
    }
    const dependencies = this.workspace.dependenciesOf(file);
    // Outside its project's program: nothing to key it by (and rare: a file named next to --project).
    if (!dependencies) return this.workspace.analyzeFile(file);
    const program = this.recordProgram(project, dependencies);
    const keys = Object.fromEntries(RULE_SCOPES.map((scope) => {
      const inputs = this.dependenciesDigest(project, dependencies, scope);
      return [scope, { key: keyOf(scope, inputs), dependencies: inputs }];
    })) as PartKeys;
    const unchanged = RULE_SCOPES.filter((scope) => record?.parts[scope].key === keys[scope].key);
    if (record && unchanged.length === RULE_SCOPES.length) {
      // The program changed elsewhere but not this file's inputs: kept, under the new program.
      if (record.program !== program) this.data.files[id] = { ...record, program };
      this.dirty ||= record.program !== program;
      return this.reuse(record);
    }
    return this.analyzeAgain(file, { program, keys }, unchanged.map((scope) => [scope, record!.parts[scope]]));
  }

  /** Runs the rules of the scopes whose key changed, reusing the `unchanged` parts' results, and records the file. */
  private analyzeAgain(file: string, made: { program: string; keys: PartKeys }, unchanged: [RuleScope, PartRecord][]): FileAnalysis {
    const reusable = Object.fromEntries(unchanged.map(([scope, part]) => [scope, mapPaths(part.results, (p) => this.absolutePath(p))]));
    if (unchanged.some(([, part]) => part.results.length > 0)) this.reusedInPart++;
    const { analysis, results } = this.workspace.analyzeReusing(file, reusable);
    // A rule that failed is tried again next run rather than kept.
    if (results && analysis.ruleErrors.length === 0) {
      this.data.files[this.storedPath(file)] = mapPaths({ program: made.program, parts: partsOf(made.keys, results), analysis }, (p) => this.storedPath(p));
      this.dirty = true;
    }
    return analysis;
  }

  diskChanged(): void {
    this.workspace.diskChanged();
    this.contentDigests.clear();
    this.digestLines.clear();
    this.fingerprints.clear();
    this.builtPrograms.clear();
    this.compilerOptions.clear();
    this.setDigests = new WeakMap();
  }

  /** Writes the cache (temp file + rename: a reader never sees half of it) when it changed; a failure is a note. */
  save(): void {
    for (const id of Object.keys(this.data.files)) {
      if (fs.existsSync(this.absolutePath(id))) continue;
      delete this.data.files[id];
      this.dirty = true;
    }
    if (!this.dirty) return;
    const temp = `${this.file}.${process.pid}.tmp`;
    try {
      fs.mkdirSync(this.base, { recursive: true });
      fs.writeFileSync(temp, JSON.stringify(this.data));
      fs.renameSync(temp, this.file);
    } catch (error) {
      fs.rmSync(temp, { force: true });
      this.note(`cannot write the cache ${this.shownFile()}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** One line for stderr: how much the cache saved. */
  summary(): string {
    return `cache: ${this.reused} of ${this.looked} file(s) reused from ${this.shownFile()}, ${this.reusedInPart} in part, ${this.programsBuilt} program(s) built`;
  }

  private reuse(record: FileRecord): FileAnalysis {
    this.reused++;
    return mapPaths(record.analysis, (p) => this.absolutePath(p));
  }

  private load(tool: string): CacheData {
    const empty: CacheData = { format: FORMAT, tool, projects: {}, files: {} };
    if (!fs.existsSync(this.file)) return empty;
    const problem = (why: string) => {
      this.note(`the cache ${this.shownFile()} ${why}: checking every file`);
      return empty;
    };
    const text = readRegularFile(this.file);
    if (text === undefined) return problem('is not a readable regular file');
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return problem('is not valid JSON');
    }
    if (!isRecord(parsed) || parsed.format !== FORMAT || !isRecord(parsed.projects) || !isRecord(parsed.files)) return problem('is not a Lockstep cache of this format');
    if (parsed.tool !== tool) return problem('was written by another version of Lockstep');
    return parsed as unknown as CacheData;
  }

  /** The recorded program's fingerprint as the disk is now: its options, root files and every file's content. */
  private fingerprintOf(project: Project): string | undefined {
    if (this.fingerprints.has(project)) return this.fingerprints.get(project);
    const record = this.data.projects[this.projectId(project)];
    const files = Array.isArray(record?.files) && record.files.every((f) => typeof f === 'string') ? record.files.map((f) => path.resolve(project.rootDir, f)) : undefined;
    const fingerprint = files && this.programFingerprint(project, files);
    this.fingerprints.set(project, fingerprint);
    return fingerprint;
  }

  /** Records the program just built for the project; returns its fingerprint. */
  private recordProgram(project: Project, dependencies: FileDependencies): string {
    const known = this.builtPrograms.get(project);
    if (known !== undefined) return known;
    const files = [...dependencies.projectFiles, ...dependencies.libraries];
    const fingerprint = this.programFingerprint(project, files);
    this.builtPrograms.set(project, fingerprint);
    this.programsBuilt++;
    const record: ProjectRecord = { files: files.map((f) => portable(path.relative(project.rootDir, f))) };
    const id = this.projectId(project);
    if (JSON.stringify(this.data.projects[id]) !== JSON.stringify(record)) {
      this.data.projects[id] = record;
      this.dirty = true;
    }
    return fingerprint;
  }

  private programFingerprint(project: Project, files: readonly string[]): string {
    const hash = createHash('sha256').update(this.optionsOf(project));
    for (const root of project.buildInputs().rootFiles.map((f) => portable(path.relative(project.rootDir, f))).sort()) hash.update(`root ${root}\n`);
    hash.update(this.contentsDigest(project, files));
    hash.update(this.contentsDigest(project, INSTALL_RECORDS.map((name) => path.join(project.rootDir, name))));
    return hash.digest('hex');
  }

  private dependenciesDigest(project: Project, dependencies: FileDependencies, scope: RuleScope): string {
    const inputs = scope === 'file' ? dependencies.importsDigest(this.digestLineOf(project)) : this.memoDigest(project, dependencies.projectInputs);
    return sha256(`${inputs}\n${this.memoDigest(project, dependencies.libraries)}`);
  }

  private memoDigest(project: Project, files: Iterable<string> & object): string {
    let digest = this.setDigests.get(files);
    if (digest === undefined) this.setDigests.set(files, (digest = this.contentsDigest(project, files)));
    return digest;
  }

  /** The files' paths (relative to the project root) and contents, in a stable order. */
  private contentsDigest(project: Project, files: Iterable<string>): string {
    const lineOf = this.digestLineOf(project);
    return sha256([...files].map((file) => `${lineOf(file)}\n`).sort().join(''));
  }

  /** A file's path relative to the project root and the digest of its content, made once per run (and disk state). */
  private digestLineOf(project: Project): (file: string) => string {
    let lineOf = this.digestLines.get(project);
    if (!lineOf) {
      const lines = new Map<string, string>();
      lineOf = (file) => {
        let line = lines.get(file);
        if (line === undefined) lines.set(file, (line = `${portable(path.relative(project.rootDir, file))} ${this.contentDigest(file)}`));
        return line;
      };
      this.digestLines.set(project, lineOf);
    }
    return lineOf;
  }

  private keyOf(project: Project, file: string, settings: string, scope: RuleScope, dependencies: string): string {
    return sha256([this.data.tool, settings, this.optionsOf(project), this.digestLineOf(project)(file), scope, dependencies].join('\n'));
  }

  /** Once per project and run: reading the root files checks each against the file gate. */
  private optionsOf(project: Project): string {
    let options = this.compilerOptions.get(project);
    if (options === undefined) this.compilerOptions.set(project, (options = relativeOptions(project.buildInputs().options, project.rootDir)));
    return options;
  }

  private contentDigest(file: string): string {
    let digest = this.contentDigests.get(file);
    if (digest === undefined) {
      const text = readRegularFile(file);
      this.contentDigests.set(file, (digest = text === undefined ? 'unreadable' : sha256(text)));
    }
    return digest;
  }

  private projectId(project: Project): string {
    return project.configFile ? this.storedPath(project.configFile) : `inferred:${this.storedPath(project.rootDir)}`;
  }

  private storedPath(file: string): string {
    return portable(path.relative(this.base, file));
  }

  private absolutePath(stored: string): string {
    return path.resolve(this.base, ...stored.split('/'));
  }

  private shownFile(): string {
    return displayPath(this.file, this.io.cwd);
  }

  private note(message: string): void {
    this.io.stderr(`lockstep: note: ${message}\n`);
  }
}

/** What a different build of Lockstep (or of TypeScript, whose lib files are not digested) could answer differently. */
function toolStamp(toolVersion: string): string {
  const bundle = readRegularFile(__filename) ?? '';
  return sha256([toolVersion, ts.version, sha256(bundle), JSON.stringify(ALL_RULES.map((rule) => rule.meta))].join('\n'));
}

/** Compiler options with their absolute paths (configFilePath, baseUrl, paths…) relative to the project root. */
function relativeOptions(options: ts.CompilerOptions, root: string): string {
  return JSON.stringify(options, (_key, value: unknown) => (typeof value === 'string' && path.isAbsolute(value) ? portable(path.relative(root, value)) : value));
}

function partsOf(keys: PartKeys, results: ScopedResults): Record<RuleScope, PartRecord> {
  return Object.fromEntries(RULE_SCOPES.map((scope) => [scope, { ...keys[scope], results: results[scope] }])) as Record<RuleScope, PartRecord>;
}

/** A copy of findings or an analysis with every `file` (findings, related locations, fixes' edits, notes, locks) converted. */
function mapPaths<T>(value: T, convert: (file: string) => string): T {
  return JSON.parse(JSON.stringify(value), (key, item: unknown) => (key === 'file' && typeof item === 'string' ? convert(item) : item)) as T;
}

/** A record from the file is used only if it has the shape this build writes; otherwise the file is checked. */
function validRecord(value: unknown): FileRecord | undefined {
  if (!isRecord(value) || typeof value.program !== 'string' || !isRecord(value.parts)) return undefined;
  const { analysis, parts } = value;
  const valid = isRecord(analysis) && typeof analysis.file === 'string' && Array.isArray(analysis.findings) && Array.isArray(analysis.notes) && Array.isArray(analysis.ruleErrors);
  return valid && RULE_SCOPES.every((scope) => isValidPart(parts[scope])) ? (value as unknown as FileRecord) : undefined;
}

function isValidPart(value: unknown): value is PartRecord {
  if (!isRecord(value) || typeof value.key !== 'string' || typeof value.dependencies !== 'string' || !Array.isArray(value.results)) return false;
  return value.results.every((result) => isRecord(result) && typeof result.ruleId === 'string' && Array.isArray(result.findings));
}


/** Forward slashes: the same key on Windows and elsewhere. */
function portable(relative: string): string {
  return relative.split(path.sep).join('/');
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
