// `--format sarif`: SARIF 2.1.0 (OASIS), the format code-scanning services import. One run; every known rule
// is described in tool.driver.rules, and each result points at its rule by id and index. Locations are
// relative to %SRCROOT% (the working directory), which originalUriBaseIds resolves for consumers.
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPOSITORY_URL, ruleDocsUrl } from '../analysis/docs';
import type { Finding, ReportedSeverity, Span } from '../analysis/types';
import { exitCodeOf, isSameOrInside, oneBased, type CheckReport } from './report';

export const SARIF_SCHEMA_URI = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
const SOURCE_ROOT = '%SRCROOT%';

type SarifLevel = 'error' | 'warning' | 'note';

/** SARIF has three levels; LSP's information and hint both map to its lowest. */
export function sarifLevel(severity: ReportedSeverity): SarifLevel {
  return severity === 'error' || severity === 'warning' ? severity : 'note';
}

export function toSarifLog(report: CheckReport): object {
  const ruleIndex = new Map(report.rules.map((rule, index) => [rule.id, index]));
  const location = (span: Span) => physicalLocation(span, report.cwd);
  return {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'Lockstep',
            version: report.toolVersion,
            informationUri: REPOSITORY_URL,
            rules: report.rules.map((rule) => ({
              id: rule.id,
              shortDescription: { text: rule.description },
              helpUri: ruleDocsUrl(rule.id),
              // An opt-in rule (default `off`) is described as disabled, at the level it reports when enabled.
              defaultConfiguration: rule.defaultSeverity === 'off' ? { enabled: false, level: 'note' } : { level: sarifLevel(rule.defaultSeverity) },
            })),
          },
        },
        invocations: [
          {
            // A skipped file leaves the run whole; a failed rule does not: its results for that file are missing.
            executionSuccessful: report.ruleFailures.length === 0,
            exitCode: exitCodeOf(report),
            toolExecutionNotifications: [
              ...report.skipped.map((skipped) => ({
                level: 'note',
                message: { text: `Not analysed: ${skipped.reason}` },
                locations: [{ physicalLocation: { artifactLocation: artifactLocation(skipped.file, report.cwd) } }],
              })),
              ...report.ruleFailures.map((failure) => ({
                level: 'error',
                message: { text: `Rule ${failure.ruleId} failed: ${failure.error.split('\n')[0]}` },
                associatedRule: { id: failure.ruleId },
                locations: [{ physicalLocation: { artifactLocation: artifactLocation(failure.file, report.cwd) } }],
              })),
              // The run is still sound, but a file's locks went unseen: a warning, not a result (no rule reported it).
              ...report.notes.map((note) => ({ level: 'warning', message: { text: note.message }, locations: [{ physicalLocation: location(note) }] })),
            ],
          },
        ],
        originalUriBaseIds: { [SOURCE_ROOT]: { uri: directoryUri(report.cwd) } },
        // TypeScript counts columns in UTF-16 code units; SARIF's default would be code points.
        columnKind: 'utf16CodeUnits',
        results: report.findings.map((finding) => result(finding, ruleIndex, location)),
      },
    ],
  };
}

export function formatSarif(report: CheckReport): string {
  return JSON.stringify(toSarifLog(report), null, 2) + '\n';
}

function result(finding: Finding, ruleIndex: Map<string, number>, location: (span: Span) => object): object {
  return {
    ruleId: finding.ruleId,
    // -1 is SARIF's "not in tool.driver.rules"; every rule Lockstep runs is listed, so this is a safeguard.
    ruleIndex: ruleIndex.get(finding.ruleId) ?? -1,
    level: sarifLevel(finding.severity),
    message: { text: finding.message },
    locations: [{ physicalLocation: location(finding) }],
    ...(finding.related.length > 0 && {
      relatedLocations: finding.related.map((related, id) => ({
        id,
        message: { text: related.message },
        physicalLocation: location(related),
      })),
    }),
  };
}

function physicalLocation(span: Span, cwd: string): object {
  const start = oneBased(span.startPosition);
  const end = oneBased(span.endPosition);
  return {
    artifactLocation: artifactLocation(span.file, cwd),
    region: { startLine: start.line, startColumn: start.column, endLine: end.line, endColumn: end.column },
  };
}

/** Inside the working directory: a relative URI against %SRCROOT%. Outside it: an absolute file URI. */
function artifactLocation(file: string, cwd: string): { uri: string; uriBaseId?: string } {
  if (file === cwd || !isSameOrInside(file, cwd)) return { uri: pathToFileURL(file).href };
  return { uri: path.relative(cwd, file).split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: SOURCE_ROOT };
}

/** originalUriBaseIds must be absolute and end with a slash, or relative URIs would resolve against the parent. */
function directoryUri(dir: string): string {
  const href = pathToFileURL(dir).href;
  return href.endsWith('/') ? href : `${href}/`;
}
