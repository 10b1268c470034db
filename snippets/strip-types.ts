// TypeScript → JavaScript by deleting the type syntax and nothing else, so the JavaScript snippets keep the
// TypeScript ones' layout, comments and placeholders. Covers what the snippets use: annotations, optional `?`,
// type parameters and arguments, `as`, `satisfies` and non-null `!`. Anything else TypeScript-only (interfaces,
// enums, parameter properties, access modifiers…) is refused, so a new snippet cannot silently produce bad JS.
import * as ts from 'typescript';

interface Deletion {
  start: number;
  end: number;
}

export function stripTypes(code: string): string {
  const sourceFile = ts.createSourceFile('snippet.ts', code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const deletions: Deletion[] = [];
  const visit = (node: ts.Node): void => {
    // A type goes as a whole with its annotation: nothing inside it (function types, literals) is looked at.
    if (ts.isTypeNode(node)) return;
    refuseTypeScriptOnly(node);
    deletions.push(...typeSyntaxOf(node, sourceFile));
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  const sorted = deletions.sort((a, b) => a.start - b.start);
  sorted.forEach((deletion, index) => {
    const previous = sorted[index - 1];
    if (previous && deletion.start < previous.end) throw new Error(`overlapping type syntax at ${deletion.start}: ${code.slice(previous.start, deletion.end)}`);
  });
  return sorted.reverse().reduce((text, { start, end }) => text.slice(0, start) + text.slice(end), code);
}

function typeSyntaxOf(node: ts.Node, sourceFile: ts.SourceFile): Deletion[] {
  const found: Deletion[] = [];
  // `: Type` on parameters, variables, properties and function return types; the colon sits right before it.
  const annotated = node as { type?: ts.TypeNode; questionToken?: ts.Node; exclamationToken?: ts.Node };
  if (annotated.type && hasAnnotation(node)) found.push({ start: colonBefore(annotated.type, sourceFile), end: annotated.type.end });
  if (annotated.questionToken && (ts.isParameter(node) || ts.isPropertyDeclaration(node))) found.push(tokenRange(annotated.questionToken, sourceFile));
  if (annotated.exclamationToken && (ts.isVariableDeclaration(node) || ts.isPropertyDeclaration(node))) found.push(tokenRange(annotated.exclamationToken, sourceFile));
  const typeParameters = (node as { typeParameters?: ts.NodeArray<ts.TypeParameterDeclaration> }).typeParameters;
  if (typeParameters) found.push(angleBrackets(typeParameters, sourceFile));
  const typeArguments = (ts.isCallExpression(node) || ts.isNewExpression(node) || ts.isExpressionWithTypeArguments(node)) ? node.typeArguments : undefined;
  if (typeArguments) found.push(angleBrackets(typeArguments, sourceFile));
  if (ts.isAsExpression(node) || ts.isSatisfiesExpression(node) || ts.isNonNullExpression(node)) found.push({ start: node.expression.end, end: node.end });
  return found;
}

function hasAnnotation(node: ts.Node): boolean {
  return ts.isParameter(node) || ts.isVariableDeclaration(node) || ts.isPropertyDeclaration(node) || ts.isFunctionLike(node);
}

function colonBefore(type: ts.TypeNode, sourceFile: ts.SourceFile): number {
  const colon = sourceFile.text.lastIndexOf(':', type.getStart(sourceFile));
  if (colon < 0) throw new Error(`no ":" before the type at ${type.pos}`);
  return colon;
}

function tokenRange(token: ts.Node, sourceFile: ts.SourceFile): Deletion {
  return { start: token.getStart(sourceFile), end: token.end };
}

/** `<…>` around a type parameter or argument list (the NodeArray excludes the brackets). */
function angleBrackets(list: ts.NodeArray<ts.Node>, sourceFile: ts.SourceFile): Deletion {
  const open = sourceFile.text.lastIndexOf('<', list.pos);
  const close = sourceFile.text.indexOf('>', list.end);
  return { start: open, end: close + 1 };
}

function refuseTypeScriptOnly(node: ts.Node): void {
  const typeOnly = ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node) || ts.isEnumDeclaration(node) ||
    ts.isModuleDeclaration(node) || ts.isHeritageClause(node) && node.token === ts.SyntaxKind.ImplementsKeyword;
  const modifier = ts.canHaveModifiers(node) && ts.getModifiers(node)?.find((m) =>
    [ts.SyntaxKind.PrivateKeyword, ts.SyntaxKind.PublicKeyword, ts.SyntaxKind.ProtectedKeyword, ts.SyntaxKind.ReadonlyKeyword,
      ts.SyntaxKind.DeclareKeyword, ts.SyntaxKind.AbstractKeyword, ts.SyntaxKind.OverrideKeyword].includes(m.kind));
  if (typeOnly || modifier) throw new Error(`stripTypes does not handle ${ts.SyntaxKind[node.kind]}: write the snippet without it`);
}
