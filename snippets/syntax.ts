// VS Code's snippet syntax, parsed properly (https://code.visualstudio.com/docs/editor/userdefinedsnippets#_grammar):
//   $1  ${1}  ${1:default with ${2:nested}}  ${1|one,two|}  $0  $NAME  ${NAME}  ${NAME:default}  ${NAME/re/fmt/opts}
// with `\$`, `\}` and `\\` escapes (and `\,` `\|` inside choices). Used by the snippet tests (to fill the
// placeholders) and by generate.ts (to carry placeholders through type stripping). Tools only: not shipped.

export type SnippetNode =
  | { kind: 'text'; text: string }
  | { kind: 'tabstop'; index: number; children: SnippetNode[] }
  | { kind: 'choice'; index: number; options: string[] }
  | { kind: 'variable'; name: string; children: SnippetNode[] };

export class SnippetSyntaxError extends Error {}

export function parseSnippet(source: string): SnippetNode[] {
  const parser = new Parser(source);
  const nodes = parser.nodes(false);
  if (!parser.done()) throw new SnippetSyntaxError(`unexpected "}" at ${parser.position}`);
  return nodes;
}

class Parser {
  position = 0;
  constructor(private readonly source: string) {}

  done(): boolean {
    return this.position >= this.source.length;
  }

  /** Nodes up to the end, or (inside a placeholder) up to its unescaped closing brace. */
  nodes(nested: boolean): SnippetNode[] {
    const nodes: SnippetNode[] = [];
    let text = '';
    const flush = () => {
      if (text) nodes.push({ kind: 'text', text });
      text = '';
    };
    while (!this.done()) {
      const char = this.source[this.position]!;
      if (char === '\\' && '$}\\'.includes(this.source[this.position + 1] ?? '')) {
        text += this.source[this.position + 1];
        this.position += 2;
      } else if (char === '}' && nested) {
        break;
      } else if (char === '$') {
        const node = this.dollar();
        if (node) {
          flush();
          nodes.push(node);
        } else {
          text += '$';
          this.position++;
        }
      } else {
        text += char;
        this.position++;
      }
    }
    flush();
    return nodes;
  }

  /** At a `$`: a tabstop, placeholder, choice or variable — or undefined when the `$` is plain text. */
  private dollar(): SnippetNode | undefined {
    const rest = this.source.slice(this.position + 1);
    const simple = /^(\d+|[A-Za-z_][A-Za-z0-9_]*)/.exec(rest);
    if (simple) {
      this.position += 1 + simple[0].length;
      return referenceTo(simple[0], []);
    }
    const opening = /^\{(\d+|[A-Za-z_][A-Za-z0-9_]*)([:|/}])/.exec(rest);
    if (!opening) return undefined;
    this.position += 1 + opening[0].length;
    const [, name, delimiter] = opening as unknown as [string, string, string];
    switch (delimiter) {
      case '}':
        return referenceTo(name, []);
      case ':': {
        const children = this.nodes(true);
        this.expect('}');
        return referenceTo(name, children);
      }
      case '|':
        return this.choice(name);
      default:
        return this.transform(name);
    }
  }

  private choice(name: string): SnippetNode {
    if (!/^\d+$/.test(name)) throw new SnippetSyntaxError(`a choice needs a tab stop number, not ${name}`);
    const options: string[] = [];
    let option = '';
    for (;;) {
      const char = this.source[this.position];
      if (char === undefined) throw new SnippetSyntaxError('unterminated choice');
      if (char === '\\' && ',|\\$}'.includes(this.source[this.position + 1] ?? '')) {
        option += this.source[this.position + 1];
        this.position += 2;
        continue;
      }
      this.position++;
      if (char === ',') {
        options.push(option);
        option = '';
      } else if (char === '|') {
        options.push(option);
        this.expect('}');
        return { kind: 'choice', index: Number(name), options };
      } else {
        option += char;
      }
    }
  }

  /** `${NAME/regex/format/options}`: kept as the variable; the transform is skipped (no snippet here uses one). */
  private transform(name: string): SnippetNode {
    this.skipPast('/', false); // the regex
    this.skipPast('/', true); // the format, whose `${1:/upcase}` groups may hold slashes
    this.skipPast('}', false); // the options
    return referenceTo(name, []);
  }

  private skipPast(end: string, skipGroups: boolean): void {
    while (this.source[this.position] !== end) {
      if (this.done()) throw new SnippetSyntaxError('unterminated transform');
      if (this.source[this.position] === '\\') this.position++;
      else if (skipGroups && this.source.startsWith('${', this.position)) this.position = this.source.indexOf('}', this.position);
      if (this.position < 0) throw new SnippetSyntaxError('unterminated transform');
      this.position++;
    }
    this.position++;
  }

  private expect(char: string): void {
    if (this.source[this.position] !== char) throw new SnippetSyntaxError(`expected "${char}" at ${this.position}`);
    this.position++;
  }
}

function referenceTo(name: string, children: SnippetNode[]): SnippetNode {
  return /^\d+$/.test(name) ? { kind: 'tabstop', index: Number(name), children } : { kind: 'variable', name, children };
}

/** Every tab stop, placeholder and choice, depth first, in source order. */
export function* tabstops(nodes: readonly SnippetNode[]): Generator<Extract<SnippetNode, { kind: 'tabstop' | 'choice' }>> {
  for (const node of nodes) {
    if (node.kind === 'tabstop' || node.kind === 'choice') yield node;
    if (node.kind === 'tabstop' || node.kind === 'variable') yield* tabstops(node.children);
  }
}

/**
 * The text VS Code inserts when the user accepts every default: a tab stop shows its placeholder (all
 * occurrences of a number mirror the first one that has a placeholder), a choice its option (`choices` picks
 * which, by tab stop number; else the first), a variable its default (the editor state is empty here).
 */
export function fill(nodes: readonly SnippetNode[], choices: ReadonlyMap<number, string> = new Map()): string {
  const defaults = new Map<number, readonly SnippetNode[]>();
  for (const stop of tabstops(nodes)) {
    if (stop.kind === 'tabstop' && stop.children.length > 0 && !defaults.has(stop.index)) defaults.set(stop.index, stop.children);
  }
  const render = (list: readonly SnippetNode[]): string => list.map((node) => {
    switch (node.kind) {
      case 'text':
        return node.text;
      case 'tabstop':
        return render(defaults.get(node.index) ?? []);
      case 'choice':
        return choices.get(node.index) ?? node.options[0] ?? '';
      case 'variable':
        return render(node.children);
    }
  }).join('');
  return render(nodes);
}

/** Snippet source for nodes (the inverse of parseSnippet, escaping what must be escaped). */
export function print(nodes: readonly SnippetNode[], nested = false): string {
  return nodes.map((node) => {
    switch (node.kind) {
      case 'text':
        return node.text.replace(nested ? /[$}\\]/g : /[$\\]/g, (char) => `\\${char}`);
      case 'tabstop':
        return node.children.length > 0 ? `\${${node.index}:${print(node.children, true)}}` : `\${${node.index}}`;
      case 'choice':
        return `\${${node.index}|${node.options.map((option) => option.replace(/[,|\\]/g, (char) => `\\${char}`)).join(',')}|}`;
      case 'variable':
        return node.children.length > 0 ? `\${${node.name}:${print(node.children, true)}}` : `\${${node.name}}`;
    }
  }).join('');
}
