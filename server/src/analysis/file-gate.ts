// Decides which files the analysis refuses, and says why: not a script, too large, binary, or nested deeper
// than the compiler's recursive parser and binder (and the rules' walkers) survive. Refused files are also kept
// out of their project's root files, so one hostile file cannot take down the analysis of its neighbours.
import ts from 'typescript';
import { fileKindOf, readRegularFile } from './file-read';
import { isAnalysableFile, isDeclarationFile, type Overlays } from './project';

/**
 * Syntax trees deeper than this are refused. TypeScript's parser, binder and checker recurse per level (so do the
 * rules' walkers) and overflow the stack about a thousand levels down — `!!!…x`, `a || b || …`, `o.m().m()…`
 * nest without brackets; hand-written code stays below 60. A type node counts twice: the parser spends several
 * times the stack per level on types (`A<A<…>>` 570 deep is 573 levels, and overflows it).
 */
export const MAX_SYNTAX_DEPTH = 600;
/**
 * Below this on every count of the cheap text scan, a file cannot nest anywhere near MAX_SYNTAX_DEPTH, so it is
 * not parsed here (parsing every file twice would cost a few percent of a run).
 */
const DEPTH_SCAN_THRESHOLD = 150;
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
    const refusal = overlay ? judge(overlay.text, overlay.text.length, file, maxSizeKB) : judgeOnDisk(file, maxSizeKB);
    this.verdicts.set(file, { stamp, refusal });
    return refusal;
  }

  /** The file was closed: its verdict (for that open version) is no use any more. */
  forget(file: string): void {
    this.verdicts.delete(file);
  }

  /** Files may have changed on disk: judge them again when next asked. */
  invalidateDisk(): void {
    for (const [file, verdict] of this.verdicts) if (verdict.stamp.startsWith('disk')) this.verdicts.delete(file);
  }
}

function judgeOnDisk(file: string, maxSizeKB: number): string | undefined {
  const { kind, size } = fileKindOf(file);
  if (kind === 'missing') return 'file not found';
  if (kind === 'special') return 'not a regular file (a device, FIFO, socket or folder): it is never read';
  return judge(undefined, size, file, maxSizeKB);
}

function judge(openText: string | undefined, size: number, file: string, maxSizeKB: number): string | undefined {
  if (size > maxSizeKB * 1024) {
    return `file is ${(size / 1024 / 1024).toFixed(1)} MB, over lockstep.maxFileSizeKB (${maxSizeKB} KB)`;
  }
  const text = openText ?? readRegularFile(file, maxSizeKB * 1024);
  if (text === undefined) return 'file could not be read';
  if (text.slice(0, BINARY_SAMPLE_CHARS).includes('\u0000')) return 'file looks binary (it contains NUL bytes)';
  if (!mayNestDeep(text)) return undefined;
  const depth = syntaxDepth(file, text);
  if (depth === undefined) return `its syntax nests too deep for the compiler's parser (over the ${MAX_SYNTAX_DEPTH} levels the analysis accepts)`;
  if (depth > MAX_SYNTAX_DEPTH) return `its syntax nests ${depth} levels deep, over the ${MAX_SYNTAX_DEPTH} the analysis accepts`;
  return undefined;
}

/**
 * Whether the raw text could hold a deep syntax tree: brackets nested deep, a long run of operators and words
 * between statement boundaries (`;`, `{`, `}`: chains of `!`, `<`, `||`, `.m()`, `=>` nest within one statement),
 * or many `else` (an `else if` chain nests across braces). Over-counts (strings, comments) only cost a parse.
 */
export function mayNestDeep(text: string): boolean {
  let brackets = 0;
  let run = 0;
  let elses = 0;
  let previous = OTHER;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const kind = code < 128 ? CHAR_KINDS[code]! : WORD;
    if (kind === OPEN || kind === BRACE_OPEN) brackets++;
    else if ((kind === CLOSE || kind === BRACE_CLOSE) && brackets > 0) brackets--;
    if (kind >= SEMICOLON) run = 0;
    else if (kind === OPERATOR || (kind === WORD && previous !== WORD)) {
      run++;
      if (code === 0x65 && text.startsWith('else', i) && CHAR_KINDS[text.charCodeAt(i + 4)] !== WORD) elses++;
    }
    previous = kind;
    if (brackets > DEPTH_SCAN_THRESHOLD || run > DEPTH_SCAN_THRESHOLD * 2 || elses > DEPTH_SCAN_THRESHOLD) return true;
  }
  return false;
}

// Character kinds for the scan, by table (it reads every character of every file once).
const OTHER = 0, WORD = 1, OPERATOR = 2, OPEN = 3, CLOSE = 4, SEMICOLON = 5, BRACE_OPEN = 6, BRACE_CLOSE = 7;
const CHAR_KINDS = new Uint8Array(128);
for (const [chars, kind] of [['abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_$', WORD], ['!<>.|&+-*/%?:=,^~', OPERATOR], ['([', OPEN], [')]', CLOSE], [';', SEMICOLON], ['{', BRACE_OPEN], ['}', BRACE_CLOSE]] as const) {
  for (const char of chars) CHAR_KINDS[char.charCodeAt(0)] = kind;
}

/** The depth of the file's syntax tree (type nodes counting twice), walked without recursion; undefined when the parser itself overflows. */
export function syntaxDepth(file: string, text: string): number | undefined {
  let sourceFile: ts.SourceFile;
  try {
    sourceFile = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false); // the script kind from the extension, as TypeScript infers it
  } catch (error) {
    if (error instanceof RangeError) return undefined;
    throw error;
  }
  let deepest = 0;
  const stack: [ts.Node, number][] = [[sourceFile, 1]];
  for (let next = stack.pop(); next; next = stack.pop()) {
    const [node, depth] = next;
    if (depth > deepest) deepest = depth;
    ts.forEachChild(node, (child) => void stack.push([child, depth + (ts.isTypeNode(child) ? 2 : 1)]));
  }
  return deepest;
}

