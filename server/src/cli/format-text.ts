// `--format text`: one line per finding, `file:line:col severity rule message`, which editors and CI log viewers
// turn into links; related places follow on indented lines; a summary line ends the output.
import type { Finding } from '../analysis/types';
import { countBySeverity, displayPath, oneBased, REPORTED_SEVERITIES, type CheckReport, type SeverityCounts } from './report';

export function formatText(report: CheckReport): string {
  const lines: string[] = [];
  for (const finding of report.findings) {
    lines.push(`${location(finding, report.cwd)} ${finding.severity} ${finding.ruleId} ${finding.message}`);
    for (const related of finding.related) lines.push(`    ${location(related, report.cwd)} ${related.message}`);
  }
  lines.push(summaryLine(countBySeverity(report.findings), report.filesChecked));
  return lines.join('\n') + '\n';
}

function location(span: Pick<Finding, 'file' | 'startPosition'>, cwd: string): string {
  const { line, column } = oneBased(span.startPosition);
  return `${displayPath(span.file, cwd)}:${line}:${column}`;
}

const SEVERITY_NOUNS = { error: ['error', 'errors'], warning: ['warning', 'warnings'], information: ['information', 'information'], hint: ['hint', 'hints'] } as const;

function summaryLine(counts: SeverityCounts, filesChecked: number): string {
  const parts = REPORTED_SEVERITIES.filter((severity) => counts[severity] > 0).map((severity) => {
    const [singular, plural] = SEVERITY_NOUNS[severity];
    return `${counts[severity]} ${counts[severity] === 1 ? singular : plural}`;
  });
  const files = `${filesChecked} ${filesChecked === 1 ? 'file' : 'files'} checked`;
  return parts.length === 0 ? `No findings (${files})` : `${parts.join(', ')} (${files})`;
}
