// Lockstep: Check Workspace over stdio: every script file under the folders that is not open is analysed and its
// diagnostics published (node_modules and dot-folders left out, open files left to the editor's own analysis),
// with progress notifications; a cancel stops the rest. A checked file that is opened and closed again shows
// its workspace-check result (brought up to date with the disk), not nothing.
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

  it('keeps a checked file\'s result in Problems when its editor closes, up to date with the disk; a file never checked is cleared', async () => {
    const folder = tempFolder('lockstep-check-close-');
    folders.push(folder);
    for (const name of ['kept.ts', 'fixed.ts', 'never-checked.ts']) folder.write(name, NORMAL);
    const client = await LspTestClient.start();
    try {
      /**
       * The rule codes of each publication for a file after it is closed, once `count` have come: those without a
       * document version (an analysis of the open text, sent before the close arrived, has one).
       */
      const publishedOnClose = async (name: string, count: number) => {
        const uri = folder.uri(name);
        const from = client.published.length;
        client.close(uri);
        const after = () => client.published.slice(from).filter((published) => published.uri === uri && published.version === undefined);
        await client.waitFor(() => after().length >= count, `${count} publication(s) for ${name} after it closed`);
        return after().map((published) => published.diagnostics.map((diagnostic) => diagnostic.code));
      };
      // Open while the workspace is checked, so the check leaves it to the editor.
      client.open(folder.uri('never-checked.ts'), NORMAL, 1);
      await client.diagnosticsFor(folder.uri('never-checked.ts'), 1, (found) => found.length === 1);
      await client.connection.sendRequest<CheckWorkspaceResult>('lockstep/checkWorkspace', { folders: [folder.uri('')] });

      client.open(folder.uri('kept.ts'), CLEAN, 1); // edited in the editor, never saved: the disk keeps its finding
      await client.diagnosticsFor(folder.uri('kept.ts'), 1, (found) => found.length === 0);
      assert.deepEqual(await publishedOnClose('kept.ts', 2), [['floating-promise'], ['floating-promise']]);

      client.open(folder.uri('fixed.ts'), CLEAN, 1);
      await client.diagnosticsFor(folder.uri('fixed.ts'), 1, (found) => found.length === 0);
      folder.write('fixed.ts', CLEAN); // the editor saves the fix
      client.save(folder.uri('fixed.ts'));
      assert.deepEqual(await publishedOnClose('fixed.ts', 2), [['floating-promise'], []], 'the check result, then the disk\'s');

      assert.deepEqual(await publishedOnClose('never-checked.ts', 1), [[]]);
      client.open(folder.uri('kept.ts'), NORMAL, 2); // a round trip: nothing else came for never-checked.ts meanwhile
      await client.diagnosticsFor(folder.uri('kept.ts'), 2, (found) => found.length === 1);
      assert.deepEqual(client.diagnostics.get(folder.uri('never-checked.ts'))?.diagnostics, []);
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
