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
import { isBefore } from '../analysis/findings';
import type { Finding, ReportedSeverity, Span, TextEdit as FindingEdit } from '../analysis/types';
import { SHOW_DEADLOCK_COMMAND, SHOW_RULE_DOCUMENTATION_COMMAND, type DeadlockTarget } from '../protocol';

/** Every fix of a file at once: `editor.codeActionsOnSave: { "source.fixAll.lockstep": "explicit" }`. */
export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.lockstep`;

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
  const fixes = finding.fixes.map((fix): CodeAction => ({
    title: fix.title,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    isPreferred: fix.preferred === true ? true : undefined,
    edit: { changes: changesOf(fix.edits, uriOf) },
  }));
  return show ? [...fixes, { title: show.title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], command: show }] : fixes;
}

/** Edits as a WorkspaceEdit's changes: URI → its edits. */
function changesOf(edits: readonly FindingEdit[], uriOf: UriOf): Record<string, TextEdit[]> {
  const changes: Record<string, TextEdit[]> = {};
  for (const edit of edits) (changes[uriOf(edit.file)] ??= []).push({ range: rangeOf(edit), newText: edit.newText });
  return changes;
}

/** One action applying edits chosen from many findings (fix-all.ts). */
export function fixAllAction(title: string, kind: string, edits: readonly FindingEdit[], fixed: readonly Finding[], uriOf: UriOf): CodeAction {
  return { title, kind, diagnostics: fixed.map((finding) => toDiagnostic(finding, uriOf)), edit: { changes: changesOf(edits, uriOf) } };
}

/** "Show documentation for <rule>": the rule's page, shipped in the extension, opened in the editor. */
export function showDocumentationAction(ruleId: string): CodeAction {
  const title = `Show documentation for ${ruleId}`;
  return { title, kind: CodeActionKind.QuickFix, command: { title, command: SHOW_RULE_DOCUMENTATION_COMMAND, arguments: [ruleId] } };
}

/**
 * Whether an action of `kind` answers a request for the kinds `only`: the kind or one of its parents was asked
 * for — or nothing was, and the kind is one offered unasked (quick fixes; source actions only on request).
 */
export function isKindRequested(only: readonly string[] | undefined, kind: string): boolean {
  if (!only) return kind === CodeActionKind.QuickFix;
  return only.some((asked) => asked === CodeActionKind.Empty || kind === asked || kind.startsWith(`${asked}.`));
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

