// A file the parser could only read by recovering from syntax errors is still analysed — the findings away from
// the broken part hold, and in the editor a file is broken at every other keystroke — but it is said, once per
// file: findings near the error may be wrong or missing.
import ts from 'typescript';
import { spanOf } from './findings';
import type { Note } from './types';

export function syntaxErrorNotes(program: ts.Program, sourceFile: ts.SourceFile): Note[] {
  const [first, ...rest] = program.getSyntacticDiagnostics(sourceFile);
  if (first === undefined) return [];
  const start = first.start ?? 0;
  const more = rest.length === 0 ? '' : ` (and ${rest.length} more)`;
  const what = ts.flattenDiagnosticMessageText(first.messageText, ' ').replace(/\.$/, '');
  const message = `syntax error: ${what}${more}: the file is analysed as the parser read it, so findings near the error may be wrong or missing`;
  return [{ ...spanOf(sourceFile, start, start + (first.length ?? 0)), message }];
}
