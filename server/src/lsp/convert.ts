// Findings (host-neutral spans) → LSP diagnostics and quick fixes. Both use 0-based lines and UTF-16 columns,
// so ranges carry over unchanged.
import {
  CodeActionKind,
  DiagnosticSeverity,
  type CodeAction,
  type Command,
  type Diagnostic,
  type Range,
  type TextEdit,
} from 'vscode-languageserver/node';
import { ruleDocsUrl } from '../analysis/docs';
import type { Finding, ReportedSeverity, Span } from '../analysis/types';
import { SHOW_DEADLOCK_COMMAND, type DeadlockTarget } from '../protocol';

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

/** One quick fix per fix the finding offers (edits may reach other files, hence a map of URI → edits), and "Show this deadlock" for a deadlock. */
export function toCodeActions(finding: Finding, uriOf: UriOf): CodeAction[] {
  const diagnostic = toDiagnostic(finding, uriOf);
  const show = showDeadlockCommand(finding, uriOf);
  const fixes = finding.fixes.map((fix): CodeAction => {
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
  return show ? [...fixes, { title: show.title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], command: show }] : fixes;
}

/** The command that opens the visualizer on the finding's deadlock, for a finding that reports one. */
export function showDeadlockCommand(finding: Finding, uriOf: UriOf): Command | undefined {
  if (!finding.locks) return undefined;
  const target: DeadlockTarget = {
    uri: uriOf(finding.file),
    rule: finding.ruleId,
    locks: finding.locks.map(({ declaration, ...named }) =>
      declaration ? { ...named, declaration: { uri: uriOf(declaration.file), ...declaration.startPosition } } : named),
  };
  return { title: 'Show this deadlock', command: SHOW_DEADLOCK_COMMAND, arguments: [target] };
}

/**
 * The command as a markdown link (the client trusts this one command in hovers). encodeURIComponent leaves `(`
 * and `)`, and one in a lock's name would end the link's destination early: those are encoded too.
 */
export function commandLink(command: Command, tooltip: string): string {
  const query = encodeURIComponent(JSON.stringify(command.arguments ?? [])).replace(/[()]/g, (parenthesis) => `%${parenthesis.charCodeAt(0).toString(16).toUpperCase()}`);
  return `[${command.title}](command:${command.command}?${query} "${tooltip}")`;
}

export function rangesIntersect(a: Range, b: Range): boolean {
  return !isBefore(a.end, b.start) && !isBefore(b.end, a.start);
}

function isBefore(a: Range['start'], b: Range['start']): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}
