// Which files `lockstep check` analyses: the script files under the given paths, or the files of a --project
// tsconfig filtered by those paths. Problems with the inputs themselves (a missing path, an unreadable tsconfig)
// are InputErrors: configuration errors, exit code 2.
import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';
import { isAnalysableFile } from '../analysis/project';
import { displayPath, isSameOrInside } from './report';

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

/**
 * Script files under the given paths, sorted and without duplicates. Directories are walked; a file named
 * explicitly is taken whatever its folder or extension (the analysis then says why it skips it, if it does).
 */
export function collectFiles(absolutePaths: readonly string[]): string[] {
  const files = new Set<string>();
  for (const root of absolutePaths) {
    if (fs.statSync(root).isDirectory()) walkScripts(root, files);
    else files.add(root);
  }
  return [...files].sort();
}

function walkScripts(dir: string, into: Set<string>): void {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    // Symbolic links to folders are not followed: they can form cycles and usually point at dependencies.
    if (entry.isDirectory() && !isSkippedFolder(entry.name)) walkScripts(full, into);
    else if (isAnalysableFile(entry.name) && isFileOrLinkToFile(entry, full)) into.add(full);
  }
}

function isFileOrLinkToFile(entry: fs.Dirent, full: string): boolean {
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
    ...ts.sys,
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

function isDirectory(file: string): boolean {
  try {
    return fs.statSync(file).isDirectory();
  } catch {
    return false;
  }
}
