// One configuration for editor and CLI: the language server and `lockstep check` read the same
// lockstep.config.json and agree finding for finding; a bad key is named (server log, CLI exit 2) while the good
// keys still apply; the server re-reads the file when it changes on disk; explicitly set editor values override
// the file, and unset (null) ones do not.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import type { JsonReport } from '../../server/src/cli/format-json';
import { runCli } from '../cli/run-cli';
import { LspTestClient, tempFolder } from './lspClient';

const APP = `async function save(name: string): Promise<void> {
  void name;
}

export function main(names: string[]): void {
  save('dropped');
  names.forEach(async (name) => save(name));
  // lockstep-ignore-next-line floating-promise
  save('suppressed');
  // lockstep-ignore-next-line misused-promise
  void names;
}
`;
const GENERATED = `async function load(): Promise<void> {}\nload();\n`;
const CONFIG = {
  rules: { 'floating-promise': 'warning', 'misused-promise': 'error', 'unused-suppression': 'information' },
  ignore: ['src/generated'],
};

const SEVERITY_NAMES: Record<number, string> = {
  [DiagnosticSeverity.Error]: 'error',
  [DiagnosticSeverity.Warning]: 'warning',
  [DiagnosticSeverity.Information]: 'information',
  [DiagnosticSeverity.Hint]: 'hint',
};

/** `line:column rule severity`, 1-based like the CLI's JSON. */
function fromDiagnostics(diagnostics: Diagnostic[]): string[] {
  return diagnostics.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${String(d.code)} ${SEVERITY_NAMES[d.severity!]}`).sort();
}

function fromCli(report: JsonReport, file: string): string[] {
  return report.findings.filter((f) => f.file === file).map((f) => `${f.start.line}:${f.start.column} ${f.rule} ${f.severity}`).sort();
}

function writeProject(folder: ReturnType<typeof tempFolder>, config: unknown): void {
  folder.write('tsconfig.json', JSON.stringify({ compilerOptions: { strict: true, target: 'ES2022', lib: ['ES2023'], types: [] }, include: ['src'] }));
  folder.write('lockstep.config.json', typeof config === 'string' ? config : JSON.stringify(config));
  folder.write('src/app.ts', APP);
  folder.write('src/generated/api.ts', GENERATED);
}

describe('the server and the CLI read the same lockstep.config.json', () => {
  const folder = tempFolder('lockstep-config-');
  let client: LspTestClient;
  before(async () => {
    writeProject(folder, CONFIG);
    client = await LspTestClient.start({ settings: {} });
  });
  after(async () => {
    await client.stop();
    folder.remove();
  });

  it('and agree on every finding and severity, ignored files included', async () => {
    const app = folder.uri('src/app.ts');
    const generated = folder.uri('src/generated/api.ts');
    client.open(app, APP, 1);
    client.open(generated, GENERATED, 1);
    const lsp = fromDiagnostics(await client.diagnosticsFor(app, 1, (found) => found.length > 0));
    assert.deepEqual(await client.diagnosticsFor(generated, 1), [], 'the ignored file has no diagnostics');
    await client.waitForLog(/Configuration: using .*lockstep\.config\.json/);

    const run = runCli(['check', '--format', 'json'], folder.dir);
    assert.equal(run.code, 1, `misused-promise is an error here: ${run.stderr}`);
    const cli = fromCli(JSON.parse(run.stdout) as JsonReport, 'src/app.ts');
    assert.deepEqual(lsp, ['10:3 unused-suppression information', '6:3 floating-promise warning', '7:17 misused-promise error']);
    assert.deepEqual(cli, lsp);
    assert.equal((JSON.parse(run.stdout) as JsonReport).summary.filesChecked, 1, 'the ignored file is left out');
  });

  it('re-applies the file when it changes on disk', async () => {
    const app = folder.uri('src/app.ts');
    fs.writeFileSync(path.join(folder.dir, 'lockstep.config.json'), JSON.stringify({ rules: { 'floating-promise': 'hint', 'misused-promise': 'off' } }));
    client.filesChanged([folder.uri('lockstep.config.json')]);
    const found = await client.diagnosticsFor(app, 1, (d) => d.length === 1 && d[0]!.severity === DiagnosticSeverity.Hint, 'with the new severities');
    assert.equal(found[0]!.code, 'floating-promise');
  });

  it('lets explicitly set editor values override the file, and null ones not', async () => {
    const app = folder.uri('src/app.ts');
    client.changeSettings({ rules: { 'floating-promise': 'error', 'misused-promise': null }, ignore: null });
    const found = await client.diagnosticsFor(app, 1, (d) => d.length === 1 && d[0]!.severity === DiagnosticSeverity.Error, 'floating-promise as an error, misused-promise still off');
    assert.equal(found[0]!.code, 'floating-promise');
  });
});

describe('a bad key in lockstep.config.json', () => {
  const folder = tempFolder('lockstep-config-bad-');
  const config = { rules: { 'floating-promise': 'warning', 'misused-promise': 'sometimes' } };
  const configFile = () => path.join(folder.dir, 'lockstep.config.json');
  before(() => writeProject(folder, config));
  after(() => folder.remove());

  it('is named in the server log with its file; the server keeps the good keys and runs on', async () => {
    const client = await LspTestClient.start({ settings: {} });
    try {
      const app = folder.uri('src/app.ts');
      client.open(app, APP, 1);
      const found = await client.diagnosticsFor(app, 1, (d) => d.length > 0);
      const log = await client.waitForLog(/rules\.misused-promise/);
      assert.equal(log.message, `Configuration: ${configFile()}: rules.misused-promise: "sometimes" is not one of off | hint | information | warning | error; ignored (the default applies)`);
      assert.deepEqual(fromDiagnostics(found), ['6:3 floating-promise warning', '7:17 misused-promise warning'], 'floating-promise from the file, misused-promise at its default');
      assert.equal(client.hasExited, false);
    } finally {
      await client.stop();
    }
  });

  it('makes the CLI exit 2 with one line naming the file and the key', () => {
    const run = runCli(['check'], folder.dir);
    assert.equal(run.code, 2, run.stdout);
    assert.equal(run.stdout, '');
    assert.equal(run.stderr, `lockstep: ${configFile()}: rules.misused-promise: "sometimes" is not one of off | hint | information | warning | error\n`);
  });
});
