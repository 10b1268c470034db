// Hostile input over stdio: broken syntax, unterminated constructs, an empty file, a 10 MB generated file,
// Latin-1 and binary bytes, 10,000-deep nesting, requests about documents the server never saw. None may crash the server; each refusal is
// logged; and the server answers what comes next (diagnostics for a normal file, then shutdown).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { NORMAL, UNTERMINATED, binaryBytes, deeplyNested, tenMegabytes } from '../hostile-inputs';
import { LspTestClient, rangeOfSnippet, tempFolder } from './lspClient';


describe('hostile input over stdio', () => {
  let client: LspTestClient;
  const folder = tempFolder();

  before(async () => {
    client = await LspTestClient.start();
  });
  after(async () => {
    // The server must still answer shutdown after everything below.
    await client.stop();
    folder.remove();
  });

  /** After each hostile document, a normal one still gets its diagnostics. */
  async function assertStillServing(name: string): Promise<void> {
    const uri = folder.uri(`normal-after-${name}.ts`);
    client.open(uri, NORMAL, 1);
    const diagnostics = await client.diagnosticsFor(uri, 1, (found) => found.length === 1, `after the ${name} input`);
    assert.equal(diagnostics[0]!.code, 'floating-promise');
    assert.equal(client.hasExited, false, 'the server is still running');
  }

  it('analyses a file full of syntax errors without failing, and still finds what it can', async () => {
    const text = `async function save(): Promise<void> {}\nsave();\nfunction ((( {\n  const = ;\n  if (\n}}}\nclass { async ]\n`;
    const uri = folder.uri('broken.ts');
    client.open(uri, text, 1);
    const diagnostics = await client.diagnosticsFor(uri, 1);
    assert.deepEqual(diagnostics.map((d) => [d.code, d.range]), [['floating-promise', rangeOfSnippet(text, 'save()', 1)]]);
    await client.waitForLog(/^Note: .*broken\.ts:3:10: syntax error: .+ \(and \d+ more\): the file is analysed as the parser read it/);
    await assertStillServing('syntax-error');
    assert.equal(client.logs.filter((log) => /syntax error/.test(log.message)).length, 1, 'the normal files have none');
  });

  it('publishes no diagnostics for an empty file', async () => {
    const uri = folder.uri('empty.ts');
    client.open(uri, '', 1);
    assert.deepEqual(await client.diagnosticsFor(uri, 1), []);
    client.change(uri, 2, NORMAL);
    assert.equal((await client.diagnosticsFor(uri, 2, (found) => found.length === 1)).length, 1);
    client.change(uri, 3, '');
    assert.deepEqual(await client.diagnosticsFor(uri, 3), []);
  });

  it('refuses a 10 MB generated file over lockstep.maxFileSizeKB with a clear log line', async () => {
    const text = tenMegabytes();
    const uri = folder.uri('generated.ts');
    client.open(uri, text, 1);
    assert.deepEqual(await client.diagnosticsFor(uri, 1), []);
    const log = await client.waitForLog(/generated\.ts: file is 10\.0 MB, over lockstep\.maxFileSizeKB \(2048 KB\)/);
    assert.match(log.message, /^Skipped /);
    await assertStillServing('10-MB');
  });

  it('analyses files that end inside an unterminated string, template, comment, regex or JSX element', async () => {
    for (const [name, text] of Object.entries(UNTERMINATED)) {
      const uri = folder.uri(name);
      client.open(uri, text, 1);
      const codes = (await client.diagnosticsFor(uri, 1, () => true, name)).map((d) => d.code);
      assert.deepEqual(codes, ['floating-promise'], `${name}: the finding before the broken construct`);
    }
    await assertStillServing('unterminated');
  });

  it('analyses a Latin-1 file: as an editor decoded it, and on disk behind an import', async () => {
    // "café" and "naïve" in Latin-1: 0xE9 and 0xEF are invalid as UTF-8.
    const latin1 = Buffer.from(`// caf\xe9\nexport async function na\xefve(): Promise<string> { return 'd\xe9j\xe0 vu'; }\nnaïve();\n`, 'latin1');
    folder.write('latin1.ts', latin1);
    const decodedAsUtf8 = latin1.toString('utf8');
    assert.ok(decodedAsUtf8.includes('\ufffd'), 'the bytes are not valid UTF-8');
    const uri = folder.uri('latin1.ts');
    client.open(uri, decodedAsUtf8, 1);
    await client.diagnosticsFor(uri, 1);
    client.close(uri);

    const importer = `import * as latin from './latin1';\nexport const names = Object.keys(latin);\n`;
    const importerUri = folder.uri('imports-latin1.ts');
    client.open(importerUri, importer, 1);
    assert.deepEqual(await client.diagnosticsFor(importerUri, 1), []);
    await assertStillServing('Latin-1');
  });

  it('refuses a binary file (NUL bytes) with a log line', async () => {
    const bytes = binaryBytes();
    folder.write('blob.ts', bytes);
    const uri = folder.uri('blob.ts');
    client.open(uri, bytes.toString('latin1'), 1);
    assert.deepEqual(await client.diagnosticsFor(uri, 1), []);
    await client.waitForLog(/Skipped .*blob\.ts: file looks binary/);
    await assertStillServing('binary');
  });

  it('never reads a device or a FIFO its project names (tsconfig files, /// <reference path>), and analyses the rest', async () => {
    const project = tempFolder('lockstep-lsp-devices-');
    try {
      project.write('tsconfig.json', JSON.stringify({ compilerOptions: { strict: true, noEmit: true }, files: ['zero.ts', 'fifo.ts', 'normal.ts'] }));
      fs.symlinkSync('/dev/zero', path.join(project.dir, 'zero.ts'));
      fs.symlinkSync('/dev/zero', path.join(project.dir, 'zero-too.ts'));
      spawnSync('mkfifo', [path.join(project.dir, 'fifo.ts')]);
      const text = `/// <reference path="./zero-too.ts" />\n${NORMAL}`;
      const uri = project.uri('normal.ts');
      project.write('normal.ts', text);
      client.open(uri, text, 1);
      const diagnostics = await client.diagnosticsFor(uri, 1, (found) => found.length === 1, 'beside a device and a FIFO');
      assert.equal(diagnostics[0]!.code, 'floating-promise');
      await assertStillServing('device-and-fifo');
    } finally {
      project.remove();
    }
  });

  it('refuses code nested deeper than the parser survives, and keeps serving its neighbours while it is open', async () => {
    const text = deeplyNested();
    const uri = folder.uri('nested.ts');
    client.open(uri, text, 1);
    assert.deepEqual(await client.diagnosticsFor(uri, 1), []);
    await client.waitForLog(/Skipped .*nested\.ts: its syntax nests too deep/);
    // Still open: the loose files beside it share its inferred project and must be analysed regardless.
    await assertStillServing('deeply-nested');
    assert.ok(!client.statuses.some((status) => status.state === 'error'), 'no failure along the way');
  });

  it('shrugs off messages about documents it never saw and URIs it cannot map to files', async () => {
    const unknown = folder.uri('never-opened.ts');
    client.change(unknown, 7, NORMAL);
    client.close(unknown);
    client.open('file://remote-host/share/x.ts', NORMAL, 1);
    client.open('vscode-notebook-cell:/nb.ipynb#cell1', NORMAL, 1, 'typescript');
    assert.deepEqual(await client.codeActions(unknown, { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } }), []);
    await assertStillServing('unknown-document');
  });
});
