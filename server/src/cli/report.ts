// What one `lockstep check` run produced, in the shape every output format reads, plus the conversions the
// formats share: paths relative to the working directory, and 1-based positions.
import * as path from 'node:path';
import type { Finding, Note, Position, ReportedSeverity, RuleMeta, Span } from '../analysis/types';

export interface SkippedFile {
  file: string;
  reason: string;
}

export interface RuleFailure {
  file: string;
  ruleId: string;
  error: string;
}

export interface CheckReport {
  /** Paths in the output are relative to this folder. */
  cwd: string;
  toolVersion: string;
  /** Every rule the run knew (SARIF lists them all, reported or not). */
  rules: readonly RuleMeta[];
  /** Files the rules ran on (skipped files are not counted). */
  filesChecked: number;
  findings: Finding[];
  skipped: SkippedFile[];
  ruleFailures: RuleFailure[];
  /** What limited the analysis of the checked files (a lock library whose types do not resolve), by file. */
  notes: Note[];
}

export const EXIT_CLEAN = 0;
export const EXIT_ERROR_FINDINGS = 1;
export const EXIT_USAGE = 2;
/** A rule failed on some file: its findings there are missing, so the run cannot vouch for them (even with none). */
export const EXIT_RULE_FAILED = 3;

/** A failed rule outranks findings: CI must not pass, nor read "errors found", on an analysis that did not finish. */
export function exitCodeOf(report: CheckReport): number {
  if (report.ruleFailures.length > 0) return EXIT_RULE_FAILED;
  return report.findings.some((finding) => finding.severity === 'error') ? EXIT_ERROR_FINDINGS : EXIT_CLEAN;
}

/** Most severe first: the order summaries list them in. */
export const REPORTED_SEVERITIES: readonly ReportedSeverity[] = ['error', 'warning', 'information', 'hint'];

export type SeverityCounts = Record<ReportedSeverity, number>;

export function countBySeverity(findings: readonly Finding[]): SeverityCounts {
  const counts: SeverityCounts = { error: 0, warning: 0, information: 0, hint: 0 };
  for (const finding of findings) counts[finding.severity]++;
  return counts;
}

/** Whether `file` is `dir` itself or somewhere below it. */
export function isSameOrInside(file: string, dir: string): boolean {
  const relative = path.relative(dir, file);
  return relative === '' || (relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative));
}

/** A file as the user wants to read it: relative to the working directory, with forward slashes. */
export function displayPath(file: string, cwd: string): string {
  const relative = path.relative(cwd, file) || path.basename(file);
  return relative.split(path.sep).join('/');
}

/** `file:line:col` (1-based, the file as the user reads it): what editors and CI logs turn into a link. */
export function displayLocation(span: Pick<Span, 'file' | 'startPosition'>, cwd: string): string {
  const { line, column } = oneBased(span.startPosition);
  return `${displayPath(span.file, cwd)}:${line}:${column}`;
}

export interface OneBasedPosition {
  line: number;
  /** In UTF-16 code units, as editors and TypeScript count them. */
  column: number;
}

export function oneBased(position: Position): OneBasedPosition {
  return { line: position.line + 1, column: position.character + 1 };
}
