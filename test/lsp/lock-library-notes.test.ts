// A lock library whose types do not resolve, over stdio: the server logs the note to the Output channel once per
// version of the file (a re-check of the same text after a settings change logs nothing new; an edit logs it
// again), and a file whose async-mutex resolves (mapped to the repository's copy) gets no note and its lock finding.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { LspTestClient, tempFolder } from './lspClient';
import { LEAKY_MUTEX_MODULE as LEAKY } from '../lock-sources';

const REPO = path.resolve(__dirname, '../..');
const NOTE = /^Note: .*leaky\.ts:1:23: async-mutex is imported but its types do not resolve \(is it installed\?\): the lock rules cannot see its locks in this file$/;

describe('lock library notes over stdio', () => {
  let client: LspTestClient;
  const missing = tempFolder();
  const resolved = tempFolder();
  const notes = () => client.logs.filter((log) => NOTE.test(log.message));

  before(async () => {
    missing.write('package.json', '{}');
    resolved.write('tsconfig.json', JSON.stringify({
      compilerOptions: {
        strict: true, target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler', lib: ['ES2023'], types: [], noEmit: true,
        paths: { 'async-mutex': [path.join(REPO, 'node_modules/async-mutex/lib/index.d.ts')] },
      },
    }));
    resolved.write('leaky.ts', LEAKY); // the tsconfig takes in the files on disk
    client = await LspTestClient.start();
  });
  after(async () => {
    await client.stop();
    missing.remove();
    resolved.remove();
  });

  it('logs the note once per file version', async () => {
    const uri = missing.uri('leaky.ts');
    client.open(uri, LEAKY, 1);
    const log = await client.waitForLog(NOTE);
    assert.equal(log.type, 2); // warning
    assert.deepEqual(await client.diagnosticsFor(uri, 1), []);

    // The same version re-checked (new settings): published again, logged no more.
    const publications = () => client.published.filter((published) => published.uri === uri).length;
    const before = publications();
    client.changeSettings({ rules: { 'floating-promise': 'warning' } });
    await client.waitFor(() => publications() > before, 'the re-check after the settings change');
    assert.equal(notes().length, 1);

    client.change(uri, 2, `${LEAKY}// edited\n`);
    await client.diagnosticsFor(uri, 2);
    assert.equal(notes().length, 2);
  });

  it('a file whose lock library resolves gets no note, and its locks are seen', async () => {
    const uri = resolved.uri('leaky.ts');
    client.open(uri, LEAKY, 1);
    const found = await client.diagnosticsFor(uri, 1, (diagnostics) => diagnostics.length > 0, 'with the lock leak');
    assert.deepEqual(found.map((diagnostic) => diagnostic.code), ['lock-leak']);
    assert.deepEqual(client.logs.filter((log) => log.message.includes(resolved.dir) && /^Note: /.test(log.message)), []);
  });
});
