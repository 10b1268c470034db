// `lockstep merge <report>...`: the json or SARIF reports of `check --shard i/n` runs joined into the report the
// unsharded run prints, byte for byte, and its exit code. Shards are contiguous runs of the sorted files
// (shard.ts), so the joined report is each list of the shards concatenated in shard order; that order is read
// from the reports (their first file), so the arguments may come in any order (`shard-*.json` sorts 10 before 2).
// Every shard walks the same folders, so each lists the folders it could not read first: kept once.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { EXIT_CLEAN, EXIT_ERROR_FINDINGS, EXIT_RULE_FAILED } from './report';
import { isRecord } from '../analysis/settings';
import { InputError } from './files';
import type { CliIo } from './check';

type Json = Record<string, unknown>;

/** One format's view of a report: its lists in output order, and how to put joined lists back. */
interface ReportFormat {
  name: string;
  is(value: Json): boolean;
  /** The report's per-file lists; the first one begins with the unreadable folders every shard lists. */
  lists(report: Json): Json[][];
  /** An entry's file, as an absolute path, to order the shards. */
  fileOf(entry: Json, report: Json, cwd: string): string | undefined;
  join(first: Json, lists: Json[][], reports: readonly Json[]): { report: Json; exitCode: number };
}

const JSON_FORMAT: ReportFormat = {
  name: 'json',
  is: (value) => value.formatVersion === 1 && (value.tool as Json | undefined)?.name === 'lockstep' && typeof value.summary === 'object' && ['skipped', 'findings', 'ruleErrors', 'notes'].every((key) => Array.isArray(value[key])),
  lists: (report) => [report.skipped, report.findings, report.ruleErrors, report.notes] as Json[][],
  fileOf: (entry, _report, cwd) => (typeof entry.file === 'string' ? path.resolve(cwd, entry.file) : undefined),
  join(first, [skipped, findings, ruleErrors, notes], reports) {
    const summary = Object.fromEntries(Object.keys(first.summary as Json).map((key) => [key, reports.reduce((sum, report) => sum + Number((report.summary as Json)[key]), 0)]));
    const report = { ...first, summary, findings, skipped, ruleErrors, notes };
    return { report, exitCode: exitCode(summary.rulesFailed! > 0, summary.error! > 0) };
  },
};

/** toolExecutionNotifications are three groups in this order (format-sarif.ts): skipped, rule failures, notes. */
const NOTIFICATION_LEVELS = ['note', 'error', 'warning'];

const SARIF_FORMAT: ReportFormat = {
  name: 'SARIF',
  is: (value) => value.version === '2.1.0' && Array.isArray(value.runs) && value.runs.length === 1 && Array.isArray(runOf(value).results) && Array.isArray((runOf(value).invocations as Json[] | undefined)?.[0]?.toolExecutionNotifications),
  lists(report) {
    const notifications = invocationOf(report).toolExecutionNotifications as Json[];
    return [...NOTIFICATION_LEVELS.map((level) => notifications.filter((n) => n.level === level)), runOf(report).results as Json[]];
  },
  fileOf(entry, report, cwd) {
    const location = ((entry.locations as Json[] | undefined)?.[0]?.physicalLocation as Json | undefined)?.artifactLocation as Json | undefined;
    if (typeof location?.uri !== 'string') return undefined;
    if (location.uriBaseId === undefined) return fileURLToPath(location.uri);
    const base = ((runOf(report).originalUriBaseIds as Json)[location.uriBaseId as string] as Json).uri as string;
    return path.resolve(cwd, path.relative(fileURLToPath(base), fileURLToPath(new URL(location.uri, base))));
  },
  join(first, [skipped, ruleFailures, notes, results]) {
    const failed = ruleFailures!.length > 0;
    const invocation = { ...invocationOf(first), executionSuccessful: !failed, exitCode: exitCode(failed, results!.some((r) => r.level === 'error')), toolExecutionNotifications: [...skipped!, ...ruleFailures!, ...notes!] };
    const run = { ...runOf(first), invocations: [invocation], results };
    return { report: { ...first, runs: [run] }, exitCode: invocation.exitCode };
  },
};

function runOf(report: Json): Json {
  return (report.runs as Json[])[0]!;
}

function invocationOf(report: Json): Json {
  return (runOf(report).invocations as Json[])[0]!;
}

function exitCode(ruleFailed: boolean, errorFound: boolean): number {
  return ruleFailed ? EXIT_RULE_FAILED : errorFound ? EXIT_ERROR_FINDINGS : EXIT_CLEAN;
}

export function runMerge(files: readonly string[], io: CliIo): number {
  const reports = files.map((file) => readReport(file, io.cwd));
  const format = [JSON_FORMAT, SARIF_FORMAT].find((candidate) => candidate.is(reports[0]!.value));
  const stranger = reports.find(({ value }) => format === undefined || !format.is(value));
  if (format === undefined || stranger !== undefined) throw new InputError(`${(stranger ?? reports[0])!.file}: not a ${format?.name ?? 'json or SARIF'} report of lockstep check (merge joins reports of one format)`);
  const { tool } = describeRun(reports[0]!.value);
  const other = reports.find(({ value }) => describeRun(value).tool !== tool);
  if (other !== undefined) throw new InputError(`${other.file}: made by another version or set of rules than ${reports[0]!.file}`);

  const values = reports.map(({ value }) => value);
  const listsOf = values.map((value) => format.lists(value));
  const unreadable = commonPrefix(listsOf.map(([first]) => first!));
  const ordered = values
    .map((value, n) => ({ value, lists: listsOf[n]!.map((list, k) => (k === 0 ? list.slice(unreadable.length) : list)) }))
    .map((shard) => ({ ...shard, firstFile: shard.lists.flat().map((entry) => format.fileOf(entry, shard.value, io.cwd)).find((file) => file !== undefined) }))
    .sort((a, b) => compareFiles(a.firstFile, b.firstFile));
  const joined = listsOf[0]!.map((_, k) => [...(k === 0 ? unreadable : []), ...ordered.flatMap((shard) => shard.lists[k]!)]);
  const { report, exitCode: code } = format.join(values[0]!, joined, values);
  io.stdout(JSON.stringify(report, null, 2) + '\n');
  return code;
}

/** What must be the same in every shard: the tool (version, rules). */
function describeRun(value: Json): { tool: string } {
  return { tool: JSON.stringify(value.tool ?? runOf(value).tool) };
}

function readReport(file: string, cwd: string): { file: string; value: Json } {
  let text: string;
  try {
    text = fs.readFileSync(path.resolve(cwd, file), 'utf8');
  } catch (error) {
    throw new InputError(`${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  try {
    const value: unknown = JSON.parse(text);
    if (isRecord(value)) return { file, value: value as Json };
  } catch {
    // reported below, as for any other non-report
  }
  throw new InputError(`${file}: not a json or SARIF report of lockstep check (text output cannot be merged)`);
}

/** The entries every list starts with, equal as JSON. */
function commonPrefix(lists: readonly Json[][]): Json[] {
  const [first = []] = lists;
  let length = 0;
  while (length < first.length && lists.every((list) => list.length > length && JSON.stringify(list[length]) === JSON.stringify(first[length]))) length++;
  return first.slice(0, length);
}

/** Shards without any file entry have nothing to place: last. */
function compareFiles(a: string | undefined, b: string | undefined): number {
  if (a === undefined || b === undefined) return (a === undefined ? 1 : 0) - (b === undefined ? 1 : 0);
  return a < b ? -1 : a > b ? 1 : 0;
}
