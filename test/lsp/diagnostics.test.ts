// The bundled server over stdio: diagnostics for open documents (exact ranges, codes, links), clearing after a
// fixing edit and on close, quick fixes that leave code with no finding and no type error, superseded edits,
// and files outside any tsconfig (.ts in the temp dir, .js).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as ts from 'typescript';
import type { CodeAction, Diagnostic, TextEdit } from 'vscode-languageserver';
import { LspTestClient, applyEdits, rangeOfSnippet, tempFolder } from './lspClient';

const DOCS = 'https://github.com/lockstep-dev/lockstep/blob/main/docs/rules';

const BUGGY = `async function save(name: string): Promise<string> {
  return name;
}

export async function main(): Promise<void> {
  save('draft');
  ['a', 'b'].forEach(async (name) => {
    await save(name);
  });
}
`;

const FIXED = `async function save(name: string): Promise<string> {
  return name;
}

export async function main(): Promise<void> {
  await save('draft');
  for (const name of ['a', 'b']) await save(name);
}
`;

const MISUSED_CALLBACK = `async (name) => {
    await save(name);
  }`;

describe('diagnostics over stdio', () => {
  let client: LspTestClient;
  const folder = tempFolder();

  before(async () => {
    client = await LspTestClient.start();
  });
  after(async () => {
    await client.stop();
    folder.remove();
  });

  it('publishes exact diagnostics, clears them after a fixing edit, and offers quick fixes that leave clean, type-correct code', async () => {
    const file = folder.write('buggy.ts', BUGGY);
    const uri = folder.uri('buggy.ts');
    client.open(uri, BUGGY, 1);
    const diagnostics = await client.diagnosticsFor(uri, 1, (found) => found.length > 0);

    assert.deepEqual(diagnostics.map(summary), [
      {
        code: 'floating-promise',
        source: 'lockstep',
        href: `${DOCS}/floating-promise.md`,
        severity: 1,
        range: rangeOfSnippet(BUGGY, "save('draft')"),
      },
      {
        code: 'misused-promise',
        source: 'lockstep',
        href: `${DOCS}/misused-promise.md`,
        severity: 2,
        range: rangeOfSnippet(BUGGY, MISUSED_CALLBACK),
      },
    ]);

    client.change(uri, 2, FIXED);
    assert.deepEqual(await client.diagnosticsFor(uri, 2), [], 'the fixed text has no finding');

    client.change(uri, 3, BUGGY);
    const again = await client.diagnosticsFor(uri, 3, (found) => found.length === 2);
    const actions = await client.codeActions(uri, { start: { line: 0, character: 0 }, end: { line: 10, character: 0 } }, again);
    const floatingFixes = actions.filter((action) => action.diagnostics?.[0]?.code === 'floating-promise');
    assert.deepEqual(
      floatingFixes.map((action) => [action.kind, action.title, action.isPreferred ?? false]),
      [
        ['quickfix', 'Add await', true],
        ['quickfix', 'Add void (the promise is intentionally not awaited)', false],
        ['quickfix', 'Append .catch(…) to handle the rejection', false],
        ['quickfix', 'Ignore floating-promise on this line (// lockstep-ignore-next-line)', false],
        ['quickfix', 'Ignore floating-promise for this file (// lockstep-ignore-file)', false],
      ],
    );

    const chosen = again.map((diagnostic) => preferredFixFor(actions, diagnostic));
    const fixedText = applyEdits(BUGGY, chosen.flatMap((action) => editsFor(action, uri)));
    client.change(uri, 4, fixedText);
    assert.deepEqual(await client.diagnosticsFor(uri, 4), [], `no finding is left in:\n${fixedText}`);
    assert.deepEqual(typeErrors(file, fixedText), [], `the fixed text type-checks:\n${fixedText}`);
  });

  it('answers code actions only for the version it analysed, and none for other kinds', async () => {
    const uri = folder.uri('kinds.ts');
    client.open(uri, BUGGY, 1);
    const diagnostics = await client.diagnosticsFor(uri, 1, (found) => found.length > 0);
    const range = diagnostics[0]!.range;
    const refactorsOnly = await client.connection.sendRequest<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range,
      context: { diagnostics, only: ['refactor'] },
    });
    assert.deepEqual(refactorsOnly, []);
    assert.deepEqual(await client.codeActions(folder.uri('never-opened.ts'), range), []);
  });

  it('drops superseded edits: only the latest version of a quickly edited document is analysed', async () => {
    const uri = folder.uri('typing.ts');
    client.open(uri, FIXED, 1);
    await client.diagnosticsFor(uri, 1);
    for (let version = 2; version <= 5; version++) client.change(uri, version, version === 5 ? BUGGY : FIXED);
    await client.diagnosticsFor(uri, 5, (found) => found.length === 2);
    const published = client.published.filter((params) => params.uri === uri).map((params) => params.version);
    assert.deepEqual(published, [1, 5], 'versions 2–4 were superseded before their turn');
  });

  it('clears a document’s diagnostics when it is closed', async () => {
    const uri = folder.uri('closed.ts');
    client.open(uri, BUGGY, 1);
    await client.diagnosticsFor(uri, 1, (found) => found.length > 0);
    client.close(uri);
    await client.waitFor(() => {
      const published = client.diagnostics.get(uri);
      return published !== undefined && published.version === undefined && published.diagnostics.length === 0;
    }, `empty diagnostics for ${uri} after closing it`);
  });

  it('analyses a .js file and a .ts file with no tsconfig.json above them', async () => {
    const jsText = `async function load() { return 1; }\nload();\n`;
    const jsUri = folder.uri('loose.js');
    folder.write('loose.js', jsText);
    client.open(jsUri, jsText, 1);
    const jsDiagnostics = await client.diagnosticsFor(jsUri, 1, (found) => found.length > 0);
    assert.deepEqual(jsDiagnostics.map((d) => [d.code, d.range]), [['floating-promise', rangeOfSnippet(jsText, 'load()', 1)]]);

    const tsText = `export async function load(): Promise<number> { return 1; }\nload();\n`;
    const tsUri = folder.uri('nested/deeper/loose.ts');
    folder.write('nested/deeper/loose.ts', tsText);
    client.open(tsUri, tsText, 1);
    const tsDiagnostics = await client.diagnosticsFor(tsUri, 1, (found) => found.length > 0);
    assert.deepEqual(tsDiagnostics.map((d) => [d.code, d.range]), [['floating-promise', rangeOfSnippet(tsText, 'load()', 1)]]);
  });

  it('ignores documents that are not files on disk (untitled:) and keeps serving', async () => {
    client.open('untitled:Untitled-1', BUGGY, 1, 'typescript');
    await client.waitForLog(/Not analysing untitled:Untitled-1/);
    const uri = folder.uri('after-untitled.ts');
    client.open(uri, BUGGY, 1);
    assert.equal((await client.diagnosticsFor(uri, 1, (found) => found.length > 0)).length, 2);
    assert.equal(client.diagnostics.has('untitled:Untitled-1'), false);
  });
});

function summary(diagnostic: Diagnostic) {
  return {
    code: diagnostic.code,
    source: diagnostic.source,
    href: diagnostic.codeDescription?.href,
    severity: diagnostic.severity,
    range: diagnostic.range,
  };
}

/** The fix an editor's "auto fix" would take for a diagnostic: the preferred one, else the first. */
function preferredFixFor(actions: CodeAction[], diagnostic: Diagnostic): CodeAction {
  const forDiagnostic = actions.filter((action) => action.diagnostics?.some((d) => d.code === diagnostic.code && sameRange(d, diagnostic)));
  const chosen = forDiagnostic.find((action) => action.isPreferred) ?? forDiagnostic[0];
  assert.ok(chosen, `a quick fix for ${diagnostic.code} at ${JSON.stringify(diagnostic.range)}`);
  return chosen;
}

function sameRange(a: Diagnostic, b: Diagnostic): boolean {
  return JSON.stringify(a.range) === JSON.stringify(b.range);
}

function editsFor(action: CodeAction, uri: string): TextEdit[] {
  const changes = action.edit?.changes ?? {};
  assert.deepEqual(Object.keys(changes), [uri], `${action.title} edits only the document itself`);
  return changes[uri]!;
}

/** Type errors the TypeScript compiler reports for the text, as "line:col message". */
function typeErrors(fileName: string, text: string): string[] {
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
    types: [],
  };
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  host.readFile = (name) => (name === fileName ? text : readFile(name));
  const program = ts.createProgram([fileName], options, host);
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const at = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : undefined;
    return `${at ? `${at.line + 1}:${at.character + 1} ` : ''}${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
  });
}

describe('diagnostics over node-ipc (the transport the VS Code client uses)', () => {
  it('publishes diagnostics and shuts down cleanly', async () => {
    const folder = tempFolder();
    const client = await LspTestClient.start({ transport: 'node-ipc' });
    try {
      const uri = folder.uri('ipc.ts');
      client.open(uri, BUGGY, 1);
      const diagnostics = await client.diagnosticsFor(uri, 1, (found) => found.length > 0);
      assert.deepEqual(diagnostics.map((d) => d.code), ['floating-promise', 'misused-promise']);
    } finally {
      await client.stop();
      folder.remove();
    }
  });
});
