// The fixture format and its checker. A fixture is a source file whose expected findings are written inline,
// under the code they point at:
//
//       save('draft');
//   //  ^^^^^^^^^^^^^ floating-promise dropped
//
// - An annotation line is `// ^^^ rule-id [message substring]`. The carets' columns are the finding's columns
//   on the nearest line above that is not an annotation. Several findings on one line: stack annotation lines.
// - A finding that spans lines is marked from its start column to the end of its first line (trailing
//   whitespace excluded).
// - Because the carets sit under the code, annotated code starts at column 2 or later (indent it).
// - Optional settings, on a line of their own: `// lockstep-settings: {"floatingPromise":{"ignoreAsyncIife":true}}`
//   (read with parseSettings, exactly as hosts read `lockstep.*`).
// - Every finding must be annotated and every annotation found: missing and unexpected findings both fail.
import * as path from 'node:path';
import type { Finding } from '../../server/src/analysis/types';

export interface Expectation {
  /** 0-based line of the code the annotation points at. */
  line: number;
  startColumn: number;
  endColumn: number;
  ruleId: string;
  messageIncludes?: string;
  /** 0-based line of the annotation itself, for failure output. */
  annotationLine: number;
}

export interface ParsedFixture {
  expectations: Expectation[];
  /** The raw JSON value of a `lockstep-settings` comment, if there is one. */
  settings?: unknown;
  errors: string[];
}

const ANNOTATION = /^(\s*\/\/\s*)(\^+)\s+([a-z][a-z0-9-]*)(?:\s+(.*?))?\s*$/;
const SETTINGS = /^\s*\/\/\s*lockstep-settings:\s*(.*)$/;

export function parseFixture(text: string): ParsedFixture {
  const lines = text.split(/\r?\n/);
  const expectations: Expectation[] = [];
  const errors: string[] = [];
  let settings: unknown;
  let target: number | undefined;
  lines.forEach((line, index) => {
    const settingsMatch = SETTINGS.exec(line);
    if (settingsMatch) {
      try {
        settings = JSON.parse(settingsMatch[1]!);
      } catch (error) {
        errors.push(`line ${index + 1}: lockstep-settings is not JSON: ${(error as Error).message}`);
      }
      return;
    }
    const annotation = ANNOTATION.exec(line);
    if (!annotation) {
      target = index;
      return;
    }
    if (target === undefined) {
      errors.push(`line ${index + 1}: annotation with no code line above it`);
      return;
    }
    const startColumn = annotation[1]!.length;
    expectations.push({
      line: target,
      startColumn,
      endColumn: startColumn + annotation[2]!.length,
      ruleId: annotation[3]!,
      ...(annotation[4] ? { messageIncludes: annotation[4] } : {}),
      annotationLine: index,
    });
  });
  return { expectations, settings, errors };
}

/** A finding as an annotation would describe it: first line only, as documented above. */
export interface ObservedFinding {
  line: number;
  startColumn: number;
  endColumn: number;
  ruleId: string;
  message: string;
}

/** Takes any host's finding that has Lockstep's 0-based positions (the ESLint test converts ESLint's messages). */
export function observe(finding: Pick<Finding, 'startPosition' | 'endPosition' | 'ruleId' | 'message'>, text: string): ObservedFinding {
  const { startPosition, endPosition } = finding;
  const firstLine = text.split(/\r?\n/)[startPosition.line] ?? '';
  const endColumn = endPosition.line === startPosition.line ? endPosition.character : firstLine.trimEnd().length;
  return { line: startPosition.line, startColumn: startPosition.character, endColumn, ruleId: finding.ruleId, message: finding.message };
}

export interface Comparison {
  missing: Expectation[];
  unexpected: ObservedFinding[];
}

function matches(expected: Expectation, actual: ObservedFinding): boolean {
  return expected.line === actual.line && expected.startColumn === actual.startColumn &&
    expected.endColumn === actual.endColumn && expected.ruleId === actual.ruleId &&
    (expected.messageIncludes === undefined || actual.message.includes(expected.messageIncludes));
}

export function compare(expectations: readonly Expectation[], actual: readonly ObservedFinding[]): Comparison {
  const unmatched = [...actual];
  const missing: Expectation[] = [];
  for (const expected of expectations) {
    const index = unmatched.findIndex((candidate) => matches(expected, candidate));
    if (index === -1) missing.push(expected);
    else unmatched.splice(index, 1);
  }
  return { missing, unexpected: unmatched };
}

/** The annotation that would describe a finding — printed for unexpected findings, ready to paste. */
export function annotationFor(finding: ObservedFinding): string {
  if (finding.startColumn < 2) return '(code at column 1 or 2 cannot be annotated: indent it)';
  const carets = '^'.repeat(Math.max(finding.endColumn - finding.startColumn, 1));
  return `${'//'.padEnd(finding.startColumn)}${carets} ${finding.ruleId}`;
}

/** A readable failure: each problem as `file:line:col`, the code line, and what was expected or found. */
export function formatComparison(file: string, text: string, comparison: Comparison): string {
  const lines = text.split(/\r?\n/);
  const name = path.relative(process.cwd(), file);
  const where = (line: number, column: number) => `${name}:${line + 1}:${column + 1}`;
  const out: string[] = [];
  for (const expected of comparison.missing) {
    const detail = expected.messageIncludes ? ` with message containing "${expected.messageIncludes}"` : '';
    out.push(
      `missing   ${where(expected.line, expected.startColumn)} ${expected.ruleId} at columns ${expected.startColumn + 1}-${expected.endColumn}${detail}` +
      ` (annotation on line ${expected.annotationLine + 1})`,
      `            ${lines[expected.line] ?? ''}`,
    );
  }
  for (const actual of comparison.unexpected) {
    out.push(
      `unexpected ${where(actual.line, actual.startColumn)} ${actual.ruleId}: ${actual.message}`,
      `            ${lines[actual.line] ?? ''}`,
      `            ${annotationFor(actual)}`,
    );
  }
  return out.join('\n');
}
