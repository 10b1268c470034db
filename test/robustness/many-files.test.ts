// A folder of 50,000 tiny files (and a tsconfig.json that takes them all in), through the CLI and the LSP: no
// crash, no hang, the one finding found. Before the cache key was digested per program, the CLI ran out of memory
// here. `npm run test:robustness` (it writes 50,000 files).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { NORMAL } from '../hostile-inputs';
import { findingHeads, runCli } from '../cli/run-cli';
import { LspTestClient, tempFolder } from '../lsp/lspClient';

const TINY_FILES = 50_000;

describe('a folder of 50,000 tiny files', () => {
  const folder = tempFolder('lockstep-many-');
  before(() => {
    folder.write('tsconfig.json', JSON.stringify({ compilerOptions: { strict: true, target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler', types: [] }, include: ['*.ts'] }));
    for (let i = 0; i < TINY_FILES; i++) fs.writeFileSync(path.join(folder.dir, `f${i}.ts`), `export const v${i} = ${i};\n`);
    folder.write('main.ts', NORMAL);
  });
  after(() => folder.remove());

  it('lockstep check analyses them all and reports the one finding', () => {
    const run = runCli(['check', '.'], folder.dir);
    assert.equal(run.code, 1, run.stderr);
    assert.deepEqual(findingHeads(run.stdout), ['main.ts:2:1 error floating-promise']);
    assert.match(run.stdout, /\(50001 files checked\)/);
  });

  it('the language server loads the project and publishes the finding', async () => {
    const client = await LspTestClient.start();
    try {
      const uri = folder.uri('main.ts');
      client.open(uri, NORMAL, 1);
      await client.waitFor(() => client.diagnostics.get(uri)?.version === 1, 'diagnostics for main.ts', 120_000);
      assert.deepEqual(client.diagnostics.get(uri)!.diagnostics.map((d) => d.code), ['floating-promise']);
      const edited = folder.uri('f123.ts');
      client.open(edited, 'export const v123 = Promise.resolve(123);\nv123.then(() => 1);\n', 1);
      await client.waitFor(() => client.diagnostics.get(edited)?.version === 1, 'diagnostics for f123.ts', 120_000);
    } finally {
      await client.stop();
    }
  });
});
