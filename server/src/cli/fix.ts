// `lockstep check --fix`: writes each file's preferred fixes (analysis/fix-all.ts) back to disk, as the editor's
// Fix all would apply them, keeping a UTF-8 byte-order mark. A fix can make room for another, so the caller
// re-analyses and fixes again, a few rounds at most (as `eslint --fix` does).
import * as fs from 'node:fs';
import { applyEdits, fixAllEdits } from '../analysis/fix-all';
import { readRegularFile } from '../analysis/file-read';
import type { Finding } from '../analysis/types';

export const MAX_FIX_ROUNDS = 10;

export interface FixRound {
  /** Findings fixed, per file written. */
  fixedByFile: Map<string, number>;
  /** Files with fixes that were left alone, and why. */
  refused: { file: string; reason: string }[];
}

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

export function applyPreferredFixes(findings: readonly Finding[]): FixRound {
  const round: FixRound = { fixedByFile: new Map(), refused: [] };
  for (const file of new Set(findings.map((finding) => finding.file))) {
    const { edits, fixed } = fixAllEdits(findings, file);
    if (edits.length === 0) continue;
    const why = writeFixed(file, edits);
    if (why) round.refused.push({ file, reason: why });
    else round.fixedByFile.set(file, fixed.length);
  }
  return round;
}

/** Writes the file with the edits applied; or why it could not. */
function writeFixed(file: string, edits: Parameters<typeof applyEdits>[1]): string | undefined {
  const text = readRegularFile(file);
  if (text === undefined) return 'it is no longer a regular file within the size limit';
  const head = fs.readFileSync(file).subarray(0, 3);
  // The offsets are into the decoded text: a UTF-16 file would be rewritten in another encoding.
  if (head[0] === 0xff || head[0] === 0xfe) return 'it is UTF-16: its fixes are not written';
  const bom = head.equals(UTF8_BOM) ? '\uFEFF' : '';
  fs.writeFileSync(file, bom + applyEdits(text, edits));
  return undefined;
}
