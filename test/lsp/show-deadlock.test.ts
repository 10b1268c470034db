// "Show this deadlock" over stdio: a lock-order and a lock-reentry finding each offer a code action that runs the
// client's lockstep.showDeadlock with the document and the locks the finding names (label and declaration); a
// finding of another rule offers none; the hover on a deadlock finding carries the same command as a link.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CodeAction, Diagnostic, Hover } from 'vscode-languageserver';
import { LspTestClient, rangeOfSnippet, tempFolder } from './lspClient';

const REPO = path.resolve(__dirname, '../..');
const TSCONFIG = JSON.stringify({
  compilerOptions: {
    strict: true, target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler', lib: ['ES2023'], types: [], noEmit: true,
    paths: { 'async-mutex': [path.join(REPO, 'node_modules/async-mutex/lib/index.d.ts')] },
  },
});

const SOURCE = [
  `import { Mutex } from 'async-mutex';`,
  `export const a = new Mutex();`,
  `export const b = new Mutex();`,
  `export const solo = new Mutex();`,
  `export async function ab(): Promise<void> {`,
  `  await a.runExclusive(async () => {`,
  `    await b.runExclusive(async () => {});`,
  `  });`,
  `}`,
  `export async function ba(): Promise<void> {`,
  `  await b.runExclusive(async () => {`,
  `    await a.runExclusive(async () => {});`,
  `  });`,
  `}`,
  `export async function twice(): Promise<void> {`,
  `  await solo.runExclusive(async () => {`,
  `    await solo.runExclusive(async () => {});`,
  `  });`,
  `}`,
  `export class Account {`,
  `  readonly lock = new Mutex();`,
  `}`,
  `export async function transfer(from: Account, to: Account): Promise<void> {`,
  `  await from.lock.runExclusive(async () => {`,
  `    await to.lock.runExclusive(async () => {});`,
  `  });`,
  `}`,
  `export async function dropped(): Promise<void> {`,
  `  ab();`,
  `}`,
  ``,
].join('\n');

describe('"Show this deadlock" over stdio', () => {
  let client: LspTestClient;
  let diagnostics: Diagnostic[];
  const folder = tempFolder();
  const uri = folder.uri('locks.ts');
  /** Where the model's LockDecl.range of that lock starts: the name at its declaration. */
  const declared = (name: string) => ({ uri, ...rangeOfSnippet(SOURCE, `${name} = new Mutex`).start });

  before(async () => {
    folder.write('tsconfig.json', TSCONFIG);
    folder.write('locks.ts', SOURCE);
    client = await LspTestClient.start();
    client.open(uri, SOURCE, 1);
    diagnostics = await client.diagnosticsFor(uri, 1, (found) => ['lock-order', 'lock-reentry', 'floating-promise'].every((rule) => found.some((d) => d.code === rule)), 'the three rules');
  });
  after(async () => {
    await client.stop();
    folder.remove();
  });

  const actionsOf = (diagnostic: Diagnostic): Promise<CodeAction[]> => client.codeActions(uri, diagnostic.range, [diagnostic]);
  const showActions = (actions: CodeAction[]) => actions.filter((action) => action.command?.command === 'lockstep.showDeadlock');

  it('offers it for each lock-order finding, with both locks by label and declaration', async () => {
    const orders = diagnostics.filter((d) => d.code === 'lock-order' && !(d.message as string).includes('Account.lock'));
    assert.equal(orders.length, 2);
    for (const diagnostic of orders) {
      const [show, ...more] = showActions(await actionsOf(diagnostic));
      assert.equal(more.length, 0);
      assert.equal(show!.title, 'Show this deadlock');
      assert.equal(show!.kind, 'quickfix');
      const target = show!.command!.arguments![0] as { uri: string; rule: string; locks: { label: string }[] };
      assert.equal(target.uri, uri);
      assert.equal(target.rule, 'lock-order');
      assert.deepEqual([...target.locks].sort((x, y) => x.label.localeCompare(y.label)), [
        { label: 'a', declaration: declared('a') },
        { label: 'b', declaration: declared('b') },
      ]);
    }
  });

  it('names a family of locks as one, marked so, at its declaration', async () => {
    const nested = diagnostics.find((d) => d.code === 'lock-order' && (d.message as string).includes('Account.lock'))!;
    const [show] = showActions(await actionsOf(nested));
    assert.deepEqual(show!.command!.arguments, [{ uri, rule: 'lock-order', locks: [{ label: 'Account.lock', family: true, declaration: declared('lock') }] }]);
  });

  it('offers it for a lock-reentry finding, with its one lock', async () => {
    const reentry = diagnostics.find((d) => d.code === 'lock-reentry')!;
    const [show] = showActions(await actionsOf(reentry));
    assert.deepEqual(show!.command!.arguments, [{ uri, rule: 'lock-reentry', locks: [{ label: 'solo', declaration: declared('solo') }] }]);
  });

  it('does not offer it for another rule', async () => {
    const floating = diagnostics.find((d) => d.code === 'floating-promise')!;
    const actions = await actionsOf(floating);
    assert.ok(actions.length > 0, 'the floating promise has its own fixes');
    assert.deepEqual(showActions(actions), []);
  });

  it('names each lock where the concurrency model declares it, so the page finds it there', async () => {
    const result = (await client.connection.sendRequest('lockstep/model', { uri })) as { model: { locks: { name: string; range?: { uri: string; start: object } }[] } };
    assert.deepEqual(result.model.locks.map((lock) => [lock.name, { uri: lock.range?.uri, ...lock.range?.start }]), [
      ['a', declared('a')],
      ['b', declared('b')],
      ['solo', declared('solo')],
      ['from.lock', declared('lock')],
      ['to.lock', declared('lock')],
    ]);
  });

  it('links it from the hover on a deadlock finding, with the same arguments', async () => {
    const reentry = diagnostics.find((d) => d.code === 'lock-reentry')!;
    const hover: Hover | null = await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: reentry.range.start });
    const value = (hover?.contents as { value: string } | undefined)?.value ?? '';
    const link = value.match(/\[Show this deadlock\]\(command:lockstep\.showDeadlock\?([^ )]+) "[^"]*"\) \(lock-reentry\)/);
    assert.ok(link, value);
    assert.deepEqual(JSON.parse(decodeURIComponent(link[1]!)), [{ uri, rule: 'lock-reentry', locks: [{ label: 'solo', declaration: declared('solo') }] }]);
  });

  it('puts no link in the hover where no deadlock is reported', async () => {
    const hover: Hover | null = await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: rangeOfSnippet(SOURCE, 'ab();').start });
    assert.doesNotMatch((hover?.contents as { value: string } | undefined)?.value ?? '', /showDeadlock/);
  });
});
