// Source ranges for the model: LSP's 0-based lines and UTF-16 columns (TypeScript's own unit), with the URI the
// host uses for the file (the editor's spelling for an open document, a file: URL in the CLI).
import type * as ts from 'typescript';
import type { SourceRange } from '../../../../model/schema';
export type UriOf = (fileName: string) => string;

export function rangeOf(node: ts.Node, uriOf: UriOf): SourceRange {
  return rangeBetween(node.getSourceFile(), node.getStart(), node.getEnd(), uriOf);
}

export function rangeBetween(sourceFile: ts.SourceFile, start: number, end: number, uriOf: UriOf): SourceRange {
  return {
    uri: uriOf(sourceFile.fileName),
    start: sourceFile.getLineAndCharacterOfPosition(start),
    end: sourceFile.getLineAndCharacterOfPosition(end),
  };
}
