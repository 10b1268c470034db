// Which files `lockstep check` analyses: the script files under the given paths, or the files of a --project
// tsconfig filtered by those paths. Problems with the inputs themselves (a missing path, an unreadable tsconfig)
// are InputErrors: configuration errors, exit code 2.
import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';
import { guardedSys } from '../analysis/file-read';
import { isAnalysableFile } from '../analysis/project';
import { displayPath, isSameOrInside, type SkippedFile } from './report';

export class InputError extends Error {}

/** Folders that hold generated or third-party code, never the user's own sources. */
const SKIPPED_FOLDERS = new Set(['node_modules', 'dist']);

function isSkippedFolder(name: string): boolean {
  // Dot-folders (.git, .vscode, .cache…) are tool state, not sources.
  return SKIPPED_FOLDERS.has(name) || name.startsWith('.');
}

/** Absolute paths, each checked to exist. */
export function resolveInputPaths(paths: readonly string[], cwd: string): string[] {
  return paths.map((given) => {
    const absolute = path.resolve(cwd, given);
    if (!fs.existsSync(absolute)) throw new InputError(`${given}: no such file or directory`);
    return absolute;
  });
}

/** The files to analyse, and what the walk could not look into (listed as skipped, like refused files). */
export interface CollectedFiles {
  files: string[];
  skipped: SkippedFile[];
}

/**
 * Script files under the given paths, sorted and without duplicates. Directories are walked; a file named
 * explicitly is taken whatever its folder or extension (the analysis then says why it skips it, if it does).
 */
export function collectFiles(absolutePaths: readonly string[]): CollectedFiles {
  const collected: CollectedFiles = { files: [], skipped: [] };
  const files = new Set<string>();
  for (const root of absolutePaths) {
    if (fs.statSync(root).isDirectory()) walkScripts(root, files, collected.skipped);
    else files.add(root);
  }
  collected.files = [...files].sort();
  return collected;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

function walkScripts(dir: string, into: Set<string>, skipped: SkippedFile[]): void {
  let entries: fs.Dirent<Buffer>[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true, encoding: 'buffer' });
  } catch (error) {
    return void skipped.push({ file: dir, reason: `folder could not be read (${(error as NodeJS.ErrnoException).code ?? String(error)})` });
  }
  for (const entry of entries) {
    const name = utf8Name(entry.name);
    if (name === undefined) {
      skipped.push({ file: path.join(dir, entry.name.toString('utf8')), reason: 'its name is not valid UTF-8, so it cannot be opened by name' });
      continue;
    }
    const full = path.join(dir, name);
    // Symbolic links to folders are not followed: they can form cycles and usually point at dependencies.
    if (entry.isDirectory() && !isSkippedFolder(name)) walkScripts(full, into, skipped);
    else if (isAnalysableFile(name) && isFileOrLinkToFile(entry, full)) into.add(full);
  }
}

/** The name as text, or undefined when its bytes are not UTF-8 (Node would replace them, naming another file). */
function utf8Name(bytes: Buffer): string | undefined {
  try {
    return UTF8.decode(bytes);
  } catch {
    return undefined;
  }
}

function isFileOrLinkToFile(entry: fs.Dirent<Buffer>, full: string): boolean {
  if (entry.isFile()) return true;
  if (!entry.isSymbolicLink()) return false;
  try {
    return fs.statSync(full).isFile();
  } catch {
    return false; // a dangling link
  }
}

/** The tsconfig a --project flag names: the file itself, or tsconfig.json inside a named folder (as tsc -p does). */
export function resolveProjectConfig(given: string, cwd: string): string {
  const absolute = path.resolve(cwd, given);
  const configFile = isDirectory(absolute) ? path.join(absolute, 'tsconfig.json') : absolute;
  if (!fs.existsSync(configFile)) throw new InputError(`--project ${given}: ${configFile} does not exist`);
  return configFile;
}

/** The analysable files a tsconfig takes in, or an InputError with the first problem TypeScript reports. */
export function projectFiles(configFile: string, cwd: string): string[] {
  let fatal: ts.Diagnostic | undefined;
  const parsed = ts.getParsedCommandLineOfConfigFile(configFile, { noEmit: true }, {
    ...guardedSys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => (fatal = diagnostic),
  });
  const problem = fatal ?? parsed?.errors.find((d) => d.category === ts.DiagnosticCategory.Error);
  if (problem || !parsed) {
    const reason = problem ? ts.flattenDiagnosticMessageText(problem.messageText, ' ') : 'could not be read';
    throw new InputError(`--project ${displayPath(configFile, cwd)}: ${reason}`);
  }
  return parsed.fileNames.map((name) => path.resolve(name)).filter(isAnalysableFile).sort();
}

/** Keeps the files that are, or are inside, one of the given paths. */
export function filesUnder(files: readonly string[], absolutePaths: readonly string[]): string[] {
  return files.filter((file) => absolutePaths.some((root) => isSameOrInside(file, root)));
}

export function isDirectory(file: string): boolean {
  try {
    return fs.statSync(file).isDirectory();
  } catch {
    return false;
  }
}
