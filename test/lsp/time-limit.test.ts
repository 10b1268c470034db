// A slow analysis never holds the editor: it runs in the server's analysis thread, stops for a newer edit of its
// file, for a request about another file and for shutdown, and a file over lockstep.analysisTimeLimitSeconds is
// reported once, like a file too large. One type-checker call slower than the limit cannot be interrupted: the
// thread is ended and started again, told the settings and open documents again.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { Hover } from 'vscode-languageserver-protocol';
import { NORMAL, slowInManySteps, slowInOneStep } from '../hostile-inputs';
import { LspTestClient, tempFolder } from './lspClient';

const OVER_TIME = /^Skipped .*slow\.ts: its analysis took longer than the time limit of \d s/;
const RESTARTED = /^Analysis thread restarted: /;

describe('the analysis time limit and cancellation', () => {
  const folder = tempFolder('lockstep-time-');
  after(() => folder.remove());

  async function startWith(settings: Record<string, unknown>): Promise<LspTestClient> {
    return LspTestClient.start({ settings });
  }

  /** Opens the slow file and waits until its analysis is running. */
  async function openSlow(client: LspTestClient, calls?: number): Promise<string> {
    const uri = folder.uri('slow.ts');
    const working = client.statuses.length;
    client.open(uri, slowInManySteps(calls), 1);
    await client.waitFor(() => client.statuses.slice(working).some((status) => status.state === 'working'), 'the analysis to start');
    return uri;
  }

  const publishedFor = (client: LspTestClient, uri: string) => client.published.filter((params) => params.uri === uri);

  it('reports a file over the limit once, stops it without ending the thread, and keeps serving', async () => {
    // 3 s: the slow file's rules run about 9 s; the normal file's, well under 3 s even on a loaded machine.
    const client = await startWith({ analysisTimeLimitSeconds: 3 });
    try {
      const uri = await openSlow(client);
      assert.deepEqual(await client.diagnosticsFor(uri, 1), [], 'a file over the limit has no findings');
      await client.waitForLog(OVER_TIME);
      const normal = folder.uri('normal.ts');
      client.open(normal, NORMAL, 1);
      assert.equal((await client.diagnosticsFor(normal, 1, (found) => found.length === 1))[0]!.code, 'floating-promise');
      // A settings change re-checks every open file: the slow one runs over again, and is not reported again.
      const before = publishedFor(client, uri).length;
      client.changeSettings({ analysisTimeLimitSeconds: 3, rules: { 'floating-promise': 'warning' } });
      await client.waitFor(() => publishedFor(client, uri).length > before, 'the slow file re-checked');
      assert.equal(client.logs.filter((log) => OVER_TIME.test(log.message)).length, 1, 'reported once');
      assert.equal(client.logs.some((log) => RESTARTED.test(log.message)), false, 'it stopped between two checker calls');
    } finally {
      await client.stop();
    }
  });

  it('stops the running analysis for a newer edit of its file: the older version is never published', async () => {
    const client = await startWith({ analysisTimeLimitSeconds: 60 });
    try {
      const uri = await openSlow(client);
      client.change(uri, 2, NORMAL);
      assert.equal((await client.diagnosticsFor(uri, 2, (found) => found.length === 1))[0]!.code, 'floating-promise');
      assert.deepEqual(publishedFor(client, uri).map((params) => params.version), [2]);
    } finally {
      await client.stop();
    }
  });

  it('answers a request about another file first, then analyses the stopped file again', async () => {
    const client = await startWith({ analysisTimeLimitSeconds: 60 });
    try {
      const normal = folder.uri('hovered.ts');
      client.open(normal, NORMAL, 1);
      await client.diagnosticsFor(normal, 1);
      const uri = await openSlow(client, 20);
      const hover = await client.connection.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri: normal }, position: { line: 1, character: 1 } });
      assert.equal(hover, null, 'no lock there');
      assert.equal(publishedFor(client, uri).length, 0, 'the hover was answered before the slow file finished');
      const findings = await client.diagnosticsFor(uri, 1, (found) => found.length > 0);
      assert.equal(findings.length, 20, 'then the slow file ran again to the end');
    } finally {
      await client.stop();
    }
  });

  it('answers shutdown while an analysis runs', async () => {
    const client = await startWith({ analysisTimeLimitSeconds: 60 });
    const uri = await openSlow(client);
    await client.stop();
    assert.equal(publishedFor(client, uri).length, 0, 'shutdown did not wait for the analysis');
  });

  it('ends a thread stuck in one checker call over the limit, and tells the new one the settings and documents', async () => {
    // 2 s: the one call takes 9 s or more (see slowInOneStep), ended at 2 + 3 s; the normal files' rules, tiny, run
    // well under 2 s. At 4 s with a call of 2 × 40,320 tuples, a machine twice as fast finished it before the end.
    const client = await startWith({ analysisTimeLimitSeconds: 2, rules: { 'floating-promise': 'warning' } });
    try {
      // Only the editor has lib.ts: the restarted thread must be told it again for main.ts's finding.
      const lib = folder.uri('lib.ts');
      client.open(lib, 'export async function save(): Promise<void> {}\n', 1);
      const main = folder.uri('main.ts');
      client.open(main, `import { save } from './lib';\nsave();\n`, 1);
      await client.diagnosticsFor(main, 1, (found) => found.length === 1);
      const uri = folder.uri('slow.ts');
      client.open(uri, slowInOneStep(), 1);
      await client.waitForLog(RESTARTED);
      await client.waitForLog(OVER_TIME);
      assert.deepEqual(await client.diagnosticsFor(uri, 1), []);
      client.change(main, 2, `import { save } from './lib';\n\nsave();\n`);
      const [finding] = await client.diagnosticsFor(main, 2, (found) => found.length === 1);
      assert.deepEqual([finding!.code, finding!.severity, finding!.range.start.line], ['floating-promise', 2, 2]);
    } finally {
      await client.stop();
    }
  });

  it('says what is wrong with a time limit that is not one, and uses the default', async () => {
    const client = await startWith({ analysisTimeLimitSeconds: -1 });
    try {
      await client.waitForLog(/Settings: analysisTimeLimitSeconds: expected a number of seconds above 0 and at most 3600, got -1; ignored/);
      const normal = folder.uri('after-bad-limit.ts');
      client.open(normal, NORMAL, 1);
      await client.diagnosticsFor(normal, 1, (found) => found.length === 1);
    } finally {
      await client.stop();
    }
  });
});
