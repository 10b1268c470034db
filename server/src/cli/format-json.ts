// `--format json`: the whole run as one JSON document, for scripts. The shape below is the contract: fields may
// be added, but none is renamed or removed without raising `formatVersion`.
import { ruleDocsUrl } from '../analysis/docs';
import type { ReportedSeverity, Span } from '../analysis/types';
import { countBySeverity, displayPath, oneBased, type CheckReport, type OneBasedPosition, type SeverityCounts } from './report';

export interface JsonReport {
  formatVersion: 1;
  tool: { name: 'lockstep'; version: string };
  /** Finding counts by severity, and how many files the rules ran on. */
  /** `rulesFailed`: rule failures (in ruleErrors); more than 0 means the findings are incomplete (exit status 3). */
  summary: SeverityCounts & { filesChecked: number; rulesFailed: number };
  /** Sorted by file, then position. */
  findings: JsonFinding[];
  /** Files that were not analysed, and why (not a script, too large, binary, not part of --project…). */
  skipped: { file: string; reason: string }[];
  /** Rules that threw on a file; their other findings and every other rule's still stand. */
  ruleErrors: { file: string; rule: string; error: string }[];
  /** What limited the analysis of a checked file, where (a lock library imported whose types do not resolve). */
  notes: (JsonRange & { message: string })[];
}

export interface JsonRange {
  /** Relative to the working directory, with forward slashes. */
  file: string;
  /** 1-based line and column (columns in UTF-16 code units); `end` is exclusive. */
  start: OneBasedPosition;
  end: OneBasedPosition;
}

export interface JsonFinding extends JsonRange {
  rule: string;
  severity: ReportedSeverity;
  message: string;
  /** Other places involved: the other half of a lock cycle, the calls of a blocking chain… */
  related: (JsonRange & { message: string })[];
  docsUrl: string;
}

export function toJsonReport(report: CheckReport): JsonReport {
  const range = (span: Span): JsonRange => ({
    file: displayPath(span.file, report.cwd),
    start: oneBased(span.startPosition),
    end: oneBased(span.endPosition),
  });
  return {
    formatVersion: 1,
    tool: { name: 'lockstep', version: report.toolVersion },
    summary: { ...countBySeverity(report.findings), filesChecked: report.filesChecked, rulesFailed: report.ruleFailures.length },
    findings: report.findings.map((finding) => ({
      ...range(finding),
      rule: finding.ruleId,
      severity: finding.severity,
      message: finding.message,
      related: finding.related.map((related) => ({ ...range(related), message: related.message })),
      docsUrl: ruleDocsUrl(finding.ruleId),
    })),
    skipped: report.skipped.map(({ file, reason }) => ({ file: displayPath(file, report.cwd), reason })),
    ruleErrors: report.ruleFailures.map(({ file, ruleId, error }) => ({ file: displayPath(file, report.cwd), rule: ruleId, error })),
    notes: report.notes.map((note) => ({ ...range(note), message: note.message })),
  };
}

export function formatJson(report: CheckReport): string {
  return JSON.stringify(toJsonReport(report), null, 2) + '\n';
}
