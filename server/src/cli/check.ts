// `lockstep check`: choose the files, analyse each with the shared Workspace, print the report, decide the
// exit code. Input problems surface as InputError (exit 2) before any analysis starts.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ALL_RULES } from '../analysis/rules/index';
import type { FileAnalysis } from '../analysis/types';
import { Workspace } from '../analysis/workspace';
import type { CheckOptions, Format } from './args';
import { InputError, collectFiles, filesUnder, projectFiles, resolveInputPaths, resolveProjectConfig, type CollectedFiles } from './files';
import { formatJson } from './format-json';
import { formatSarif } from './format-sarif';
import { formatText } from './format-text';
import { MAX_FIX_ROUNDS, applyPreferredFixes } from './fix';
import { FindingsCache, cacheFileAt, type FileAnalyzer } from './cache';
import { analyzeInWorkers, type AnalysedFile } from './check-workers';
import { partition, workerCount } from './concurrency';
import { registerLooseFiles } from './loose-files';
import { shardFiles } from './shard';
import type { CheckReport } from './report';
import { displayLocation, displayPath, exitCodeOf } from './report';

export interface CliIo {
  cwd: string;
  toolVersion: string;
  stdout(text: string): void;
  stderr(text: string): void;
}


const FORMATTERS: Record<Format, (report: CheckReport) => string> = { text: formatText, json: formatJson, sarif: formatSarif };

export async function runCheck(options: CheckOptions, io: CliIo): Promise<number> {
  const configFile = options.project === undefined ? undefined : resolveProjectConfig(options.project, io.cwd);
  const { files, skipped: unreadable } = selectFiles(options, configFile, io.cwd);
  // A shard reports its own files; the programs are still built from all of them (the lock rules see the whole).
  const selection: FileSelection = { programFiles: files, reported: options.shard ? shardFiles(files, options.shard) : files };

  const workspace = new Workspace({ configFile, log: (message) => io.stderr(`lockstep: ${message}\n`) });
  try {
    // --rule flags override the configuration files, as editor settings do (the args parser validated them).
    workspace.setOverrides({ rules: options.rules });
    refuseBadConfiguration(workspace, files);
    const explicitFiles = new Set(resolveInputPaths(options.paths, io.cwd).filter((p) => !fs.statSync(p).isDirectory()));
    // The cache is read and written on this thread: with --cache (as with --fix) the analysis runs here.
    const cache = options.cache ? new FindingsCache(workspace, cacheFileAt(options.cacheLocation, io.cwd), io) : undefined;
    const analyzer = cache ?? workspace;
    const oneThread = options.fix ? '--fix' : cache ? '--cache' : undefined;
    if (oneThread && options.concurrency !== 'off' && options.concurrency !== 1) io.stderr(`lockstep: ${oneThread} runs on one thread (--concurrency is ignored)\n`);
    const report = options.fix
      ? fixThenAnalyze(analyzer, workspace, selection, explicitFiles, io)
      : reportOf(cache ? analyzeHere(analyzer, workspace, selection) : await analyzeSelection(workspace, selection, options, configFile, io), explicitFiles, io);
    cache?.save();
    if (cache) io.stderr(`lockstep: ${cache.summary()}\n`);
    report.skipped.unshift(...unreadable);
    for (const skipped of report.skipped) io.stderr(`lockstep: skipped ${displayPath(skipped.file, io.cwd)}: ${skipped.reason}\n`);
    for (const note of report.notes) io.stderr(`lockstep: note: ${displayLocation(note, io.cwd)}: ${note.message}\n`);
    io.stdout(FORMATTERS[options.format](report));
    return exitCodeOf(report);
  } finally {
    workspace.dispose();
  }
}

interface FileSelection {
  /** Every selected file: what the programs are built from. */
  programFiles: string[];
  /** The files analysed and reported (this shard's, or all). */
  reported: string[];
}

/** On this thread, or split over worker threads (the bundle itself, cli.js, started as a worker). */
async function analyzeSelection(workspace: Workspace, selection: FileSelection, options: CheckOptions, configFile: string | undefined, io: CliIo): Promise<FileAnalysis[]> {
  if (options.concurrency === 'off') return analyzeHere(workspace, workspace, selection);
  const projectOf = selection.reported.map((file) => workspace.projectFor(file).name);
  const workers = workerCount(options.concurrency, projectOf);
  if (workers === 1) return analyzeHere(workspace, workspace, selection);
  const job = { configFile, rules: options.rules, programFiles: selection.programFiles, files: selection.reported };
  const analysed = await analyzeInWorkers(job, partition(projectOf, workers, options.concurrency === 'auto'), path.join(__dirname, 'cli.js'));
  return analysed.map(({ analysis, log }: AnalysedFile) => {
    for (const message of log) io.stderr(`lockstep: ${message}\n`);
    return analysis;
  });
}

/** On this thread, through the cache when there is one (`analyzer`). */
function analyzeHere(analyzer: FileAnalyzer, workspace: Workspace, selection: FileSelection): FileAnalysis[] {
  registerLooseFiles(workspace, selection.programFiles);
  return selection.reported.map((file) => analyzer.analyzeFile(file));
}

/** A configuration file with a bad key is a configuration error (exit 2), reported before any analysis. */
function refuseBadConfiguration(workspace: Workspace, files: readonly string[]): void {
  const errors = new Set(files.flatMap((file) => workspace.configurationFor(file).errors));
  const [first] = errors;
  if (first !== undefined) throw new InputError(errors.size === 1 ? first : `${first} (and ${errors.size - 1} more problem(s))`);
}

/**
 * Without --project: the script files under the paths (default: the working directory). With it: the project's
 * files under the named folders, plus any file named explicitly (reported as skipped if the project lacks it).
 */
function selectFiles(options: CheckOptions, configFile: string | undefined, cwd: string): CollectedFiles {
  if (configFile === undefined) return collectFiles(resolveInputPaths(options.paths.length > 0 ? options.paths : ['.'], cwd));
  const inProject = projectFiles(configFile, cwd);
  if (options.paths.length === 0) return { files: inProject, skipped: [] };
  const given = resolveInputPaths(options.paths, cwd);
  const folders = given.filter((p) => fs.statSync(p).isDirectory());
  const explicitFiles = given.filter((p) => !folders.includes(p));
  return { files: [...new Set([...filesUnder(inProject, folders), ...explicitFiles])].sort(), skipped: [] };
}

/** Files that match an `ignore` glob are left out silently, unless they were named on the command line. */
function reportOf(analyses: readonly FileAnalysis[], explicitFiles: ReadonlySet<string>, io: CliIo): CheckReport {
  const report: CheckReport = { cwd: io.cwd, toolVersion: io.toolVersion, rules: ALL_RULES.map((rule) => rule.meta), filesChecked: 0, findings: [], skipped: [], ruleFailures: [], notes: [] };
  for (const analysis of analyses) {
    if (analysis.ignored && !explicitFiles.has(analysis.file)) continue;
    if (analysis.skipped !== undefined) {
      report.skipped.push({ file: analysis.file, reason: analysis.skipped });
      continue;
    }
    report.filesChecked++;
    report.findings.push(...analysis.findings);
    report.notes.push(...analysis.notes);
    report.ruleFailures.push(...analysis.ruleErrors.map((failure) => ({ file: analysis.file, ...failure })));
  }
  return report;
}

/** --fix: rounds of analysing and writing every preferred fix until none applies (or MAX_FIX_ROUNDS); the last round's report. */
function fixThenAnalyze(analyzer: FileAnalyzer, workspace: Workspace, selection: FileSelection, explicitFiles: ReadonlySet<string>, io: CliIo): CheckReport {
  const fixedByFile = new Map<string, number>();
  for (let round = 1; ; round++) {
    const report = reportOf(analyzeHere(analyzer, workspace, selection), explicitFiles, io);
    const { fixedByFile: fixedNow, refused } = round <= MAX_FIX_ROUNDS ? applyPreferredFixes(report.findings) : { fixedByFile: new Map<string, number>(), refused: [] };
    for (const { file, reason } of refused) io.stderr(`lockstep: not fixed ${displayPath(file, io.cwd)}: ${reason}\n`);
    if (fixedNow.size === 0) {
      const problems = [...fixedByFile.values()].reduce((sum, count) => sum + count, 0);
      io.stderr(`lockstep: fixed ${problems} problem(s) in ${fixedByFile.size} file(s)${[...fixedByFile.keys()].map((file) => `\n  ${displayPath(file, io.cwd)}`).join('')}\n`);
      return report;
    }
    for (const [file, count] of fixedNow) fixedByFile.set(file, (fixedByFile.get(file) ?? 0) + count);
    analyzer.diskChanged();
  }
}
