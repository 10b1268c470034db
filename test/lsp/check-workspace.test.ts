// Lockstep: Check Workspace over stdio: every script file under the folders that is not open is analysed and its
// diagnostics published (node_modules and dot-folders left out, open files left to the editor's own analysis),
// with progress notifications; a cancel stops the rest.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { CancellationTokenSource } from 'vscode-jsonrpc/node';
import type { CheckProgressParams, CheckWorkspaceResult } from '../../server/src/protocol';
import { NORMAL } from '../hostile-inputs';
import { LspTestClient, tempFolder } from './lspClient';

const CLEAN = 'export async function quiet(): Promise<void> {}\n';

describe('Check Workspace', () => {
  const folders: ReturnType<typeof tempFolder>[] = [];
  after(() => folders.forEach((folder) => folder.remove()));

  it('publishes the diagnostics of every file not open, with progress, and leaves out what the CLI leaves out', async () => {
    const folder = tempFolder('lockstep-check-');
    folders.push(folder);
    for (const [name, text] of [['a.ts', NORMAL], ['b.ts', CLEAN], ['sub/c.ts', NORMAL], ['open.ts', NORMAL], ['node_modules/dep/x.ts', NORMAL], ['.cache/y.ts', NORMAL]]) folder.write(name!, text!);
    const client = await LspTestClient.start();
    try {
      const progress: CheckProgressParams[] = [];
      client.connection.onNotification('lockstep/checkProgress', (params: CheckProgressParams) => void progress.push(params));
      client.open(folder.uri('open.ts'), CLEAN, 1); // the editor's text, not the disk's: no finding
      await client.diagnosticsFor(folder.uri('open.ts'), 1);
      const result = await client.connection.sendRequest<CheckWorkspaceResult>('lockstep/checkWorkspace', { folders: [folder.uri('')] });
      assert.deepEqual(result, { checked: 3, withFindings: 2, cancelled: false });
      const published = (name: string) => client.diagnostics.get(folder.uri(name))?.diagnostics.map((diagnostic) => diagnostic.code);
      assert.deepEqual([published('a.ts'), published('b.ts'), published('sub/c.ts')], [['floating-promise'], [], ['floating-promise']]);
      assert.deepEqual(client.diagnostics.get(folder.uri('open.ts'))?.diagnostics, [], 'the open document keeps its own diagnostics');
      assert.equal(published('node_modules/dep/x.ts'), undefined);
      assert.equal(published('.cache/y.ts'), undefined);
      assert.deepEqual(progress.at(-1), { checked: 3, total: 3 });
      assert.deepEqual(progress.map((step) => step.total), [3, 3, 3, 3]);
    } finally {
      await client.stop();
    }
  });

  it('stops at a cancel: the rest of the files are not checked', async () => {
    const folder = tempFolder('lockstep-check-cancel-');
    folders.push(folder);
    for (let i = 0; i < 40; i++) folder.write(`f${String(i).padStart(2, '0')}.ts`, NORMAL);
    const client = await LspTestClient.start();
    try {
      const cancel = new CancellationTokenSource();
      client.connection.onNotification('lockstep/checkProgress', (params: CheckProgressParams) => {
        if (params.checked === 2) cancel.cancel();
      });
      const answer = await client.connection.sendRequest<CheckWorkspaceResult>('lockstep/checkWorkspace', { folders: [folder.uri('')] }, cancel.token).catch((error: { code?: number }) => error);
      const checked = [...client.diagnostics.keys()].filter((uri) => uri.startsWith(folder.uri('f'))).length;
      assert.ok(checked >= 2 && checked < 40, `stopped after ${checked} of 40 files`);
      // The answer is the partial result, or the protocol's RequestCancelled (-32800): either says it was cancelled.
      assert.ok('cancelled' in answer ? answer.cancelled : answer.code === -32800, JSON.stringify(answer));
      const normal = folder.uri('after.ts');
      client.open(normal, NORMAL, 1);
      await client.diagnosticsFor(normal, 1, (found) => found.length === 1);
    } finally {
      await client.stop();
    }
  });
});
