// What every quick-fix test does with a fix: apply it as an editor would, then ask the compiler whether the
// result still type-checks.
import assert from 'node:assert/strict';
import * as ts from 'typescript';
import { isSuppressionFix } from '../../server/src/analysis/suppressions';
import type { Finding, Fix } from '../../server/src/analysis/types';
import type { Workspace } from '../../server/src/analysis/workspace';

/** Applies a fix's edits as an editor does: back to front, so earlier offsets stay valid. */
export function applyFix(text: string, fix: Fix): string {
  return [...fix.edits].sort((a, b) => b.start - a.start).reduce((result, edit) => result.slice(0, edit.start) + edit.newText + result.slice(edit.end), text);
}

/** The file's syntax and type errors in its project, as `line: TScode message`. */
export function typeErrors(workspace: Workspace, file: string): string[] {
  const program = workspace.projectFor(file).program();
  const sourceFile = program.getSourceFile(file);
  assert.ok(sourceFile, `${file} is not in its program`);
  return [...program.getSyntacticDiagnostics(sourceFile), ...program.getSemanticDiagnostics(sourceFile)]
    .map((d) => `${d.start === undefined ? '' : sourceFile.getLineAndCharacterOfPosition(d.start).line + 1}: TS${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
}

/** A finding's own fixes, without the suppression every finding offers. */
export function remedies(finding: Finding): Fix[] {
  return finding.fixes.filter((fix) => !isSuppressionFix(fix));
}
