// A file's entry points: the functions that become task templates. By default the file's exported async
// functions (declarations, and consts bound to async arrows or function expressions) and the async methods of its
// exported classes — what other code can start as a task. On request, any function of the file by name.
import ts from 'typescript';
import { functionName, functionsIn, isAsyncFunction, isFunctionWithBody, type FunctionWithBody } from '../functions';

export interface EntryPoint {
  name: string;
  fn: FunctionWithBody;
  /** Where the declaration starts (modifiers included): the CodeLens goes on this line. */
  start: number;
  /** Where its header ends (after the name, else before the body). */
  headerEnd: number;
}

export function exportedAsyncEntries(checker: ts.TypeChecker, sourceFile: ts.SourceFile): EntryPoint[] {
  const moduleSymbol = checker.getSymbolAtLocation(sourceFile);
  if (!moduleSymbol) return [];
  const found = new Set<FunctionWithBody>();
  for (let symbol of checker.getExportsOfModule(moduleSymbol)) {
    if (symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
    for (const declaration of symbol.getDeclarations() ?? []) {
      if (declaration.getSourceFile() !== sourceFile) continue;
      for (const fn of asyncFunctionsDeclaredBy(declaration)) found.add(fn);
    }
  }
  return [...found].sort((a, b) => a.pos - b.pos).map(entryPoint);
}

/** The functions of the file named so (`transfer`, `Bank.audit`), and the names that match none. */
export function namedEntries(sourceFile: ts.SourceFile, names: readonly string[]): { entries: EntryPoint[]; missing: string[] } {
  const wanted = new Set(names);
  const entries = functionsIn(sourceFile).filter((fn) => wanted.has(functionName(fn))).map(entryPoint);
  const seen = new Set(entries.map((entry) => entry.name));
  return { entries: entries.filter((entry, i) => entries.findIndex((other) => other.name === entry.name) === i), missing: names.filter((name) => !seen.has(name)) };
}

function asyncFunctionsDeclaredBy(declaration: ts.Declaration): FunctionWithBody[] {
  if (isFunctionWithBody(declaration)) return isAsyncFunction(declaration) ? [declaration] : [];
  if (ts.isVariableDeclaration(declaration) && declaration.initializer) {
    const initializer = declaration.initializer;
    return isFunctionWithBody(initializer) && isAsyncFunction(initializer) ? [initializer] : [];
  }
  if (ts.isClassDeclaration(declaration)) {
    return declaration.members.filter(ts.isMethodDeclaration).filter((method) =>
      isFunctionWithBody(method) && isAsyncFunction(method) && !ts.isPrivateIdentifier(method.name) &&
      !(ts.getCombinedModifierFlags(method) & ts.ModifierFlags.Private));
  }
  return [];
}

/** Where a function's declaration starts and its header ends, under its readable name. */
export function entryPoint(fn: FunctionWithBody): EntryPoint {
  // `export const save = async () => …`: the statement is the declaration people see.
  const holder = ts.isVariableDeclaration(fn.parent) ? fn.parent.parent.parent : fn;
  const name = ts.isVariableDeclaration(fn.parent) ? fn.parent.name : fn.name;
  return { name: functionName(fn), fn, start: holder.getStart(), headerEnd: name ? name.getEnd() : fn.body!.getStart() };
}
