// Which source files a program owns, and which of them a file depends on through its imports — the inputs of a
// file's findings, for the analysis cache and for re-checking dependents after an edit.
import { createHash } from 'node:crypto';
import ts from 'typescript';
import { stronglyConnectedComponents } from './strongly-connected';
import { perProgramMemo } from './summaries';

/** The program's own source files (not libraries, not declarations from node_modules). */
export function projectFiles(program: ts.Program): Set<string> {
  return perProgramMemo(program, 'project-files', () =>
    new Set(program.getSourceFiles().filter((file) => isProjectFile(program, file)).map((file) => file.fileName)),
  );
}

/** The program's other files: libraries and declarations from node_modules, TypeScript's own lib files included. */
export function libraryFiles(program: ts.Program): string[] {
  return perProgramMemo(program, 'library-files', () => {
    const own = projectFiles(program);
    return program.getSourceFiles().map((file) => file.fileName).filter((file) => !own.has(file));
  });
}

/** Project source files (not libraries) that a file reaches through imports, re-exports and requires. */
export function transitiveImports(program: ts.Program, sourceFile: ts.SourceFile): Set<string> {
  const perProgram = perProgramMemo(program, 'transitive-imports', () => new Map<string, Set<string>>());
  const cached = perProgram.get(sourceFile.fileName);
  if (cached) return cached;

  const reached = new Set<string>();
  const pending = [sourceFile];
  while (pending.length > 0) {
    const current = pending.pop()!;
    for (const imported of directImports(program, current)) {
      if (reached.has(imported.fileName) || imported === sourceFile) continue;
      reached.add(imported.fileName);
      pending.push(imported);
    }
  }
  perProgram.set(sourceFile.fileName, reached);
  return reached;
}

/**
 * A digest of the lines (`lineOf`: a path with a version or a content digest) of the file and of every project
 * file it reaches through imports: the inputs of its file-scope findings. Computed for all the program's files at
 * once, memoised per `lineOf`: one hash per strongly connected component of the import graph, over its members'
 * lines and the digests of the components it imports — linear, where hashing each file's list of what it reaches
 * is quadratic in a project whose files all import one hub.
 */
export function importsDigest(program: ts.Program, sourceFile: ts.SourceFile, lineOf: (file: string) => string): string {
  const perLine = perProgramMemo(program, 'imports-digests', () => new WeakMap<(file: string) => string, Map<string, string>>());
  let digests = perLine.get(lineOf);
  if (!digests) perLine.set(lineOf, (digests = closureDigests(program, lineOf)));
  // A file outside the project's own (a library opened in the editor) is in no component: its list, hashed.
  return digests.get(sourceFile.fileName) ?? linesDigest([sourceFile.fileName, ...transitiveImports(program, sourceFile)], lineOf, []);
}

function closureDigests(program: ts.Program, lineOf: (file: string) => string): Map<string, string> {
  const files = program.getSourceFiles().filter((file) => isProjectFile(program, file));
  const component = stronglyConnectedComponents(files, (file) => directImports(program, file));
  const members: ts.SourceFile[][] = [];
  for (const [file, index] of component) (members[index] ??= []).push(file);
  // Components are numbered after every component they reach: in number order, the imported ones come first.
  const digests: string[] = [];
  members.forEach((group, index) => {
    const imported = new Set(group.flatMap((file) => directImports(program, file)).map((file) => component.get(file)!));
    imported.delete(index);
    digests[index] = linesDigest(group.map((file) => file.fileName), lineOf, [...imported].map((other) => digests[other]!));
  });
  return new Map([...component].map(([file, index]) => [file.fileName, digests[index]!]));
}

function linesDigest(files: readonly string[], lineOf: (file: string) => string, importedDigests: readonly string[]): string {
  const lines = [...files.map((file) => `${lineOf(file)}\n`).sort(), ...importedDigests.map((digest) => `> ${digest}\n`).sort()];
  return createHash('sha256').update(lines.join('')).digest('base64');
}

/** Memoised per program: every file's transitive walk passes through the same files (quadratic without it). */
function directImports(program: ts.Program, sourceFile: ts.SourceFile): ts.SourceFile[] {
  const perProgram = perProgramMemo(program, 'direct-imports', () => new Map<ts.SourceFile, ts.SourceFile[]>());
  let found = perProgram.get(sourceFile);
  if (!found) perProgram.set(sourceFile, (found = importedProjectFiles(program, sourceFile)));
  return found;
}

function importedProjectFiles(program: ts.Program, sourceFile: ts.SourceFile): ts.SourceFile[] {
  const checker = program.getTypeChecker();
  const found: ts.SourceFile[] = [];
  forEachModuleSpecifier(sourceFile, (specifier) => {
    const declaration = checker.getSymbolAtLocation(specifier)?.valueDeclaration;
    if (declaration && ts.isSourceFile(declaration) && isProjectFile(program, declaration)) found.push(declaration);
  });
  return found;
}

/**
 * Each string naming a module that the checker resolves (`checker.getSymbolAtLocation` gives the module, or nothing
 * when it does not resolve): import and export declarations (type-only and side-effect imports too),
 * `import x = require()`, `import()`, and `require()` — in JavaScript files only, as TypeScript reads it.
 */
export function forEachModuleSpecifier(sourceFile: ts.SourceFile, visit: (specifier: ts.StringLiteralLike) => void): void {
  const visitSpecifier = (specifier: ts.Expression | undefined) => {
    if (specifier && ts.isStringLiteralLike(specifier)) visit(specifier);
  };
  const walk = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) visitSpecifier(node.moduleSpecifier);
    else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      visitSpecifier(node.moduleReference.expression);
    } else if (ts.isCallExpression(node) && isRequireOrDynamicImport(node)) visitSpecifier(node.arguments[0]);
    ts.forEachChild(node, walk);
  };
  walk(sourceFile);
}

function isRequireOrDynamicImport(call: ts.CallExpression): boolean {
  return (
    call.expression.kind === ts.SyntaxKind.ImportKeyword ||
    ((call.flags & ts.NodeFlags.JavaScriptFile) !== 0 && ts.isIdentifier(call.expression) && call.expression.text === 'require' && call.arguments.length === 1)
  );
}

export function isProjectFile(program: ts.Program, sourceFile: ts.SourceFile): boolean {
  return !program.isSourceFileDefaultLibrary(sourceFile) && !program.isSourceFileFromExternalLibrary(sourceFile);
}
