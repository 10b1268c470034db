// `--format text`: one line per finding, `file:line:col severity rule message`, which editors and CI log viewers
// turn into links; related places follow on indented lines; a summary line ends the output.
import { countBySeverity, displayLocation, REPORTED_SEVERITIES, type CheckReport, type SeverityCounts } from './report';

export function formatText(report: CheckReport): string {
  const lines: string[] = [];
  for (const finding of report.findings) {
    lines.push(`${displayLocation(finding, report.cwd)} ${finding.severity} ${finding.ruleId} ${finding.message}`);
    for (const related of finding.related) lines.push(`    ${displayLocation(related, report.cwd)} ${related.message}`);
  }
  lines.push(summaryLine(countBySeverity(report.findings), report.filesChecked, report.notes.length));
  if (report.ruleFailures.length > 0) lines.push(failureLine(report));
  return lines.join('\n') + '\n';
}

/** Said on stdout too (the failures' details are on stderr), so a log that shows only stdout cannot read as clean. */
function failureLine(report: CheckReport): string {
  const rules = [...new Set(report.ruleFailures.map((failure) => failure.ruleId))].sort();
  const files = new Set(report.ruleFailures.map((failure) => failure.file)).size;
  return `ANALYSIS INCOMPLETE: ${rules.length === 1 ? 'rule' : 'rules'} ${rules.join(', ')} failed on ${files} ${files === 1 ? 'file' : 'files'} (details on stderr; exit status 3)`;
}

const SEVERITY_NOUNS = { error: ['error', 'errors'], warning: ['warning', 'warnings'], information: ['information', 'information'], hint: ['hint', 'hints'] } as const;

/** The notes themselves are on stderr (check.ts), in every format; the summary says there are some. */
function summaryLine(counts: SeverityCounts, filesChecked: number, notes: number): string {
  const parts = REPORTED_SEVERITIES.filter((severity) => counts[severity] > 0).map((severity) => {
    const [singular, plural] = SEVERITY_NOUNS[severity];
    return `${counts[severity]} ${counts[severity] === 1 ? singular : plural}`;
  });
  const files = `${filesChecked} ${filesChecked === 1 ? 'file' : 'files'} checked`;
  const scope = notes === 0 ? files : `${files}, ${notes} ${notes === 1 ? 'note' : 'notes'} on stderr`;
  return parts.length === 0 ? `No findings (${scope})` : `${parts.join(', ')} (${scope})`;
}
