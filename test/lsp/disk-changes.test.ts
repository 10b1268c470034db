// Findings come back, or go, when the disk changes under files nobody edits: the client's watched-file events
// and saves are enough. A lock library removed and installed again; an imported loose file created behind the
// editor's back.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { LspTestClient, tempFolder } from './lspClient';
import { LEAKY_MUTEX_MODULE as LEAKY, installAsyncMutex } from '../lock-sources';

describe('disk changes over stdio', () => {
  let client: LspTestClient;
  const folder = tempFolder();
  const leaks = () => client.diagnostics.get(folder.uri('leaky.ts'))?.diagnostics.filter((d) => d.code === 'lock-leak').length;

  before(async () => {
    folder.write('package.json', '{}');
    installAsyncMutex(folder.dir);
    client = await LspTestClient.start();
  });
  after(async () => {
    await client.stop();
    folder.remove();
  });

  it('drops a lock finding when node_modules is removed and reports it again after the install, told by watched-file events', async () => {
    client.open(folder.uri('leaky.ts'), LEAKY, 1);
    await client.diagnosticsFor(folder.uri('leaky.ts'), 1, () => leaks() === 1, 'with the lock leak');

    fs.rmSync(path.join(folder.dir, 'node_modules'), { recursive: true });
    client.filesChanged([folder.uri('node_modules')]);
    await client.waitFor(() => leaks() === 0, 'no lock leak once async-mutex is gone');

    installAsyncMutex(folder.dir);
    folder.write('package-lock.json', '{}');
    client.filesChanged([folder.uri('package-lock.json')]);
    await client.waitFor(() => leaks() === 1, 'the lock leak again after the install');
  });

  it('sees a loose file that an open file imports, created on disk (a checkout, a generator), once the open file is saved', async () => {
    const MAIN = "import { store } from './store';\n\nexport function record(): void {\n  store('entry');\n}\n";
    client.open(folder.uri('main.ts'), MAIN, 1);
    assert.deepEqual(await client.diagnosticsFor(folder.uri('main.ts'), 1), [], './store does not exist yet');

    folder.write('store.ts', 'export async function store(value: string): Promise<void> {\n  console.log(value);\n}\n');
    client.save(folder.uri('main.ts'));
    await client.waitFor(() => client.diagnostics.get(folder.uri('main.ts'))?.diagnostics.length === 1, 'the floating store(…) call once store.ts exists');
  });
});
