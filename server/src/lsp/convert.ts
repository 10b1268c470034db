// Findings (host-neutral spans) → LSP diagnostics and quick fixes. Both use 0-based lines and UTF-16 columns,
// so ranges carry over unchanged.
import {
  CodeActionKind,
  DiagnosticSeverity,
  type CodeAction,
  type Diagnostic,
  type Range,
  type TextEdit,
} from 'vscode-languageserver/node';
import { ruleDocsUrl } from '../analysis/docs';
import type { Finding, ReportedSeverity, Span } from '../analysis/types';

export const DIAGNOSTIC_SOURCE = 'lockstep';

/** Maps a file path to the URI the client knows it by (open documents keep the client's own spelling). */
export type UriOf = (file: string) => string;

const SEVERITY: Record<ReportedSeverity, DiagnosticSeverity> = {
  hint: DiagnosticSeverity.Hint,
  information: DiagnosticSeverity.Information,
  warning: DiagnosticSeverity.Warning,
  error: DiagnosticSeverity.Error,
};

export function rangeOf(span: Span): Range {
  return { start: span.startPosition, end: span.endPosition };
}

export function toDiagnostic(finding: Finding, uriOf: UriOf): Diagnostic {
  return {
    range: rangeOf(finding),
    severity: SEVERITY[finding.severity],
    source: DIAGNOSTIC_SOURCE,
    code: finding.ruleId,
    codeDescription: { href: ruleDocsUrl(finding.ruleId) },
    message: finding.message,
    relatedInformation: finding.related.length
      ? finding.related.map((related) => ({
          location: { uri: uriOf(related.file), range: rangeOf(related) },
          message: related.message,
        }))
      : undefined,
  };
}

/** One quick fix per fix the finding offers; edits may reach other files, hence a map of URI → edits. */
export function toCodeActions(finding: Finding, uriOf: UriOf): CodeAction[] {
  const diagnostic = toDiagnostic(finding, uriOf);
  return finding.fixes.map((fix) => {
    const changes: Record<string, TextEdit[]> = {};
    for (const edit of fix.edits) (changes[uriOf(edit.file)] ??= []).push({ range: rangeOf(edit), newText: edit.newText });
    return {
      title: fix.title,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      isPreferred: fix.preferred === true ? true : undefined,
      edit: { changes },
    };
  });
}

export function rangesIntersect(a: Range, b: Range): boolean {
  return !isBefore(a.end, b.start) && !isBefore(b.end, a.start);
}

function isBefore(a: Range['start'], b: Range['start']): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}
