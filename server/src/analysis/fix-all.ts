// Fixing every finding of a file at once (the editor's source.fixAll, `lockstep check --fix`): each finding's
// preferred fix, in the findings' order, leaving out a fix that edits another file or overlaps one already taken
// — applying both would garble the text. What is left out stays reported, and a second pass may fix it.
import type { Finding, TextEdit } from './types';

export interface FixAll {
  edits: TextEdit[];
  /** The findings whose preferred fix is among the edits. */
  fixed: Finding[];
}

/** The preferred fixes of `findings` in `file` (of one rule, if given) that can be applied together. */
export function fixAllEdits(findings: readonly Finding[], file: string, ruleId?: string): FixAll {
  const edits: TextEdit[] = [];
  const fixed: Finding[] = [];
  for (const finding of findings) {
    if (ruleId !== undefined && finding.ruleId !== ruleId) continue;
    const fix = finding.fixes.find((candidate) => candidate.preferred === true);
    if (!fix || fix.edits.length === 0 || fix.edits.some((edit) => edit.file !== file || edits.some((taken) => overlap(edit, taken)))) continue;
    edits.push(...fix.edits);
    fixed.push(finding);
  }
  return { edits: edits.sort((a, b) => a.start - b.start || a.end - b.end), fixed };
}

/** Whether two edits touch the same text — or insert at the same place, where their order would be a guess. */
function overlap(a: TextEdit, b: TextEdit): boolean {
  if (a.start === a.end && b.start === b.end) return a.start === b.start;
  return a.start < b.end && b.start < a.end;
}

/** The text with the edits applied (they do not overlap). */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  let result = text;
  for (const edit of [...edits].sort((a, b) => b.start - a.start || b.end - a.end)) result = result.slice(0, edit.start) + edit.newText + result.slice(edit.end);
  return result;
}
