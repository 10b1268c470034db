// Markdown rendered as a host could render it: CommonMark (markdown-it, which ships no types) with HTML on, the
// most permissive case.
import { createRequire } from 'node:module';

type MarkdownIt = (options: { html: boolean }) => { render(text: string): string };
const renderer = (createRequire(__filename)('markdown-it') as MarkdownIt)({ html: true });

export function renderMarkdown(text: string): string {
  return renderer.render(text);
}
