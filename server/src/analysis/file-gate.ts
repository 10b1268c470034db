// Decides which files the analysis refuses, and says why: not a script, too large, binary, or nested deeper
// than the compiler's recursive parser survives. Refused files are also kept out of their project's root
// files, so one hostile file cannot take down the analysis of its neighbours.
import * as fs from 'node:fs';
import { isAnalysableFile, isDeclarationFile, type Overlays } from './project';

/**
 * Brackets nested deeper than this are refused. TypeScript's parser and checker recurse per level and overflow
 * the stack a few thousand levels down; hand-written code stays far below this.
 */
export const MAX_NESTING_DEPTH = 500;
const BINARY_SAMPLE_CHARS = 8000;

interface Verdict {
  stamp: string;
  refusal: string | undefined;
}

export class FileGate {
  private readonly verdicts = new Map<string, Verdict>();

  constructor(private readonly overlays: Overlays) {}

  /**
   * Why the file is not analysed, or undefined when it is. Re-decided when an open file's version or the limit
   * changes, and for files on disk after invalidateDisk() (every program update asks about every root file).
   */
  refusal(file: string, maxSizeKB: number): string | undefined {
    if (isDeclarationFile(file)) return 'a declaration file: it holds no code to analyse';
    if (!isAnalysableFile(file)) return 'not a TypeScript or JavaScript source file';
    const overlay = this.overlays.get(file);
    const stamp = `${overlay ? `open:${overlay.version}` : 'disk'}|${maxSizeKB}`;
    const known = this.verdicts.get(file);
    if (known?.stamp === stamp) return known.refusal;
    const stat = overlay ? undefined : statOf(file);
    const refusal = overlay || stat ? judge(overlay?.text, overlay ? overlay.text.length : stat!.size, file, maxSizeKB) : 'file not found';
    this.verdicts.set(file, { stamp, refusal });
    return refusal;
  }

  /** Files may have changed on disk: judge them again when next asked. */
  invalidateDisk(): void {
    for (const [file, verdict] of this.verdicts) if (verdict.stamp.startsWith('disk')) this.verdicts.delete(file);
  }
}

function judge(openText: string | undefined, size: number, file: string, maxSizeKB: number): string | undefined {
  if (size > maxSizeKB * 1024) {
    return `file is ${(size / 1024 / 1024).toFixed(1)} MB, over lockstep.maxFileSizeKB (${maxSizeKB} KB)`;
  }
  const text = openText ?? readText(file);
  if (text === undefined) return 'file could not be read';
  if (text.slice(0, BINARY_SAMPLE_CHARS).includes('\u0000')) return 'file looks binary (it contains NUL bytes)';
  const depth = nestingDepth(text);
  if (depth > MAX_NESTING_DEPTH) return `brackets nest ${depth} deep, over the ${MAX_NESTING_DEPTH} the analysis accepts`;
  return undefined;
}

/** The deepest nesting of (), [] and {} — counted over the raw text: an upper bound is all the guard needs. */
export function nestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x28 || code === 0x5b || code === 0x7b) {
      if (++depth > deepest) deepest = depth;
    } else if ((code === 0x29 || code === 0x5d || code === 0x7d) && depth > 0) {
      depth--;
    }
  }
  return deepest;
}

function statOf(file: string): fs.Stats | undefined {
  try {
    return fs.statSync(file);
  } catch {
    return undefined;
  }
}

function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
