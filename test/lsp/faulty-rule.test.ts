// A rule that throws is contained, against the bundled server over stdio: the server is started with its test
// hook LOCKSTEP_TEST_FAULTY_RULE=misused-promise (server/src/lsp/test-hooks.ts), so that rule throws on every
// file. The other rules' diagnostics still arrive, the failure is logged once with the file however often the
// file is re-analysed, and the server keeps serving other files.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { LspTestClient, tempFolder } from './lspClient';

const TEXT = [
  `async function save(): Promise<void> {}`,
  `export async function handle(names: string[]): Promise<void> {`,
  `  save();`, // floating-promise
  `  names.forEach(async () => save());`, // misused-promise: lost, its rule throws
  `  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);`, // blocking-in-async
  `}`,
  ``,
].join('\n');

describe('a rule that throws inside the server', () => {
  let client: LspTestClient;
  const folder = tempFolder();

  before(async () => {
    client = await LspTestClient.start({ env: { LOCKSTEP_TEST_FAULTY_RULE: 'misused-promise' } });
  });
  after(async () => {
    await client.stop();
    folder.remove();
  });

  it('loses only its own findings, is logged once with the file, and the server keeps serving', async () => {
    const uri = folder.uri('faulty.ts');
    client.open(uri, TEXT, 1);
    const codes = (await client.diagnosticsFor(uri, 1)).map((d) => d.code).sort();
    assert.deepEqual(codes, ['blocking-in-async', 'floating-promise']);
    await client.waitForLog(/rule misused-promise failed on .*faulty\.ts: Error: misused-promise throws on purpose/);

    // Re-analysed twice more: the same findings, and no second log line for the same failure.
    client.change(uri, 2, `${TEXT}// edit\n`);
    assert.deepEqual((await client.diagnosticsFor(uri, 2)).map((d) => d.code).sort(), ['blocking-in-async', 'floating-promise']);
    client.change(uri, 3, `${TEXT}// another edit\n`);
    await client.diagnosticsFor(uri, 3);
    assert.equal(client.logs.filter((log) => /rule misused-promise failed on/.test(log.message)).length, 1);

    const other = folder.uri('other.ts');
    client.open(other, `async function save(): Promise<void> {}\nsave();\n`, 1);
    assert.deepEqual((await client.diagnosticsFor(other, 1, (found) => found.length > 0)).map((d) => d.code), ['floating-promise']);
    assert.equal(client.hasExited, false);
  });
});
