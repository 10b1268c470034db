// Every file the analysis reads from disk goes through here: only regular files (a symlink to /dev/zero, a FIFO
// or a socket named by tsconfig `files` or `/// <reference path>` would read forever or hang), and never more
// than a limit — analysed files have lockstep.maxFileSizeKB (file-gate.ts), anything a program pulls in this.
import * as fs from 'node:fs';
import ts from 'typescript';

/** Larger than any declaration file worth type-checking against (TypeScript's own lib.dom.d.ts is under 2 MB). */
export const MAX_READ_BYTES = 64 * 1024 * 1024;

export type FileKind = 'regular' | 'missing' | 'special';

/** What the name is, following symlinks: a regular file, nothing (or unreadable), or a device, FIFO, socket or folder. */
export function fileKindOf(file: string): { kind: FileKind; size: number } {
  try {
    const stat = fs.statSync(file);
    return { kind: stat.isFile() ? 'regular' : 'special', size: stat.size };
  } catch {
    return { kind: 'missing', size: 0 };
  }
}

/** A regular file's text, as TypeScript decodes it (byte-order marks, UTF-16); undefined for anything else or over the limit. */
export function readRegularFile(file: string, maxBytes = MAX_READ_BYTES): string | undefined {
  const { kind, size } = fileKindOf(file);
  return kind === 'regular' && size <= maxBytes ? ts.sys.readFile(file) : undefined;
}

/** ts.sys with reads limited to regular files: for the config parser and the language service host. */
export const guardedSys: ts.System = { ...ts.sys, readFile: (file) => readRegularFile(file) };
