// Writes snippets/javascript.json from snippets/typescript.json: the same snippets with the type syntax deleted,
// placeholders kept. Run `npm run snippets` after editing typescript.json; a test fails while the two disagree.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { stripTypes } from './strip-types';
import { parseSnippet, print, type SnippetNode } from './syntax';

export interface SnippetDefinition {
  prefix: string;
  description: string;
  body: string[];
}

export type SnippetFile = Record<string, SnippetDefinition>;

const SNIPPETS_DIR = import.meta.dirname;
export const TYPESCRIPT_SNIPPETS = path.join(SNIPPETS_DIR, 'typescript.json');
export const JAVASCRIPT_SNIPPETS = path.join(SNIPPETS_DIR, 'javascript.json');

/**
 * Each placeholder becomes an identifier while the code is stripped (placeholders stand where identifiers,
 * expressions or string contents stand), then goes back in as snippet syntax.
 */
export function toJavaScriptBody(body: readonly string[]): string[] {
  const placeholders: string[] = [];
  const code = parseSnippet(body.join('\n')).map((node: SnippetNode) => {
    if (node.kind === 'text') return node.text;
    placeholders.push(print([node]));
    return `__ls${placeholders.length - 1}__`;
  }).join('');
  const stripped = stripTypes(code);
  const restored = stripped.split(/(__ls\d+__)/).map((part) => {
    const placeholder = /^__ls(\d+)__$/.exec(part);
    return placeholder ? placeholders[Number(placeholder[1])]! : print([{ kind: 'text', text: part }]);
  }).join('');
  return restored.split('\n');
}

export function toJavaScriptSnippets(snippets: SnippetFile): SnippetFile {
  return Object.fromEntries(Object.entries(snippets).map(([name, snippet]) => [name, { ...snippet, body: toJavaScriptBody(snippet.body) }]));
}

export function generatedJavaScript(): string {
  const snippets = JSON.parse(fs.readFileSync(TYPESCRIPT_SNIPPETS, 'utf8')) as SnippetFile;
  return `${JSON.stringify(toJavaScriptSnippets(snippets), null, 2)}\n`;
}

if (process.argv[1] && path.resolve(process.argv[1]) === import.meta.filename) {
  fs.writeFileSync(JAVASCRIPT_SNIPPETS, generatedJavaScript());
  console.log(`wrote ${path.relative(process.cwd(), JAVASCRIPT_SNIPPETS)}`);
}
