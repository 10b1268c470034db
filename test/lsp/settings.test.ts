// Settings applied live over stdio: pulled with workspace/configuration on every didChangeConfiguration, or
// pushed by clients without that capability. Bad values are logged by key, the defaults stand, and the server
// keeps answering.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DiagnosticSeverity } from 'vscode-languageserver';
import { LspTestClient, tempFolder } from './lspClient';

const FLOATING = `async function save(): Promise<void> {}\nsave();\n`;

describe('settings pulled with workspace/configuration', () => {
  let client: LspTestClient;
  const folder = tempFolder();
  const uri = folder.uri('settings.ts');

  before(async () => {
    client = await LspTestClient.start({ settings: {} });
    client.open(uri, FLOATING, 1);
    await client.diagnosticsFor(uri, 1, (found) => found.length === 1 && found[0]!.severity === DiagnosticSeverity.Error, 'at the default severity');
  });
  after(async () => {
    await client.stop();
    folder.remove();
  });

  it('turns a rule off, and back on at another severity, without reopening the file', async () => {
    client.changeSettings({ rules: { 'floating-promise': 'off' } });
    await client.diagnosticsFor(uri, 1, (found) => found.length === 0, 'cleared by the rule being off');

    client.changeSettings({ rules: { 'floating-promise': 'hint' } });
    const hinted = await client.diagnosticsFor(uri, 1, (found) => found.length === 1, 'back as a hint');
    assert.equal(hinted[0]!.severity, DiagnosticSeverity.Hint);
  });

  it('logs a bad value by its key, uses the default, and keeps answering', async () => {
    client.changeSettings({ rules: { 'floating-promise': 'loud' }, maxFileSizeKB: -3 });
    const ruleLog = await client.waitForLog(/lockstep\.rules\.floating-promise: "loud"/);
    const sizeLog = await client.waitForLog(/lockstep\.maxFileSizeKB/);
    assert.match(ruleLog.message, /default/);
    assert.match(sizeLog.message, /default/);

    const restored = await client.diagnosticsFor(uri, 1, (found) => found[0]?.severity === DiagnosticSeverity.Error, 'back at the default severity');
    assert.equal(restored.length, 1);
    const actions = await client.codeActions(uri, restored[0]!.range, restored);
    assert.ok(actions.length > 0, 'the server still answers requests');
    assert.equal(client.hasExited, false);
  });
});

describe('settings pushed by a client without workspace/configuration', () => {
  let client: LspTestClient;
  const folder = tempFolder();
  const uri = folder.uri('pushed.ts');

  before(async () => {
    client = await LspTestClient.start({ withoutConfigurationCapability: true, settings: { rules: { 'floating-promise': 'information' } } });
  });
  after(async () => {
    await client.stop();
    folder.remove();
  });

  it('reads initializationOptions, then didChangeConfiguration', async () => {
    client.open(uri, FLOATING, 1);
    const initial = await client.diagnosticsFor(uri, 1, (found) => found.length === 1);
    assert.equal(initial[0]!.severity, DiagnosticSeverity.Information, 'the initializationOptions severity from the first publication on');

    client.changeSettings({ rules: { 'floating-promise': 'warning' } });
    await client.diagnosticsFor(uri, 1, (found) => found[0]?.severity === DiagnosticSeverity.Warning, 'as a warning');
  });
});

describe('a client that fails the server’s requests', () => {
  it('keeps the settings last read when a later request fails, instead of falling back to the defaults', async () => {
    const folder = tempFolder();
    const client = await LspTestClient.start({ settings: { rules: { 'floating-promise': 'warning' } } });
    try {
      const uri = folder.uri('kept.ts');
      client.open(uri, FLOATING, 1);
      await client.diagnosticsFor(uri, 1, (found) => found[0]?.severity === DiagnosticSeverity.Warning);
      client.failServerRequests = true;
      client.changeSettings({ rules: { 'floating-promise': 'hint' } });
      await client.waitForLog(/Settings: could not read them [\s\S]*this test client refuses[\s\S]*; keeping the settings last read/);
      client.change(uri, 2, `${FLOATING}\n`);
      const after = await client.diagnosticsFor(uri, 2, (found) => found.length === 1);
      assert.equal(after[0]!.severity, DiagnosticSeverity.Warning, 'the settings last read, not the defaults (error) nor the unread change (hint)');
    } finally {
      await client.stop();
      folder.remove();
    }
  });

  it('logs why the settings could not be read and analyses with the defaults', async () => {
    const folder = tempFolder();
    const client = await LspTestClient.start({ failServerRequests: true, settings: { rules: { 'floating-promise': 'off' } } });
    try {
      const uri = folder.uri('refused.ts');
      client.open(uri, FLOATING, 1);
      const diagnostics = await client.diagnosticsFor(uri, 1, (found) => found.length === 1);
      assert.equal(diagnostics[0]!.severity, DiagnosticSeverity.Error, 'the default severity');
      await client.waitForLog(/Could not register for settings changes/);
      await client.waitForLog(/Settings: could not read them .*this test client refuses/);
    } finally {
      await client.stop();
      folder.remove();
    }
  });
});
