// What one `lockstep check` run produced, in the shape every output format reads, plus the conversions the
// formats share: paths relative to the working directory, and 1-based positions.
import * as path from 'node:path';
import type { Finding, Position, ReportedSeverity, RuleMeta } from '../analysis/types';

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

export interface OneBasedPosition {
  line: number;
  /** In UTF-16 code units, as editors and TypeScript count them. */
  column: number;
}

export function oneBased(position: Position): OneBasedPosition {
  return { line: position.line + 1, column: position.character + 1 };
}
