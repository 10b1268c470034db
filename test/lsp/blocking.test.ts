// blocking-in-async over stdio: the direct call and the chain are published with their ranges and the chain's
// relatedInformation (across files); the quick fix, applied as the editor would, leaves no finding on that
// call, and the compiler type-checks the fixed file with Node's types.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import * as ts from 'typescript';
import type { CodeAction, Diagnostic } from 'vscode-languageserver';
import { LspTestClient, applyEdits, rangeOfSnippet, tempFolder } from './lspClient';

const REPO_TYPES = path.resolve(__dirname, '../../node_modules/@types');
const COMPILER_OPTIONS = {
  strict: true, target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler', lib: ['ES2022'],
  types: ['node'], typeRoots: [REPO_TYPES], noEmit: true, skipLibCheck: true,
};

const HELPERS = `import { readFileSync } from 'node:fs';

export function readTemplate(name: string): string {
  return readFileSync(\`templates/\${name}.html\`, 'utf8');
}

export function render(name: string): string {
  return readTemplate(name).toUpperCase();
}
`;

const HANDLER = `import { readFileSync } from 'node:fs';
import { render } from './helpers';

export async function handleRequest(path: string): Promise<string> {
  const body = readFileSync(path, 'utf8').trim();
  return render('page') + body;
}
`;

describe('blocking-in-async over stdio', () => {
  let client: LspTestClient;
  const folder = tempFolder('lockstep-lsp-blocking-');

  before(async () => {
    folder.write('tsconfig.json', JSON.stringify({ compilerOptions: COMPILER_OPTIONS, include: ['*.ts'] }));
    folder.write('helpers.ts', HELPERS);
    folder.write('handler.ts', HANDLER);
    client = await LspTestClient.start();
  });
  after(async () => {
    await client.stop();
    folder.remove();
  });

  it('publishes the direct call and the chain with its links, and its quick fix leaves clean, type-correct code', async () => {
    const uri = folder.uri('handler.ts');
    client.open(uri, HANDLER, 1);
    const diagnostics = await client.diagnosticsFor(uri, 1, (found) => found.length === 2);
    assert.deepEqual(diagnostics.map((d) => [d.code, d.severity, d.range]), [
      ['blocking-in-async', 2, rangeOfSnippet(HANDLER, `readFileSync(path, 'utf8')`)],
      ['blocking-in-async', 2, rangeOfSnippet(HANDLER, `render('page')`)],
    ]);
    const chain = diagnostics[1]!;
    assert.match(String(chain.message), /\(handleRequest → render → readTemplate → readFileSync\)/);
    assert.deepEqual(chain.relatedInformation?.map((r) => [r.location.uri, r.location.range, r.message]), [
      [folder.uri('helpers.ts'), rangeOfSnippet(HELPERS, 'readTemplate(name)'), '`render` calls `readTemplate` here'],
      [folder.uri('helpers.ts'), rangeOfSnippet(HELPERS, 'readFileSync(`templates/${name}.html`, \'utf8\')'), '`readTemplate` blocks here: `readFileSync`'],
    ]);

    const actions = await client.codeActions(uri, diagnostics[0]!.range, diagnostics);
    // Besides its own remedies, every finding offers to suppress itself (tested with the suppressions).
    const remedies = actions.filter((action) => !action.title.startsWith('Ignore '));
    const direct = remedies.filter((action) => sameDiagnostic(action, diagnostics[0]!));
    assert.deepEqual(direct.map((a) => [a.title, a.isPreferred]), [['Await readFile from node:fs/promises instead', true]]);
    assert.deepEqual(remedies.filter((action) => sameDiagnostic(action, chain)), [], 'no fix for a chain: its helpers must become async');

    const fixed = applyEdits(HANDLER, direct[0]!.edit!.changes![uri]!);
    assert.ok(fixed.includes(`import { readFile } from 'node:fs/promises';`), fixed);
    assert.ok(fixed.includes(`const body = (await readFile(path, 'utf8')).trim();`), fixed);
    client.change(uri, 2, fixed);
    const after = await client.diagnosticsFor(uri, 2);
    assert.deepEqual(after.map((d) => String(d.message).match(/\([^()]*→[^()]*\)/)?.[0]), ['(handleRequest → render → readTemplate → readFileSync)'], 'only the chain remains');
    assert.deepEqual(typeErrors(path.join(folder.dir, 'handler.ts'), fixed), [], `the fixed text type-checks:\n${fixed}`);
  });
});

function sameDiagnostic(action: CodeAction, diagnostic: Diagnostic): boolean {
  return action.diagnostics?.some((d) => d.code === diagnostic.code && JSON.stringify(d.range) === JSON.stringify(diagnostic.range)) ?? false;
}

/** The compiler's errors for the fixed file (its neighbour and Node's types from disk), as "line:col message". */
function typeErrors(fileName: string, text: string): string[] {
  const { options, errors } = ts.convertCompilerOptionsFromJson(COMPILER_OPTIONS, path.dirname(fileName));
  assert.deepEqual(errors, []);
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  host.readFile = (name) => (path.resolve(name) === fileName ? text : readFile(name));
  const program = ts.createProgram([fileName], options, host);
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const at = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : undefined;
    return `${at ? `${at.line + 1}:${at.character + 1} ` : ''}${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
  });
}
