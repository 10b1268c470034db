// Turns rule reports (nodes and offsets) into host-neutral findings with line/column spans.
import type * as ts from 'typescript';
import type { ReportOptions, ReportedSeverity, Finding, Position, Span } from './types';

export function spanOf(sourceFile: ts.SourceFile, start: number, end: number): Span {
  return {
    file: sourceFile.fileName,
    start,
    end,
    startPosition: sourceFile.getLineAndCharacterOfPosition(start),
    endPosition: sourceFile.getLineAndCharacterOfPosition(end),
  };
}

export function nodeSpan(node: ts.Node): Span {
  const sourceFile = node.getSourceFile();
  return spanOf(sourceFile, node.getStart(sourceFile), node.getEnd());
}

export function makeFinding(
  node: ts.Node,
  ruleId: string,
  severity: ReportedSeverity,
  message: string,
  options: ReportOptions = {},
): Finding {
  const sourceFile = node.getSourceFile();
  return makeFindingAt(sourceFile, node.getStart(sourceFile), node.getEnd(), ruleId, severity, message, options);
}

/** A finding over offsets rather than a node: for things that are not nodes, such as comments. */
export function makeFindingAt(
  sourceFile: ts.SourceFile,
  start: number,
  end: number,
  ruleId: string,
  severity: ReportedSeverity,
  message: string,
  options: ReportOptions = {},
): Finding {
  const finding: Finding = {
    ...spanOf(sourceFile, start, end),
    ruleId,
    severity,
    message,
    related: (options.related ?? []).map((r) => ({ ...nodeSpan(r.node), message: r.message })),
    fixes: (options.fixes ?? []).map((fix) => ({
      title: fix.title,
      preferred: fix.preferred,
      edits: fix.edits.map((edit) => ({ ...spanOf(sourceFile, edit.start, edit.end), newText: edit.newText })),
    })),
  };
  if (options.locks) finding.locks = options.locks.map(({ declaration, ...named }) => (declaration ? { ...named, declaration: nodeSpan(declaration) } : named));
  return finding;
}

export function compareFindings(a: Finding, b: Finding): number {
  return a.file.localeCompare(b.file) || a.start - b.start || a.end - b.end || a.ruleId.localeCompare(b.ruleId);
}

/** Whether a position comes strictly before another (0-based lines, UTF-16 columns). */
export function isBefore(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}
