// Loads the built extension (dist/client.js) with a fake `vscode` module and drives it for real: the bundled
// vscode-languageclient forks a real server process over IPC. It checks what a manifest/handler drift or a
// wiring mistake would break — the commands package.json declares are registered, the status bar item follows
// the server, a crashing server is restarted a bounded number of times and the user is then offered a restart.
// The fake implements what the extension and the client library call; anything else resolves to an inert stub.
// A real VS Code run is the e2e suite's job.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import Module, { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, it } from 'node:test';
import { watchedFileGlobs } from '../../client/src/documents';

const root = path.resolve(import.meta.dirname, '../..');
const builtClient = path.join(root, 'dist/client.js');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const declaredCommands: string[] = manifest.contributes.commands.map((command: { command: string }) => command.command);
const vscodeEngine: string = manifest.engines.vscode.replace(/^\^/, '');

// ---- the fake vscode module -------------------------------------------------------------------------------

type Listener<T> = (value: T) => unknown;

class EventEmitter<T> {
  private listeners = new Set<Listener<T>>();
  readonly event = (listener: Listener<T>) => {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  };
  fire(value: T): void {
    for (const listener of [...this.listeners]) listener(value);
  }
  dispose(): void {
    this.listeners.clear();
  }
}

class Disposable {
  static from(...disposables: { dispose(): unknown }[]) {
    return new Disposable(() => disposables.forEach((disposable) => disposable.dispose()));
  }
  constructor(private readonly onDispose: () => unknown) {}
  dispose(): void {
    this.onDispose();
  }
}

class ThemeColor {
  constructor(readonly id: string) {}
}

class Range {
  constructor(readonly startLine: number, readonly startCharacter: number, readonly endLine: number, readonly endCharacter: number) {}
}

class CodeLens {
  constructor(readonly range: Range, readonly command: { title: string; command: string; arguments?: unknown[] }) {}
}

interface FakeCodeLensProvider {
  provideCodeLenses(document: unknown): Promise<CodeLens[]>;
  onDidChangeCodeLenses?: (listener: () => void) => unknown;
}

/** An inert stand-in for any API the test does not care about: callable, constructible, every property a stub. */
function stub(name: string): any {
  const target = function () {};
  return new Proxy(target, {
    get(self, property) {
      if (property === 'then') return undefined; // not a promise
      if (property === Symbol.iterator) return function* () {};
      if (property === Symbol.toPrimitive) return () => `[stub ${name}]`;
      if (property === 'dispose') return () => undefined;
      if (Reflect.has(self, property)) return Reflect.get(self, property);
      return stub(`${name}.${String(property)}`);
    },
    apply: () => stub(`${name}()`),
    construct: () => stub(`new ${name}`),
  });
}

/** `explicit` with a stub for every other property. */
function withStubs<T extends object>(name: string, explicit: T): T {
  return new Proxy(explicit, {
    get: (self, property) =>
      Reflect.has(self, property) ? Reflect.get(self, property) : stub(`${name}.${String(property)}`),
  });
}

interface FakeStatusBarItem {
  id: string;
  text: string;
  /** Every text the item has shown, in order. */
  texts: string[];
  tooltip: string;
  command?: string;
  backgroundColor?: ThemeColor;
  visible: boolean;
}

function fakeVscode() {
  const commands = new Map<string, (...args: unknown[]) => unknown>();
  const infoMessages: string[] = [];
  const codeLensSelectors: unknown[] = [];
  const codeLensProviders: FakeCodeLensProvider[] = [];
  const webviews: FakeWebview[] = [];
  let activeTextEditor: { document: unknown } | undefined;
  const statusBarItems: FakeStatusBarItem[] = [];
  const errorMessages: { message: string; items: string[] }[] = [];
  const logLines: string[] = [];
  const watchedGlobs: string[] = [];
  /** What the user picks on the next error message (then nothing). */
  const errorMessageAnswers: (string | undefined)[] = [];

  const log = (level: string) => (message: string, ...rest: unknown[]) => logLines.push(`[${level}] ${message} ${rest.join(' ')}`);
  const outputChannel = withStubs('outputChannel', {
    name: 'Lockstep',
    logLevel: 2, // Info
    onDidChangeLogLevel: new EventEmitter<number>().event,
    trace: log('trace'),
    debug: log('debug'),
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
    append: log('append'),
    appendLine: log('line'),
    shown: 0,
    show() {
      this.shown++;
    },
    dispose() {},
  });

  const taskProviders = new Map<string, unknown>();
  /** `lockstep.*` values the test sets; the rest read as their defaults. */
  const settings = new Map<string, unknown>();
  const configurationChanged = new EventEmitter<{ affectsConfiguration(section: string): boolean }>();
  const configuration = withStubs('configuration', {
    get: (key: string, defaultValue?: unknown) => (settings.has(key) ? settings.get(key) : defaultValue),
    has: () => false,
  });

  const vscode = withStubs('vscode', {
    version: vscodeEngine,
    EventEmitter,
    Disposable,
    ThemeColor,
    Range,
    CodeLens,
    StatusBarAlignment: { Left: 1, Right: 2 },
    LogLevel: { Off: 0, Trace: 1, Debug: 2, Info: 3, Warning: 4, Error: 5 },
    env: withStubs('env', { appName: 'Fake Code', language: 'en' }),
    commands: withStubs('commands', {
      registerCommand(id: string, handler: (...args: unknown[]) => unknown) {
        assert.ok(!commands.has(id), `${id} registered twice`);
        commands.set(id, handler);
        return { dispose: () => commands.delete(id) };
      },
      executeCommand: async (id: string, ...args: unknown[]) => commands.get(id)?.(...args),
    }),
    window: withStubs('window', {
      createOutputChannel: (name: string, options?: { log?: boolean }) => {
        assert.deepEqual([name, options], ['Lockstep', { log: true }]);
        return outputChannel;
      },
      createStatusBarItem(id: string) {
        const texts: string[] = [];
        const item: FakeStatusBarItem = {
          id,
          texts,
          get text() {
            return texts.at(-1) ?? '';
          },
          set text(text: string) {
            texts.push(text);
          },
          tooltip: '',
          visible: false,
          show() {
            this.visible = true;
          },
          dispose() {
            this.visible = false;
          },
        } as FakeStatusBarItem;
        statusBarItems.push(item);
        return item;
      },
      showErrorMessage: async (message: string, ...items: string[]) => {
        errorMessages.push({ message, items });
        return errorMessageAnswers.shift();
      },
      showWarningMessage: async () => undefined,
      showInformationMessage: async (message: string) => void infoMessages.push(message),
      tabGroups: withStubs('tabGroups', { all: [], onDidChangeTabs: new EventEmitter().event }),
      visibleTextEditors: [],
      get activeTextEditor() {
        return activeTextEditor;
      },
      createWebviewPanel(viewType: string, title: string) {
        const webview = fakeWebview(viewType, title);
        webviews.push(webview);
        return webview.panel;
      },
    }),
    languages: withStubs('languages', {
      onDidChangeDiagnostics: new EventEmitter<unknown>().event,
      getDiagnostics: () => [],
      registerCodeLensProvider(selector: unknown, provider: FakeCodeLensProvider) {
        codeLensSelectors.push(selector);
        codeLensProviders.push(provider);
        return { dispose() {} };
      },
    }),
    tasks: withStubs('tasks', {
      registerTaskProvider(type: string, provider: unknown) {
        taskProviders.set(type, provider);
        return { dispose: () => taskProviders.delete(type) };
      },
    }),
    ViewColumn: { One: 1, Beside: -2 },
    Uri: { joinPath: (base: FakeUri, ...parts: string[]) => fakeUri(path.join(base.path, ...parts)), parse: (uri: string) => fakeUri(new URL(uri).pathname) },
    workspace: withStubs('workspace', {
      workspaceFolders: undefined,
      textDocuments: [],
      notebookDocuments: [],
      getConfiguration: () => configuration,
      onDidChangeConfiguration: configurationChanged.event,
      onDidChangeTextDocument: () => ({ dispose() {} }),
      openTextDocument: async (uri: FakeUri) => ({ uri, getText: () => fs.readFileSync(uri.path, 'utf8') }),
      createFileSystemWatcher(glob: string) {
        watchedGlobs.push(glob);
        return withStubs('watcher', {
          onDidCreate: new EventEmitter().event,
          onDidChange: new EventEmitter().event,
          onDidDelete: new EventEmitter().event,
          dispose() {},
        });
      },
    }),
  });

  const openEditor = (document: unknown) => (activeTextEditor = { document });
  /** Sets a `lockstep.*` value and tells the extension, as VS Code does. */
  const changeSetting = (key: string, value: unknown) => {
    settings.set(key, value);
    configurationChanged.fire({ affectsConfiguration: (section) => `lockstep.${key}`.startsWith(section) });
  };
  return { vscode, commands, infoMessages, codeLensSelectors, codeLensProviders, webviews, openEditor, statusBarItems, errorMessages, errorMessageAnswers, logLines, watchedGlobs, outputChannel, changeSetting, taskProviders };
}

interface FakeUri {
  path: string;
  toString(): string;
}
const fakeUri = (file: string): FakeUri => ({ path: file, toString: () => `file://${file}` });

interface FakeWebview {
  viewType: string;
  title: string;
  panel: unknown;
  html: () => string;
  posted: unknown[];
  /** Delivers a message from the page to the host. */
  receive(message: unknown): void;
}

function fakeWebview(viewType: string, title: string): FakeWebview {
  const received = new EventEmitter<unknown>();
  const posted: unknown[] = [];
  const webview = {
    html: '',
    cspSource: 'https://fake.vscode-cdn.net',
    asWebviewUri: (uri: FakeUri) => `https://fake.vscode-cdn.net${uri.path}`,
    onDidReceiveMessage: received.event,
    postMessage: async (message: unknown) => posted.push(message),
  };
  const panel = { webview, reveal() {}, onDidDispose: new EventEmitter<void>().event, dispose() {} };
  return { viewType, title, panel, html: () => webview.html, posted, receive: (message) => received.fire(message) };
}

// ---- loading the built extension against the fake -----------------------------------------------------------

interface Extension {
  activate(context: unknown): void;
  deactivate(): Promise<void>;
}

const fakeVscodePath = path.join(root, 'node_modules', '.fake-vscode', 'index.js');
type ResolveFilename = (request: string, ...rest: unknown[]) => string;
const moduleInternals = Module as unknown as { _resolveFilename: ResolveFilename };
const realResolveFilename = moduleInternals._resolveFilename;
moduleInternals._resolveFilename = function (request, ...rest) {
  return request === 'vscode' ? fakeVscodePath : realResolveFilename.call(this, request, ...rest);
};

const require = createRequire(import.meta.url);

/** A fresh copy of dist/client.js (its module state included) bound to a fresh fake vscode. */
function loadExtension(fake: ReturnType<typeof fakeVscode>): Extension {
  assert.ok(fs.existsSync(builtClient), 'dist/client.js is missing: run `npm run build` first');
  const fakeModule = new Module(fakeVscodePath);
  fakeModule.exports = fake.vscode;
  fakeModule.loaded = true;
  require.cache[fakeVscodePath] = fakeModule;
  delete require.cache[builtClient];
  return require(builtClient);
}

function fakeContext(serverModule: string) {
  return {
    subscriptions: [] as { dispose(): unknown }[],
    extensionPath: root,
    extensionUri: fakeUri(root),
    asAbsolutePath: (relative: string) => (relative === 'dist/server.js' ? serverModule : path.join(root, relative)),
  };
}

async function waitFor(what: string, condition: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const languageServerModule = require.resolve('vscode-languageserver/node');

/**
 * A server that dies, counting its starts in a file: at once (before it answers `initialize`), or once it is
 * up and running — the crash the restart policy is for.
 */
function crashingServer(when: 'atStart' | 'whenRunning'): { module: string; starts: () => number } {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'lockstep-crash-'));
  const counter = path.join(directory, 'starts');
  const module = path.join(directory, 'server.js');
  const countStart = `require('fs').appendFileSync(${JSON.stringify(counter)}, 'x');`;
  const crashAtStart = 'process.exit(3);';
  const crashWhenRunning = `
    const { createConnection } = require(${JSON.stringify(languageServerModule)});
    const connection = createConnection();
    connection.onInitialize(() => ({ capabilities: {} }));
    connection.onInitialized(() => setTimeout(() => process.exit(3), 20));
    connection.listen();`;
  fs.writeFileSync(module, `${countStart}\n${when === 'atStart' ? crashAtStart : crashWhenRunning}\n`);
  return { module, starts: () => (fs.existsSync(counter) ? fs.readFileSync(counter, 'utf8').length : 0) };
}

// ---- the tests ----------------------------------------------------------------------------------------------

describe('built extension with a fake vscode', () => {
  let active: { extension: Extension; context: ReturnType<typeof fakeContext> } | undefined;

  afterEach(async () => {
    await active?.extension.deactivate();
    active?.context.subscriptions.forEach((subscription) => subscription.dispose());
    active = undefined;
  });

  function activate(fake: ReturnType<typeof fakeVscode>, serverModule: string) {
    const extension = loadExtension(fake);
    const context = fakeContext(serverModule);
    extension.activate(context);
    active = { extension, context };
    return active;
  }

  it('registers every command package.json declares, and the status bar item opens the output', async () => {
    const fake = fakeVscode();
    activate(fake, path.join(root, 'dist/server.js'));
    assert.deepEqual([...fake.commands.keys()].sort(), [...declaredCommands].sort());
    assert.equal(fake.statusBarItems.length, 1);
    const [item] = fake.statusBarItems;
    assert.equal(item!.visible, true);
    assert.ok(declaredCommands.includes(item!.command!), `status bar command ${item!.command} is declared`);
    await fake.commands.get(item!.command!)!();
    assert.equal(fake.outputChannel.shown, 1);
    assert.deepEqual(fake.watchedGlobs, [...watchedFileGlobs]);
    assert.deepEqual([...fake.taskProviders.keys()], [manifest.contributes.taskDefinitions[0].type], 'the task type package.json defines has a provider');
  });

  it('opens the visualizer for a model file with a nonce CSP, posts the model when the page is ready, and says so when no editor is open', async () => {
    const fake = fakeVscode();
    activate(fake, path.join(root, 'dist/server.js'));
    assert.equal(fake.codeLensSelectors.length, 1, 'the Visualize CodeLens is registered');
    await fake.commands.get('lockstep.openVisualizer')!();
    assert.match(fake.infoMessages[0] ?? '', /Open a TypeScript or JavaScript file/);

    const model = { version: 1, uri: 'x.ts', locks: [], tasks: [] };
    fake.openEditor({ uri: fakeUri('/work/two.model.json'), getText: () => JSON.stringify(model) });
    await fake.commands.get('lockstep.openVisualizer')!();
    const [webview] = fake.webviews;
    assert.equal(webview!.title, 'Visualize two.model.json');
    const nonce = /script-src 'nonce-([^']+)'/.exec(webview!.html())?.[1];
    assert.ok(nonce && nonce.length >= 22, 'a fresh nonce');
    assert.ok(webview!.html().includes(`<script nonce="${nonce}" src="https://fake.vscode-cdn.net${root}/dist/webview.js">`));
    assert.match(webview!.html(), /default-src 'none'; script-src 'nonce-[^']+'; worker-src blob:; style-src https:\/\/fake\.vscode-cdn\.net; img-src https:\/\/fake\.vscode-cdn\.net data:/);
    webview!.receive({ type: 'ready' });
    await waitFor('the model to be posted', () => webview!.posted.length === 1);
    assert.deepEqual(webview!.posted, [{ type: 'model', title: 'two.model.json', model }]);
  });

  it('"Show this deadlock" opens the document’s panel and asks the page to search after each fresh model', async () => {
    const fake = fakeVscode();
    activate(fake, path.join(root, 'dist/server.js'));
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'lockstep-show-'));
    const model = { version: 1, uri: 'x.ts', locks: [], tasks: [] };
    fs.writeFileSync(path.join(folder, 'two.model.json'), JSON.stringify(model));
    const target = { uri: `file://${folder}/two.model.json`, rule: 'lock-order', locks: [{ label: 'a' }, { label: 'b' }] };
    await fake.commands.get('lockstep.showDeadlock')!(target);
    const [webview] = fake.webviews;
    assert.equal(webview!.title, 'Visualize two.model.json');
    webview!.receive({ type: 'ready' });
    const expected = [{ type: 'model', title: 'two.model.json', model }, { type: 'showDeadlock', target }];
    await waitFor('the model, then the request', () => webview!.posted.length === 2);
    assert.deepEqual(webview!.posted, expected);
    await fake.commands.get('lockstep.showDeadlock')!(target);
    await waitFor('both again, in the same panel', () => webview!.posted.length === 4);
    assert.deepEqual(webview!.posted.slice(2), expected);
    assert.equal(fake.webviews.length, 1);
    await fake.commands.get('lockstep.showDeadlock')!();
    assert.match(fake.infoMessages.at(-1) ?? '', /runs from a lock-order or lock-reentry finding/);
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('puts a Visualize lens above each entry point the server models that takes a lock, none above others or spawn-only templates', async () => {
    const fake = fakeVscode();
    activate(fake, path.join(root, 'dist/server.js'));
    const [item] = fake.statusBarItems;
    await waitFor('the server to be idle', () => item!.text === '$(check) Lockstep');
    const file = path.join(root, 'examples/src/lock-order.ts');
    const document = { uri: fakeUri(file), getText: () => fs.readFileSync(file, 'utf8') };
    const lenses = await fake.codeLensProviders[0]!.provideCodeLenses(document);
    assert.deepEqual(lenses.map((lens) => [lens.range.startLine, lens.command.title, lens.command.command]), [
      [11, 'Visualize', 'lockstep.openVisualizer'],
      [28, 'Visualize', 'lockstep.openVisualizer'],
      [45, 'Visualize', 'lockstep.openVisualizer'],
    ]);
    assert.deepEqual(lenses[0]!.command.arguments, [document.uri]);

    const correct = path.join(root, 'examples/src/correct.ts');
    const correctLenses = await fake.codeLensProviders[0]!.provideCodeLenses({ uri: fakeUri(correct), getText: () => fs.readFileSync(correct, 'utf8') });
    // moveDraft and countDrafts take locks; renameNote, saveAllAtOnce, … only await promises, and saveNote is spawned from store.ts.
    assert.deepEqual(correctLenses.map((lens) => lens.range.startLine), [65, 79]);

    let refreshed = 0;
    fake.codeLensProviders[0]!.onDidChangeCodeLenses!(() => refreshed++);
    fake.changeSetting('codeLens.enabled', false);
    assert.equal(refreshed, 1, 'turning the setting off asks VS Code for the lenses again');
    assert.deepEqual(await fake.codeLensProviders[0]!.provideCodeLenses(document), [], 'lockstep.codeLens.enabled: false');
  });

  it('starts the bundled server, goes idle, and restarts it by hand', async () => {
    const fake = fakeVscode();
    activate(fake, path.join(root, 'dist/server.js'));
    const [item] = fake.statusBarItems;
    await waitFor('the server to be idle', () => item!.text === '$(check) Lockstep');
    assert.equal(item!.texts.find((text) => text !== '$(circle-slash) Lockstep'), '$(sync~spin) Lockstep', 'spins while starting');
    item!.texts.length = 0;
    await fake.commands.get('lockstep.restartServer')!();
    await waitFor('the server to be idle again', () => item!.text === '$(check) Lockstep');
    assert.ok(item!.texts.includes('$(sync~spin) Lockstep'), `spins while restarting: ${item!.texts.join(', ')}`);
    assert.equal(item!.backgroundColor, undefined);
    assert.deepEqual(fake.errorMessages, []);
    assert.ok(fake.logLines.some((line) => line.includes('Restarting the Lockstep server')), fake.logLines.join('\n'));
  });

  it('restarts a crashing server five times, then shows an error with a Restart action that works', async () => {
    const fake = fakeVscode();
    const server = crashingServer('whenRunning');
    fake.errorMessageAnswers.push('Restart'); // the user clicks Restart on the first give-up, then ignores it
    activate(fake, server.module);
    const [item] = fake.statusBarItems;

    await waitFor('the second give-up', () => fake.errorMessages.length === 2);
    // 1 start + 5 restarts, then the user's Restart: again 1 start + 5 restarts.
    await waitFor('twelve starts', () => server.starts() >= 12);
    for (const { message, items } of fake.errorMessages) {
      assert.match(message, /crashed 6 times in the last 3 minutes/);
      assert.deepEqual(items, ['Restart', 'Show Output']);
    }
    await waitFor('the error status', () => item!.text === '$(error) Lockstep');
    assert.match(item!.tooltip, /crashed 6 times/);
    assert.deepEqual(item!.backgroundColor, new ThemeColor('statusBarItem.errorBackground'));
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(server.starts(), 12, 'no start after giving up');
  });

  // vscode-languageclient does not restart a server that dies before it answers `initialize`: the start fails.
  it('shows an error when the server dies before it is initialized', async () => {
    const fake = fakeVscode();
    const server = crashingServer('atStart');
    activate(fake, server.module);
    const [item] = fake.statusBarItems;
    await waitFor('the error status', () => item!.text === '$(error) Lockstep');
    assert.match(item!.tooltip, /failed to start/);
    assert.ok(fake.logLines.some((line) => line.includes('Server process exited with code 3')), fake.logLines.join('\n'));
  });
});
