// Imports of a lock library whose types do not resolve (no node_modules, the package or its @types not installed).
// The lock model recognises operations by the declarations they resolve to, so in such a file it sees no lock and
// the lock rules fall silent: a note says why, instead of a "No findings" that looks like a clean bill of health.
import type ts from 'typescript';
import { spanOf } from '../findings';
import { forEachModuleSpecifier } from '../program-files';
import type { Note } from '../types';
import { LOCK_LIBRARY_PACKAGES, lockLibraryPackageOf, type LockLibraryPackage } from './api';

/** One note per lock library this file imports without its types resolving, at its first import. */
export function unresolvedLockLibraryNotes(program: ts.Program, sourceFile: ts.SourceFile): Note[] {
  // A cheap first cut: a file that never spells a lock library's name imports none.
  if (!LOCK_LIBRARY_PACKAGES.some((name) => sourceFile.text.includes(name))) return [];
  const checker = program.getTypeChecker();
  const notes = new Map<LockLibraryPackage, Note>();
  forEachModuleSpecifier(sourceFile, (specifier) => {
    const library = lockLibraryPackageOf(specifier.text);
    // The checker gives the module's symbol when its declarations resolve (an untyped package gives none).
    if (library === undefined || notes.has(library) || checker.getSymbolAtLocation(specifier) !== undefined) return;
    notes.set(library, {
      ...spanOf(sourceFile, specifier.getStart(sourceFile), specifier.getEnd()),
      message: `${library} is imported but its types do not resolve (is it installed?): the lock rules cannot see its locks in this file`,
    });
  });
  return [...notes.values()];
}
