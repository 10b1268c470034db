// `lockstep/model` over stdio: the model of an open document is built from the editor's text (not the disk's),
// its ranges carry the client's URI (what the Visualize CodeLens matches on); a refused file, a URI that is not a
// file, and a file without entry points each answer with a reason instead of a model.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { MODEL_REQUEST, type ModelParams, type ModelResult } from '../../server/src/protocol';
import type { Step } from '../../model/schema';
import { LspTestClient, tempFolder } from './lspClient';

const REPO = path.resolve(__dirname, '../..');
const TSCONFIG = JSON.stringify({
  compilerOptions: {
    strict: true, target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler', lib: ['ES2023'], types: [], noEmit: true,
    paths: { 'async-mutex': [path.join(REPO, 'node_modules/async-mutex/lib/index.d.ts')] },
  },
});
const ON_DISK = `export async function stale(): Promise<void> {}\n`;
const IN_EDITOR = [
  `import { Mutex } from 'async-mutex';`,
  `const first = new Mutex();`,
  `const second = new Mutex();`,
  `export async function one(): Promise<void> {`,
  `  await first.runExclusive(async () => { await second.runExclusive(async () => {}); });`,
  `}`,
  `export async function two(): Promise<void> {`,
  `  await second.runExclusive(async () => { await first.runExclusive(async () => {}); });`,
  `}`,
  ``,
].join('\n');

describe('lockstep/model over stdio', () => {
  let client: LspTestClient;
  const folder = tempFolder();
  const request = (params: ModelParams) => client.connection.sendRequest(MODEL_REQUEST, params) as Promise<ModelResult>;

  before(async () => {
    folder.write('tsconfig.json', TSCONFIG);
    folder.write('bank.ts', ON_DISK);
    folder.write('blob.ts', Buffer.from([0x65, 0x78, 0x00, 0x01, 0x02, 0x00]));
    folder.write('plain.ts', 'export const x = 1;\n');
    client = await LspTestClient.start();
  });
  after(async () => {
    await client.stop();
    folder.remove();
  });

  it('answers the model of an open document from its text, with ranges in the client’s URI', async () => {
    const uri = folder.uri('bank.ts');
    client.open(uri, IN_EDITOR, 1);
    const result = await request({ uri });
    assert.ok(result.model, result.model === null ? result.reason : '');
    assert.equal(result.model.uri, uri);
    assert.deepEqual(result.model.tasks.map((task) => [task.name, task.range?.uri, task.range?.start.line]), [['one', uri, 3], ['two', uri, 6]]);
    assert.deepEqual(result.model.locks.map((lock) => lock.name), ['first', 'second']);
    const kinds = (steps: Step[]) => steps.map((step) => step.kind);
    assert.deepEqual(kinds(result.model.tasks[0]!.steps), ['acquire', 'acquire', 'release', 'release']);

    const named = await request({ uri, entries: ['two'] });
    assert.deepEqual(named.model?.tasks.map((task) => task.name), ['two']);
  });

  it('answers a reason for a refused file, a URI that is not a file, and a file without entry points', async () => {
    const refused = await request({ uri: folder.uri('blob.ts') });
    assert.equal(refused.model, null);
    assert.match(refused.model === null ? refused.reason : '', /blob\.ts is not analysed: .*binary/);
    const untitled = await request({ uri: 'untitled:Untitled-1' });
    assert.match(untitled.model === null ? untitled.reason : '', /not a file on disk/);
    const plain = await request({ uri: folder.uri('plain.ts') });
    assert.match(plain.model === null ? plain.reason : '', /no async entry point/);
  });
});
