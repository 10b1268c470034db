// The code actions beyond one finding's quick fixes, over stdio: source.fixAll.lockstep (what
// editor.codeActionsOnSave runs), "Fix all <rule> problems in this file", "Ignore <rule> for this file" and
// "Show documentation for <rule>"; and ESLint's disable comments honoured for a rule's twin.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CodeAction, TextEdit } from 'vscode-languageserver-protocol';
import { LspTestClient, applyEdits, tempFolder } from './lspClient';

const TWO_DROPPED = `async function save(name: string): Promise<void> {}
export async function run(names: string[]): Promise<void> {
  save('a');
  save('b');
  names.forEach(async (name) => save(name));
}
`;

describe('code actions for a whole file', () => {
  let client: LspTestClient;
  const folder = tempFolder('lockstep-actions-');
  before(async () => {
    client = await LspTestClient.start();
  });
  after(async () => {
    await client.stop();
    folder.remove();
  });

  const whole = { start: { line: 0, character: 0 }, end: { line: 99, character: 0 } };
  const request = (uri: string, only: string[] | undefined, range = whole) =>
    client.connection.sendRequest<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics: [], only } });
  const editsOf = (action: CodeAction, uri: string): TextEdit[] => {
    assert.deepEqual(Object.keys(action.edit?.changes ?? {}), [uri], `${action.title} edits only the document`);
    return action.edit!.changes![uri]!;
  };

  it('source.fixAll.lockstep applies every preferred fix at once, and is offered only when asked for', async () => {
    const uri = folder.uri('fix-all.ts');
    client.open(uri, TWO_DROPPED, 1);
    await client.diagnosticsFor(uri, 1, (found) => found.length === 3);
    for (const only of [['source.fixAll.lockstep'], ['source.fixAll'], ['source']]) {
      const actions = await request(uri, only);
      assert.deepEqual(actions.map((action) => [action.kind, action.title]), [['source.fixAll.lockstep', 'Fix all Lockstep problems that have a preferred fix']], String(only));
    }
    assert.equal((await request(uri, undefined)).some((action) => action.kind === 'source.fixAll.lockstep'), false, 'not among the quick fixes');
    assert.deepEqual(await request(uri, ['source.organizeImports']), []);
    const [fixAll] = await request(uri, ['source.fixAll.lockstep']);
    const fixed = applyEdits(TWO_DROPPED, editsOf(fixAll!, uri));
    client.change(uri, 2, fixed);
    const left = await client.diagnosticsFor(uri, 2);
    assert.deepEqual(left.map((diagnostic) => diagnostic.code), [], `every finding had a preferred fix:\n${fixed}`);
    assert.match(fixed, /await save\('a'\);\n  await save\('b'\);\n  await Promise\.all\(names\.map\(async \(name\) => save\(name\)\)\);/);
  });

  it('offers fixing all of a rule in the file, ignoring it for the file, and its documentation', async () => {
    const uri = folder.uri('per-rule.ts');
    client.open(uri, TWO_DROPPED, 1);
    const [first] = await client.diagnosticsFor(uri, 1, (found) => found.length === 3);
    const actions = await request(uri, ['quickfix'], first!.range);
    const titles = actions.map((action) => action.title);
    for (const expected of ['Fix all floating-promise problems in this file', 'Ignore floating-promise for this file (// lockstep-ignore-file)', 'Show documentation for floating-promise']) {
      assert.ok(titles.includes(expected), `${expected} among ${titles.join(' | ')}`);
    }
    const docs = actions.find((action) => action.title === 'Show documentation for floating-promise')!;
    assert.deepEqual(docs.command, { title: docs.title, command: 'lockstep.showRuleDocumentation', arguments: ['floating-promise'] });

    const fixRule = actions.find((action) => action.title === 'Fix all floating-promise problems in this file')!;
    const ruleFixed = applyEdits(TWO_DROPPED, editsOf(fixRule, uri));
    client.change(uri, 2, ruleFixed);
    assert.deepEqual((await client.diagnosticsFor(uri, 2)).map((diagnostic) => diagnostic.code), ['misused-promise'], 'the other rule is left');

    const [misused] = await client.diagnosticsFor(uri, 2);
    const withMisused = await request(uri, ['quickfix'], misused!.range);
    assert.equal(withMisused.some((action) => action.title.startsWith('Fix all misused-promise')), false, 'one finding: its own fix is enough');
    const ignoreFile = withMisused.find((action) => action.title === 'Ignore misused-promise for this file (// lockstep-ignore-file)')!;
    const ignored = applyEdits(ruleFixed, editsOf(ignoreFile, uri));
    assert.ok(ignored.startsWith('// lockstep-ignore-file misused-promise\n'), ignored);
    client.change(uri, 3, ignored);
    assert.deepEqual(await client.diagnosticsFor(uri, 3), []);
  });

  it('honours an ESLint disable comment for the twin rule, and not for another rule', async () => {
    const uri = folder.uri('eslint.ts');
    const text = `async function save(): Promise<void> {}
// eslint-disable-next-line @typescript-eslint/no-floating-promises
save();
// eslint-disable-next-line no-console
save();
`;
    client.open(uri, text, 1);
    const diagnostics = await client.diagnosticsFor(uri, 1, (found) => found.length > 0);
    assert.deepEqual(diagnostics.map((diagnostic) => [diagnostic.code, diagnostic.range.start.line]), [['floating-promise', 4]]);
  });
});
