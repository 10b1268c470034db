// Every snippet, filled in as VS Code would fill it (placeholders parsed properly, every choice tried), placed
// where it belongs (inside an async function, or at module level), must type-check — strict TypeScript for
// snippets/typescript.json, checked JavaScript for snippets/javascript.json — and Lockstep must find nothing in it.
// What it uses it must bring (its imports): only a tab stop may name a value of the user's, from the host around it.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import * as ts from 'typescript';
import { Workspace } from '../../server/src/analysis/workspace';
import { JAVASCRIPT_SNIPPETS, TYPESCRIPT_SNIPPETS, generatedJavaScript, type SnippetFile } from '../../snippets/generate';
import { stripTypes } from '../../snippets/strip-types';
import { SnippetSyntaxError, fill, parseSnippet, print, tabstops } from '../../snippets/syntax';

const root = path.resolve(import.meta.dirname, '../..');

/**
 * Where each snippet goes, and the user's values its tab stops name (written in TypeScript; the JavaScript host is
 * the same with its types stripped). `async-body`: statements inside an async function; `module`: top-level
 * declarations. A new snippet must say where it goes.
 */
const HOSTS: Record<string, { scope: 'async-body' | 'module'; context: string }> = {
  'ls-mutex': { scope: 'async-body', context: "import { Mutex } from 'async-mutex';\nconst mutex = new Mutex();" },
  'ls-mutex-acquire': { scope: 'async-body', context: "import { Mutex } from 'async-mutex';\nconst mutex = new Mutex();" },
  'ls-lock-order': { scope: 'module', context: '' },
  'ls-rlock': { scope: 'module', context: '' },
  'ls-semaphore': { scope: 'module', context: '' },
  'ls-event': { scope: 'module', context: '' },
  'ls-queue': { scope: 'module', context: '' },
  'ls-pool': { scope: 'module', context: '' },
  'ls-worker': { scope: 'module', context: '' },
  'ls-gather': { scope: 'async-body', context: "const items: string[] = ['a'];" },
  'ls-race': {
    scope: 'async-body',
    context: "async function fromPrimary(): Promise<string> { return 'primary'; }\nasync function fromReplica(): Promise<string> { return 'replica'; }",
  },
  'ls-timeout': { scope: 'async-body', context: "const url = 'https://example.com/';" },
  'ls-pipeline': { scope: 'module', context: '' },
  'ls-sleep': { scope: 'module', context: '' },
};

const LANGUAGES = [
  { name: 'typescript', file: TYPESCRIPT_SNIPPETS, extension: '.ts', host: (code: string) => code },
  { name: 'javascript', file: JAVASCRIPT_SNIPPETS, extension: '.js', host: stripTypes },
] as const;

function readSnippets(file: string): SnippetFile {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as SnippetFile;
}

/** The module text for a filled snippet: the context, then the snippet where its scope puts it. */
function hostModule(prefix: string, filled: string, wrapContext: (code: string) => string): string {
  const { scope, context } = HOSTS[prefix]!;
  const body = scope === 'async-body'
    ? `export async function snippetHost() {\n${filled.replace(/^/gm, '  ')}\n}`
    : filled;
  return `${wrapContext(context)}\n${SNIPPET_START}\n${body}\nexport {};\n`;
}

/** Where the snippet begins in a host module: what comes before it is the host's context. */
const SNIPPET_START = '// snippet:';

/** The texts a snippet's tab stops and choices start as: the names of the user's values it may refer to. */
function tabStopDefaults(body: readonly string[]): Set<string> {
  const stops = [...tabstops(parseSnippet(body.join('\n')))];
  return new Set(stops.flatMap((stop) => (stop.kind === 'choice' ? stop.options : [fill(stop.children)])));
}

/** The names the snippet uses that only the host's context declares, and no tab stop names. */
function borrowedNames(checker: ts.TypeChecker, sourceFile: ts.SourceFile, allowed: ReadonlySet<string>): string[] {
  const start = sourceFile.text.indexOf(SNIPPET_START);
  const borrowed = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) && node.getStart(sourceFile) > start && !allowed.has(node.text)) {
      const declarations = checker.getSymbolAtLocation(node)?.getDeclarations() ?? [];
      if (declarations.length > 0 && declarations.every((declaration) => declaration.getSourceFile() === sourceFile && declaration.getStart(sourceFile) < start)) borrowed.add(node.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return [...borrowed];
}

/** One filled text per combination of choice options (a snippet without choices has one). */
function fillings(body: readonly string[]): { label: string; text: string }[] {
  const nodes = parseSnippet(body.join('\n'));
  let combinations: Map<number, string>[] = [new Map()];
  for (const stop of tabstops(nodes)) {
    if (stop.kind !== 'choice') continue;
    combinations = combinations.flatMap((chosen) => stop.options.map((option) => new Map([...chosen, [stop.index, option]])));
  }
  return combinations.map((chosen) => ({ label: [...chosen.values()].join('+'), text: fill(nodes, chosen) }));
}

describe('snippet syntax', () => {
  test('tab stops, placeholders (nested), choices, variables, transforms and escapes', () => {
    const nodes = parseSnippet('a $1 ${2:x ${3:y}} ${4|p,q\\,r|} $TM_FILENAME ${NAME:dflt} ${TM_FILENAME/(.*)/${1:/upcase}/g} \\$5 \\} $ $0');
    assert.deepEqual([...tabstops(nodes)].map((stop) => `${stop.kind}${stop.index}`), ['tabstop1', 'tabstop2', 'tabstop3', 'choice4', 'tabstop0']);
    assert.equal(fill(nodes), 'a  x y p  dflt  $5 } $ ');
    assert.equal(fill(nodes, new Map([[4, 'q,r']])), 'a  x y q,r  dflt  $5 } $ ');
  });

  test('a tab stop mirrors the first placeholder with its number', () => {
    assert.equal(fill(parseSnippet('$1 = ${1:value}; use(${1})')), 'value = value; use(value)');
  });

  test('print is the inverse of parse', () => {
    const source = 'x ${1:a ${2:b\\}}} ${3|c,d\\,e|} \\$f ${0}';
    assert.equal(print(parseSnippet(source)), source);
  });

  test('malformed snippets are refused', () => {
    for (const bad of ['${1:open', '${1|a,b}', '${TM_FILENAME/a/b']) assert.throws(() => parseSnippet(bad), SnippetSyntaxError, bad);
  });
});

describe('snippet files', () => {
  test('snippets/javascript.json is generated from snippets/typescript.json (npm run snippets)', () => {
    assert.equal(fs.readFileSync(JAVASCRIPT_SNIPPETS, 'utf8'), generatedJavaScript());
  });

  test('each snippet has a short ls- prefix, a one-line description, and a default for every tab stop but $0', () => {
    const snippets = Object.values(readSnippets(TYPESCRIPT_SNIPPETS));
    for (const snippet of snippets) {
      assert.match(snippet.prefix, /^ls-[a-z]+(-[a-z]+)?$/, snippet.prefix);
      assert.ok(snippet.description.length > 20 && !snippet.description.includes('\n'), snippet.prefix);
      const bare = [...tabstops(parseSnippet(snippet.body.join('\n')))].filter((stop) => stop.kind === 'tabstop' && stop.index !== 0 && stop.children.length === 0);
      assert.deepEqual(bare.map((stop) => stop.index), [], `${snippet.prefix}: tab stops without a default`);
    }
    const prefixes = snippets.map((snippet) => snippet.prefix);
    assert.equal(new Set(prefixes).size, prefixes.length, 'prefixes are unique');
    assert.deepEqual([...prefixes].sort(), Object.keys(HOSTS).sort(), 'every snippet says where it goes (HOSTS)');
  });
});

describe('filled snippets type-check and have no Lockstep finding', () => {
  // Inside the repository, so `async-mutex` and @types/node resolve from its node_modules.
  const dir = path.join(root, '.test-output', 'snippets');
  const workspace = new Workspace();
  const files: { file: string; title: string }[] = [];

  before(() => {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { strict: true, target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler', lib: ['ES2023'], types: ['node'], allowJs: true, checkJs: true, noEmit: true },
    }));
    for (const language of LANGUAGES) {
      for (const snippet of Object.values(readSnippets(language.file))) {
        for (const { label, text } of fillings(snippet.body)) {
          const name = `${snippet.prefix}${label ? `-${label.replace(/\W+/g, '-')}` : ''}${language.extension}`;
          fs.writeFileSync(path.join(dir, name), hostModule(snippet.prefix, text, language.host));
          files.push({ file: path.join(dir, name), title: `${language.name} ${snippet.prefix}${label ? ` (${label})` : ''}` });
        }
      }
    }
  });
  after(() => workspace.dispose());

  // Test names must exist before `before` runs, so the list is rebuilt here from the same files.
  for (const language of LANGUAGES) {
    for (const snippet of Object.values(readSnippets(language.file))) {
      for (const { label } of fillings(snippet.body)) {
        const title = `${language.name} ${snippet.prefix}${label ? ` (${label})` : ''}`;
        test(title, () => {
          const { file } = files.find((candidate) => candidate.title === title)!;
          const program = workspace.projectFor(file).program();
          const sourceFile = program.getSourceFile(file)!;
          const diagnostics = [...program.getSyntacticDiagnostics(sourceFile), ...program.getSemanticDiagnostics(sourceFile)]
            .map((d) => `${sourceFile.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}: TS${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`);
          const text = sourceFile.text;
          assert.deepEqual(diagnostics, [], `type errors in:\n${text}`);
          const defaults = tabStopDefaults(snippet.body);
          assert.deepEqual(borrowedNames(program.getTypeChecker(), sourceFile, defaults), [], `names the snippet uses but does not import or declare:\n${text}`);
          const analysis = workspace.analyzeFile(file);
          assert.equal(analysis.skipped, undefined);
          assert.deepEqual(analysis.findings.map((f) => `${f.startPosition.line + 1}: ${f.ruleId} ${f.message}`), [], `Lockstep findings in:\n${text}`);
        });
      }
    }
  }
});
