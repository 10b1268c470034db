// Suppression comments, honoured by every host because they are applied here, in the analysis:
//   // lockstep-ignore-next-line [rule…] [-- reason]   the findings that start on the next line
//   // lockstep-ignore-file [rule…] [-- reason]        the findings anywhere in the file
// No rule ids means every rule. Rule ids are separated by spaces or commas. Only real `//` comments count: the
// same text inside a string, a template or JSX text is not a suppression.
import ts from 'typescript';
import type { Finding, Fix, SuppressionKind, TextEdit, UnusedSuppression } from './types';
import { spanOf } from './findings';

const DIRECTIVE = /\/\/[ \t]*lockstep-ignore-(next-line|file)(?=[\s,]|$)([^\r\n]*)/g;
const MARKER = 'lockstep-ignore-';

export interface Suppression {
  kind: SuppressionKind;
  /** Rule ids named; empty means all rules. */
  rules: string[];
  /** The comment's offsets and the 0-based line it is on. */
  start: number;
  end: number;
  line: number;
}

export interface SuppressionOutcome {
  kept: Finding[];
  unused: UnusedSuppression[];
}

/** The suppression comments of a file, in order. */
export function findSuppressions(sourceFile: ts.SourceFile): Suppression[] {
  const text = sourceFile.text;
  if (!text.includes(MARKER)) return []; // the common case costs one scan of the text
  const found: Suppression[] = [];
  for (const match of text.matchAll(DIRECTIVE)) {
    const start = match.index;
    if (!isCommentAt(sourceFile, start, 'line')) continue;
    found.push({
      kind: match[1] as SuppressionKind,
      rules: namesBeforeReason(match[2]!),
      start,
      end: start + match[0].trimEnd().length,
      line: sourceFile.getLineAndCharacterOfPosition(start).line,
    });
  }
  return found;
}

/** `a, b c -- why` → [a, b, c]: the rule names of a suppression comment, Lockstep's or ESLint's. */
export function namesBeforeReason(rest: string): string[] {
  const beforeReason = rest.split(/\s--(?:\s|$)/)[0]!;
  return beforeReason.split(/[\s,]+/).filter((id) => id !== '');
}

/**
 * Drops the findings a suppression covers and tells which suppressions covered nothing. A suppression naming
 * only rules that did not run (turned off, or failed) is not judged: it may be needed where they do run.
 */
export function applySuppressions(
  sourceFile: ts.SourceFile,
  findings: readonly Finding[],
  suppressions: readonly Suppression[],
  ranRuleIds: ReadonlySet<string>,
): SuppressionOutcome {
  const used = suppressions.map(() => new Set<string>());
  const kept = findings.filter((finding) => {
    const covering = suppressions.flatMap((suppression, index) => (covers(suppression, finding) ? [index] : []));
    for (const index of covering) used[index]!.add(finding.ruleId);
    return covering.length === 0;
  });
  const unused = suppressions.flatMap((suppression, index): UnusedSuppression[] => {
    const suppressed = used[index]!;
    if (suppression.rules.length === 0) return suppressed.size === 0 ? [unusedWhole(sourceFile, suppression)] : [];
    const judged = suppression.rules.filter((id) => ranRuleIds.has(id));
    const unusedRules = judged.filter((id) => !suppressed.has(id));
    if (unusedRules.length === 0) return [];
    if (unusedRules.length === suppression.rules.length) return [unusedWhole(sourceFile, suppression, unusedRules)];
    return [{ kind: suppression.kind, start: suppression.start, end: suppression.end, unusedRules, removal: [rewriteRules(sourceFile, suppression, unusedRules)] }];
  });
  return { kept, unused };
}

function covers(suppression: Suppression, finding: Finding): boolean {
  if (suppression.rules.length > 0 && !suppression.rules.includes(finding.ruleId)) return false;
  return suppression.kind === 'file' || finding.startPosition.line === suppression.line + 1;
}

function unusedWhole(sourceFile: ts.SourceFile, suppression: Suppression, unusedRules: string[] = []): UnusedSuppression {
  return { kind: suppression.kind, start: suppression.start, end: suppression.end, unusedRules, removal: [removeComment(sourceFile, suppression)] };
}

/** Deletes the comment; its whole line when nothing else is on it. */
function removeComment(sourceFile: ts.SourceFile, suppression: Suppression): { start: number; end: number; newText: string } {
  const text = sourceFile.text;
  const lineStart = sourceFile.getPositionOfLineAndCharacter(suppression.line, 0);
  const lineEnd = lineEndAt(text, suppression.end);
  if (text.slice(lineStart, suppression.start).trim() === '' && text.slice(suppression.end, lineEnd).trim() === '') {
    return { start: lineStart, end: lineEnd + newlineLength(text, lineEnd), newText: '' };
  }
  let start = suppression.start;
  while (start > lineStart && /[ \t]/.test(text[start - 1]!)) start--;
  return { start, end: suppression.end, newText: '' };
}

/** Rewrites the comment without the unused rule ids (keeping a `-- reason`). */
function rewriteRules(sourceFile: ts.SourceFile, suppression: Suppression, unusedRules: readonly string[]): { start: number; end: number; newText: string } {
  const comment = sourceFile.text.slice(suppression.start, suppression.end);
  const reason = /\s--(?:\s.*)?$/.exec(comment)?.[0] ?? '';
  const rules = suppression.rules.filter((id) => !unusedRules.includes(id));
  return { start: suppression.start, end: suppression.end, newText: `// ${MARKER}${suppression.kind} ${rules.join(' ')}${reason}` };
}

const SUPPRESSION_FIX_PREFIX = 'Ignore ';

/** Whether a fix is the suppression every finding carries (rather than the rule's own remedy). */
export function isSuppressionFix(fix: Fix): boolean {
  return fix.title.startsWith(SUPPRESSION_FIX_PREFIX);
}

/**
 * The quick fix every finding carries: a `// lockstep-ignore-next-line <rule>` line above it, indented like its
 * line — or the rule added to the suppression already there. None where a line comment cannot go: inside JSX
 * children or attributes, or inside a multi-line string or template.
 */
export function suppressionFix(sourceFile: ts.SourceFile, finding: Finding): Fix | undefined {
  const text = sourceFile.text;
  const line = finding.startPosition.line;
  const lineStart = sourceFile.getPositionOfLineAndCharacter(line, 0);
  if (!canStartLineComment(sourceFile, lineStart)) return undefined;
  const title = `${SUPPRESSION_FIX_PREFIX}${finding.ruleId} on this line (// ${MARKER}next-line)`;
  const above = line > 0 ? findSuppressions(sourceFile).find((s) => s.kind === 'next-line' && s.line === line - 1 && s.rules.length > 0) : undefined;
  if (above) return { title, edits: [addRuleEdit(sourceFile, above, finding.ruleId)] };
  const indent = /^[ \t]*/.exec(text.slice(lineStart))![0];
  const newline = text.includes('\r\n') ? '\r\n' : '\n';
  return { title, edits: [editAt(sourceFile, lineStart, lineStart, `${indent}// ${MARKER}next-line ${finding.ruleId}${newline}`)] };
}

/**
 * "Ignore <rule> for this file": the rule added to the file's `// lockstep-ignore-file` comment naming rules, or
 * such a comment written on the first line (after a `#!` line).
 */
export function fileSuppressionFix(sourceFile: ts.SourceFile, finding: Finding): Fix {
  const title = `${SUPPRESSION_FIX_PREFIX}${finding.ruleId} for this file (// ${MARKER}file)`;
  const existing = findSuppressions(sourceFile).find((s) => s.kind === 'file' && s.rules.length > 0);
  if (existing) return { title, edits: [addRuleEdit(sourceFile, existing, finding.ruleId)] };
  const text = sourceFile.text;
  const newline = text.includes('\r\n') ? '\r\n' : '\n';
  const at = text.startsWith('#!') ? lineEndAt(text, 0) + newlineLength(text, lineEndAt(text, 0)) : 0;
  const separator = at > 0 && newlineLength(text, lineEndAt(text, 0)) === 0 ? newline : '';
  return { title, edits: [editAt(sourceFile, at, at, `${separator}// ${MARKER}file ${finding.ruleId}${newline}`)] };
}

/** The rule id added to a suppression's list, before its `-- reason`. */
function addRuleEdit(sourceFile: ts.SourceFile, suppression: Suppression, ruleId: string): TextEdit {
  const comment = sourceFile.text.slice(suppression.start, suppression.end);
  const reasonAt = /\s--(?:\s|$)/.exec(comment)?.index;
  const at = reasonAt === undefined ? suppression.end : suppression.start + reasonAt;
  return editAt(sourceFile, at, at, ` ${ruleId}`);
}

function editAt(sourceFile: ts.SourceFile, start: number, end: number, newText: string): TextEdit {
  return { ...spanOf(sourceFile, start, end), newText };
}

/** The innermost node or token whose full text (leading trivia included) holds the offset. */
function tokenAt(sourceFile: ts.SourceFile, offset: number): ts.Node {
  let node: ts.Node = sourceFile;
  for (;;) {
    const child = node.getChildren(sourceFile).find((candidate) => candidate.pos <= offset && offset < candidate.end);
    if (!child) return node;
    node = child;
  }
}

/** Whether a `//` (line) or `/*` (block) comment starts exactly here (not inside a string, template, regex, JSX text or other comment). */
export function isCommentAt(sourceFile: ts.SourceFile, offset: number, kind: 'line' | 'block'): boolean {
  const token = tokenAt(sourceFile, offset);
  if (offset >= token.getStart(sourceFile)) return false; // inside the token itself
  const text = sourceFile.text;
  const comments = [...(ts.getTrailingCommentRanges(text, token.pos) ?? []), ...(ts.getLeadingCommentRanges(text, token.pos) ?? [])];
  const syntaxKind = kind === 'line' ? ts.SyntaxKind.SingleLineCommentTrivia : ts.SyntaxKind.MultiLineCommentTrivia;
  return comments.some((range) => range.pos === offset && range.kind === syntaxKind);
}

/** Whether a line comment inserted at this line start would be a comment, and would leave the code as it was. */
function canStartLineComment(sourceFile: ts.SourceFile, lineStart: number): boolean {
  const token = tokenAt(sourceFile, lineStart);
  if (lineStart > token.getStart(sourceFile)) return false; // inside a multi-line token (template, string, JSX text)
  const text = sourceFile.text;
  const insideComment = (ts.getLeadingCommentRanges(text, token.pos) ?? []).some((range) => range.pos < lineStart && lineStart < range.end);
  if (insideComment) return false;
  for (let node: ts.Node | undefined = token; node; node = node.parent) {
    if (ts.isJsxExpression(node)) return true;
    if (ts.isJsxElement(node) || ts.isJsxSelfClosingElement(node) || ts.isJsxFragment(node) || ts.isJsxText(node)) return false;
  }
  return true;
}

function lineEndAt(text: string, offset: number): number {
  const newline = text.slice(offset).search(/\r?\n/);
  return newline === -1 ? text.length : offset + newline;
}

function newlineLength(text: string, lineEnd: number): number {
  return text.startsWith('\r\n', lineEnd) ? 2 : text.startsWith('\n', lineEnd) ? 1 : 0;
}
