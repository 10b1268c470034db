// A small LSP client for tests: spawns the bundled server (dist/server.js --stdio), speaks JSON-RPC over its
// stdio, answers the server's requests (workspace/configuration, client/registerCapability) and records what the
// server says, so tests can wait on conditions ("b.ts's diagnostics for version 3") instead of sleeping.
import { fork, spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  ErrorCodes,
  IPCMessageReader,
  ResponseError,
  IPCMessageWriter,
  StreamMessageReader,
  StreamMessageWriter,
  createMessageConnection,
  type MessageConnection,
} from 'vscode-jsonrpc/node';
import type {
  ClientCapabilities,
  CodeAction,
  ConfigurationParams,
  Diagnostic,
  InitializeResult,
  LogMessageParams,
  PublishDiagnosticsParams,
  Range,
  TextEdit,
} from 'vscode-languageserver';
import type { StatusParams } from '../../server/src/protocol';
export const SERVER_PATH = path.resolve(__dirname, '../../dist/server.js');
const DEFAULT_TIMEOUT_MS = 20_000;

export interface StartOptions {
  /** The client's `lockstep` settings, answered to workspace/configuration (or pushed, without that capability). */
  settings?: Record<string, unknown>;
  /** Pretend to be a client without workspace/configuration: settings travel in initializationOptions. */
  withoutConfigurationCapability?: boolean;
  /** Answer workspace/configuration and client/registerCapability with errors, as a broken client might. */
  failServerRequests?: boolean;
  /** stdio by default; node-ipc is how the VS Code client runs it. */
  transport?: 'stdio' | 'node-ipc';
  /** Extra environment variables for the server process (its test hooks: server/src/lsp/test-hooks.ts). */
  env?: Record<string, string>;
}

interface Waiter {
  check: () => boolean;
  resolve: () => void;
}

export class LspTestClient {
  /** The latest diagnostics per URI, and every publication in order. */
  readonly diagnostics = new Map<string, PublishDiagnosticsParams>();
  readonly published: PublishDiagnosticsParams[] = [];
  readonly logs: LogMessageParams[] = [];
  readonly statuses: StatusParams[] = [];
  settings: Record<string, unknown>;
  /** Answer the server's requests (workspace/configuration, client/registerCapability) with errors from now on. */
  failServerRequests = false;
  stderr = '';
  private readonly waiters = new Set<Waiter>();
  private exited: { code: number | null; signal: string | null } | undefined;

  private constructor(
    private readonly child: ChildProcess,
    readonly connection: MessageConnection,
    settings: Record<string, unknown>,
  ) {
    this.settings = settings;
  }

  static async start(options: StartOptions = {}): Promise<LspTestClient> {
    if (!fs.existsSync(SERVER_PATH)) throw new Error(`${SERVER_PATH} is missing: run \`npm run build\` first`);
    const env = { ...process.env, ...options.env };
    const { child, connection } = options.transport === 'node-ipc' ? startOverIpc(env) : startOverStdio(env);
    const client = new LspTestClient(child, connection, options.settings ?? {});
    client.failServerRequests = options.failServerRequests === true;
    client.listen();
    connection.listen();
    await client.initialize(options.withoutConfigurationCapability === true);
    return client;
  }

  /** Waits until `condition` holds (checked now and after every message from the server). */
  waitFor(condition: () => boolean, description: string, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<void> {
    if (condition()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        check: condition,
        resolve: () => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          resolve();
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${description}${this.context()}`));
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }

  /** Waits for diagnostics published for this exact document version that satisfy `accept`, and returns them. */
  async diagnosticsFor(uri: string, version: number, accept: (diagnostics: Diagnostic[]) => boolean = () => true, what = ''): Promise<Diagnostic[]> {
    await this.waitFor(() => {
      const published = this.diagnostics.get(uri);
      return published?.version === version && accept(published.diagnostics);
    }, `diagnostics for ${uri} version ${version} ${what}`.trim());
    return this.diagnostics.get(uri)!.diagnostics;
  }

  waitForLog(pattern: RegExp): Promise<LogMessageParams> {
    const find = () => this.logs.find((log) => pattern.test(log.message));
    return this.waitFor(() => find() !== undefined, `a log message matching ${pattern}`).then(() => find()!);
  }

  open(uri: string, text: string, version = 1, languageId = languageOf(uri)): void {
    void this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
  }

  /** Tells the server files changed on disk (as the client's file watchers do). */
  filesChanged(uris: string[]): void {
    void this.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: uris.map((uri) => ({ uri, type: 2 })) });
  }

  save(uri: string): void {
    void this.connection.sendNotification('textDocument/didSave', { textDocument: { uri } });
  }

  /** Replaces the whole text (the server asks for incremental sync, which allows whole-text changes). */
  change(uri: string, version: number, text: string): void {
    void this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
  }

  close(uri: string): void {
    void this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  /** Changes the settings and tells the server, which pulls them (or is given them, without the capability). */
  changeSettings(settings: Record<string, unknown>): void {
    this.settings = settings;
    void this.connection.sendNotification('workspace/didChangeConfiguration', { settings: { lockstep: settings } });
  }

  codeActions(uri: string, range: Range, diagnostics: Diagnostic[] = []): Promise<CodeAction[]> {
    return this.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics } });
  }

  /** shutdown + exit, then waits for the process to end. */
  async stop(): Promise<void> {
    if (this.exited) return;
    const ended = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    try {
      await withTimeout(this.connection.sendRequest('shutdown'), 5000, 'the shutdown answer');
      void this.connection.sendNotification('exit');
      await withTimeout(ended, 5000, 'the server to exit');
    } finally {
      this.connection.dispose();
      if (!this.exited) this.child.kill();
    }
  }

  get hasExited(): boolean {
    return this.exited !== undefined;
  }

  private async initialize(withoutConfiguration: boolean): Promise<void> {
    const capabilities: ClientCapabilities = {
      workspace: {
        configuration: !withoutConfiguration,
        didChangeConfiguration: { dynamicRegistration: !withoutConfiguration },
        didChangeWatchedFiles: { dynamicRegistration: true },
      },
      textDocument: { publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true } },
    };
    const result = await withTimeout(
      this.connection.sendRequest<InitializeResult>('initialize', {
        processId: process.pid,
        rootUri: null,
        capabilities,
        initializationOptions: withoutConfiguration ? { lockstep: this.settings } : undefined,
      }),
      DEFAULT_TIMEOUT_MS,
      `the initialize answer${this.context()}`,
    );
    if (!result.capabilities.codeActionProvider) throw new Error('the server does not offer code actions');
    void this.connection.sendNotification('initialized', {});
  }

  private listen(): void {
    const notify = () => {
      for (const waiter of [...this.waiters]) if (waiter.check()) waiter.resolve();
    };
    this.connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      this.diagnostics.set(params.uri, params);
      this.published.push(params);
      notify();
    });
    this.connection.onNotification('window/logMessage', (params: LogMessageParams) => {
      this.logs.push(params);
      notify();
    });
    this.connection.onNotification('lockstep/status', (params: StatusParams) => {
      this.statuses.push(params);
      notify();
    });
    const refuse = () => new ResponseError(ErrorCodes.InternalError, 'this test client refuses');
    this.connection.onRequest('workspace/configuration', (params: ConfigurationParams) =>
      this.failServerRequests ? refuse() : params.items.map((item) => (item.section === 'lockstep' ? this.settings : null)),
    );
    this.connection.onRequest('client/registerCapability', () => (this.failServerRequests ? refuse() : null));
    this.child.stderr!.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.child.on('exit', (code, signal) => {
      this.exited = { code, signal };
      notify();
    });
  }

  /** What the server said last, for timeout messages. */
  private context(): string {
    const lastLogs = this.logs.slice(-5).map((log) => `  log: ${log.message.slice(0, 300)}`);
    const exit = this.exited ? [`  server exited: ${JSON.stringify(this.exited)}`] : [];
    const stderr = this.stderr ? [`  stderr: ${this.stderr.slice(-1000)}`] : [];
    const lines = [...exit, ...lastLogs, ...stderr];
    return lines.length ? `\n${lines.join('\n')}` : '';
  }
}

function startOverStdio(env: NodeJS.ProcessEnv): { child: ChildProcess; connection: MessageConnection } {
  const child = spawn(process.execPath, [SERVER_PATH, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], env });
  return { child, connection: createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!)) };
}

function startOverIpc(env: NodeJS.ProcessEnv): { child: ChildProcess; connection: MessageConnection } {
  const child = fork(SERVER_PATH, ['--node-ipc'], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'], execArgv: [], env });
  return { child, connection: createMessageConnection(new IPCMessageReader(child), new IPCMessageWriter(child)) };
}

export async function withTimeout<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`)), timeoutMs);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function languageOf(uri: string): string {
  if (/\.[cm]?jsx?$/.test(uri)) return uri.endsWith('x') ? 'javascriptreact' : 'javascript';
  return uri.endsWith('x') ? 'typescriptreact' : 'typescript';
}

/** A fresh folder under the OS temp dir (no tsconfig.json above it), removed by the returned cleanup. */
export function tempFolder(prefix = 'lockstep-lsp-'): { dir: string; uri: (name: string) => string; write: (name: string, content: string | Buffer) => string; remove: () => void } {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
  return {
    dir,
    uri: (name) => pathToFileURL(path.join(dir, name)).href,
    write: (name, content) => {
      const file = path.join(dir, name);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, content);
      return file;
    },
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

/** Applies LSP text edits to a text (edits do not overlap; applied from the last to the first). */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const offsets = lineOffsets(text);
  const offsetOf = (position: { line: number; character: number }) => offsets[position.line]! + position.character;
  const sorted = [...edits].sort((a, b) => offsetOf(b.range.start) - offsetOf(a.range.start));
  let result = text;
  for (const edit of sorted) result = result.slice(0, offsetOf(edit.range.start)) + edit.newText + result.slice(offsetOf(edit.range.end));
  return result;
}

function lineOffsets(text: string): number[] {
  const offsets = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') offsets.push(i + 1);
  return offsets;
}

/** The range of the `occurrence`-th (0-based) appearance of `snippet` in `text`; throws if it is not there. */
export function rangeOfSnippet(text: string, snippet: string, occurrence = 0): Range {
  let start = -1;
  for (let i = 0; i <= occurrence; i++) {
    start = text.indexOf(snippet, start + 1);
    if (start < 0) throw new Error(`"${snippet}" (occurrence ${occurrence}) is not in the test text`);
  }
  return { start: positionAt(text, start), end: positionAt(text, start + snippet.length) };
}

function positionAt(text: string, offset: number): { line: number; character: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}
