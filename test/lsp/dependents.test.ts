// Files that import an edited file are re-checked: b.ts calls a function from a.ts, and whether that call
// floats depends on a.ts's edit (it returns a promise, or not).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { LspTestClient, rangeOfSnippet, tempFolder } from './lspClient';

const A_ASYNC = `export async function store(value: string): Promise<void> {\n  console.log(value);\n}\n`;
const A_SYNC = `export function store(value: string): void {\n  console.log(value);\n}\n`;
const B = `import { store } from './a';\n\nexport function record(): void {\n  store('entry');\n}\n`;

describe('dependents over stdio', () => {
  let client: LspTestClient;
  const folder = tempFolder();
  const aUri = folder.uri('a.ts');
  const bUri = folder.uri('b.ts');

  before(async () => {
    folder.write('a.ts', A_ASYNC);
    folder.write('b.ts', B);
    client = await LspTestClient.start();
  });
  after(async () => {
    await client.stop();
    folder.remove();
  });

  it('re-checks b.ts when a.ts is edited so that b’s finding disappears and comes back', async () => {
    client.open(aUri, A_ASYNC, 1);
    client.open(bUri, B, 1);
    const initial = await client.diagnosticsFor(bUri, 1, (found) => found.length === 1, 'with the floating store(…) call');
    assert.deepEqual(initial.map((d) => [d.code, d.range]), [['floating-promise', rangeOfSnippet(B, "store('entry')")]]);

    const publishedBefore = client.published.length;
    const bPublishedAfter = () => client.published.slice(publishedBefore).filter((params) => params.uri === bUri);
    client.change(aUri, 2, A_SYNC);
    await client.waitFor(() => bPublishedAfter().some((params) => params.diagnostics.length === 0), 'b.ts cleared after a.ts became sync');
    assert.equal(bPublishedAfter().at(-1)?.version, 1, 'b.ts itself was not edited');

    client.change(aUri, 3, A_ASYNC);
    await client.waitFor(() => client.diagnostics.get(bUri)?.diagnostics.length === 1, 'b.ts reported again after a.ts became async again');
  });

  it('re-checks b.ts against the disk when a.ts is closed unsaved', async () => {
    client.change(aUri, 4, A_SYNC);
    await client.waitFor(() => client.diagnostics.get(bUri)?.diagnostics.length === 0, 'b.ts cleared by the unsaved edit');
    client.close(aUri);
    await client.waitFor(() => client.diagnostics.get(bUri)?.diagnostics.length === 1, 'b.ts reported again: the disk still has the async a.ts');
  });

  it('re-checks open files when a file they import changes on disk: watched-file events and saves', async () => {
    // c.ts is never opened: d.ts sees it on disk only.
    const D = B.replace('./a', './c');
    const dUri = folder.uri('d.ts');
    writeWithNewStamp('c.ts', A_SYNC, 1);
    folder.write('d.ts', D);
    client.open(dUri, D, 1);
    assert.deepEqual(await client.diagnosticsFor(dUri, 1), []);

    writeWithNewStamp('c.ts', A_ASYNC, 2);
    client.filesChanged([folder.uri('c.ts')]);
    await client.waitFor(() => client.diagnostics.get(dUri)?.diagnostics.length === 1, 'd.ts reported after c.ts became async on disk');

    writeWithNewStamp('c.ts', A_SYNC, 3);
    client.save(dUri);
    await client.waitFor(() => client.diagnostics.get(dUri)?.diagnostics.length === 0, 'd.ts cleared after a save, c.ts being sync on disk again');
  });

  /** Writes a file with a modification time of its own: the analysis tells disk versions apart by it. */
  function writeWithNewStamp(name: string, text: string, step: number): void {
    const file = folder.write(name, text);
    const stamp = new Date(Date.now() + step * 10_000);
    fs.utimesSync(file, stamp, stamp);
  }
});
