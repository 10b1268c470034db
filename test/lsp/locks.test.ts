// A lock-order cycle across two files over stdio: each side's diagnostic points into the other file through
// relatedInformation; editing one side to the consistent order clears both (the other file is re-checked because
// lock-order reads the whole project); hover shows the lock's order.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Hover } from 'vscode-languageserver';
import { LspTestClient, rangeOfSnippet, tempFolder } from './lspClient';

const REPO = path.resolve(__dirname, '../..');
const TSCONFIG = JSON.stringify({
  compilerOptions: {
    strict: true, target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler', lib: ['ES2023'], types: [], noEmit: true,
    // The temp folder has no node_modules: map async-mutex to the repository's copy.
    paths: { 'async-mutex': [path.join(REPO, 'node_modules/async-mutex/lib/index.d.ts')] },
  },
});

const side = (own: string, other: string, first: string, second: string) => [
  `import { Mutex } from 'async-mutex';`,
  `import { ${other} } from './${other === 'lockA' ? 'a' : 'b'}';`,
  `export const ${own} = new Mutex();`,
  `export async function from${own.slice(-1)}(): Promise<void> {`,
  `  await ${first}.runExclusive(async () => {`,
  `    await ${second}.runExclusive(async () => {});`,
  `  });`,
  `}`,
  ``,
].join('\n');

const A_CYCLE = side('lockA', 'lockB', 'lockA', 'lockB');
const A_CONSISTENT = side('lockA', 'lockB', 'lockB', 'lockA');
const B = side('lockB', 'lockA', 'lockB', 'lockA');

describe('lock-order across files over stdio', () => {
  let client: LspTestClient;
  const folder = tempFolder();
  const aUri = folder.uri('a.ts');
  const bUri = folder.uri('b.ts');

  before(async () => {
    folder.write('tsconfig.json', TSCONFIG);
    folder.write('a.ts', A_CYCLE);
    folder.write('b.ts', B);
    client = await LspTestClient.start();
  });
  after(async () => {
    await client.stop();
    folder.remove();
  });

  it('reports each side, with relatedInformation in the other file', async () => {
    client.open(aUri, A_CYCLE, 1);
    client.open(bUri, B, 1);
    const [onB] = await client.diagnosticsFor(bUri, 1, (found) => found.length === 1, 'with the lock-order cycle');
    assert.equal(onB!.code, 'lock-order');
    assert.deepEqual(onB!.range, rangeOfSnippet(B, 'lockA.runExclusive'));
    assert.match(onB!.message as string, /`lockA` is taken here while `lockB` is held \(in fromB\(\)\), but fromA\(\) takes `lockB` while holding `lockA`/);
    assert.deepEqual(onB!.relatedInformation?.map((info) => [info.location.uri, info.location.range, info.message]), [
      [aUri, rangeOfSnippet(A_CYCLE, 'lockA.runExclusive'), 'fromA() takes `lockA` here…'],
      [aUri, rangeOfSnippet(A_CYCLE, 'lockB.runExclusive'), '…and `lockB` here (a.ts:6) while holding `lockA`'],
    ]);
    const onA = await client.diagnosticsFor(aUri, 1, (found) => found.length === 1);
    assert.equal(onA[0]!.relatedInformation?.[0]?.location.uri, bUri);
  });

  it('hover on a lock shows its order on both sides', async () => {
    const hover: Hover | null = await client.connection.sendRequest('textDocument/hover', {
      textDocument: { uri: bUri }, position: rangeOfSnippet(B, 'lockA.runExclusive').start,
    });
    const value = (hover?.contents as { value: string } | undefined)?.value ?? '';
    assert.match(value, /\*\*Lock\*\* `lockA`/);
    assert.match(value, /Order: taken after `lockB` in fromB\(\); before `lockB` in fromA\(\)\./);
  });

  it('clears both sides when one is edited to the consistent order', async () => {
    const publishedBefore = client.published.length;
    client.change(aUri, 2, A_CONSISTENT);
    await client.diagnosticsFor(aUri, 2, (found) => found.length === 0, 'a.ts clean after the edit');
    await client.waitFor(
      () => client.published.slice(publishedBefore).some((params) => params.uri === bUri && params.diagnostics.length === 0),
      'b.ts cleared though only a.ts was edited',
    );
    assert.equal(client.diagnostics.get(bUri)?.version, 1, 'b.ts itself was not edited');
  });
});
