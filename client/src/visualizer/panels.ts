// The visualizer panel: one webview per document, showing that document's concurrency model. It posts the model
// when the page is ready and again when the document changes (debounced), passes on a "Show this deadlock" request
// after the model, and reveals the lines the page asks for.
import * as crypto from 'node:crypto';
import * as vscode from 'vscode';
import type { SourceRange } from '../../../model/schema';
import type { DeadlockTarget } from '../../../server/src/protocol';
import { nonceFrom, visualizerHtml } from './html';
import { isPageMessage, type HostMessage, type PageMessage } from './messages';
import { modelMessageFor, type ModelRequester } from './modelSource';
import { revealRefusal } from './reveal';

const REFRESH_DELAY_MS = 400;

export class VisualizerPanels implements vscode.Disposable {
  private readonly panels = new Map<string, VisualizerPanel>();

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly server: () => ModelRequester | undefined,
  ) {}

  /** Opens (or brings forward) the panel for a document; with a target, the page searches for that deadlock. */
  show(document: vscode.TextDocument, target?: DeadlockTarget): void {
    const key = document.uri.toString();
    let panel = this.panels.get(key);
    if (panel) panel.reveal();
    else this.panels.set(key, (panel = new VisualizerPanel(document, this.extensionUri, this.server, () => this.panels.delete(key))));
    if (target) panel.showDeadlock(target);
  }

  dispose(): void {
    for (const panel of [...this.panels.values()]) panel.dispose();
  }
}

class VisualizerPanel {
  private readonly panel: vscode.WebviewPanel;
  private readonly subscriptions: vscode.Disposable[] = [];
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;
  /** The page has said it listens: messages posted before that are lost. */
  private ready = false;
  /** A deadlock to show, posted right after the next model. */
  private pendingTarget: DeadlockTarget | undefined;

  constructor(
    private readonly document: vscode.TextDocument,
    extensionUri: vscode.Uri,
    private readonly server: () => ModelRequester | undefined,
    private readonly onDisposed: () => void,
  ) {
    const localResourceRoots = [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')];
    this.panel = vscode.window.createWebviewPanel('lockstep.visualizer', `Visualize ${document.uri.path.split('/').pop()}`, vscode.ViewColumn.Beside, {
      enableScripts: true,
      localResourceRoots,
      retainContextWhenHidden: true,
    });
    const webview = this.panel.webview;
    webview.html = visualizerHtml({
      cspSource: webview.cspSource,
      nonce: nonceFrom(crypto.randomBytes(16)),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'visualizer.css')).toString(),
    });
    this.subscriptions.push(
      webview.onDidReceiveMessage((message: unknown) => isPageMessage(message) && this.onPageMessage(message)),
      vscode.workspace.onDidChangeTextDocument((event) => event.document === document && this.scheduleRefresh()),
      this.panel.onDidDispose(() => this.dispose()),
    );
  }

  reveal(): void {
    this.panel.reveal();
  }

  /** The model is fetched again first (the finding is of the current text), then the page is asked to search. */
  showDeadlock(target: DeadlockTarget): void {
    this.pendingTarget = target;
    if (this.ready) void this.postModel();
  }

  private onPageMessage(message: PageMessage): void {
    if (message.type === 'ready') {
      this.ready = true;
      void this.postModel();
    } else if (message.type === 'reveal') void this.openStepSource(message.range);
    else void this.saveTrace(message.trace);
  }

  /** Writes the page's trace where the user chooses (next to the document by default). */
  private async saveTrace(trace: string): Promise<void> {
    const base = this.document.uri.path.split('/').pop()?.replace(/\.[^.]*$/, '') || 'lockstep';
    const target = await vscode.window.showSaveDialog({
      defaultUri: vscode.Uri.joinPath(this.document.uri, '..', `${base}.trace.json`),
      filters: { 'Chrome trace-event JSON': ['json'] },
      title: 'Export the run as a Chrome trace',
    });
    if (!target) return;
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(trace));
    void vscode.window.showInformationMessage(`Lockstep: saved the trace to ${vscode.workspace.asRelativePath(target)}. Open it in Perfetto (ui.perfetto.dev) or chrome://tracing.`);
  }

  /** Opens a step's source, if it is the panel's own document or in the workspace; else the page says why not. */
  private async openStepSource(range: SourceRange): Promise<void> {
    const target = resolveUri(range.uri, this.document.uri);
    const folders = (vscode.workspace.workspaceFolders ?? []).map((folder) => folder.uri.toString());
    const refusal = revealRefusal(target.toString(), this.document.uri.toString(), folders);
    if (refusal) {
      await this.panel.webview.postMessage({ type: 'notice', message: refusal } satisfies HostMessage);
      return;
    }
    const document = await vscode.workspace.openTextDocument(target);
    const selection = new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
    // The panel keeps the keyboard: stepping on with ←/→ or playing moves the editor along without leaving the page.
    await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.One, selection, preserveFocus: true });
  }

  private scheduleRefresh(): void {
    clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => void this.postModel(), REFRESH_DELAY_MS);
  }

  private async postModel(): Promise<void> {
    const message = await modelMessageFor(this.document, this.server());
    await this.panel.webview.postMessage(message);
    const target = this.pendingTarget;
    this.pendingTarget = undefined;
    if (target && message.type === 'model') await this.panel.webview.postMessage({ type: 'showDeadlock', target } satisfies HostMessage);
  }

  dispose(): void {
    clearTimeout(this.refreshTimer);
    this.subscriptions.forEach((subscription) => subscription.dispose());
    this.subscriptions.length = 0;
    this.onDisposed();
    this.panel.dispose();
  }
}

/** Hand-written model files may name their source relative to themselves (`../src/bank.ts`). */
function resolveUri(uri: string, modelDocument: vscode.Uri): vscode.Uri {
  return /^[a-z][a-z0-9+.-]+:/i.test(uri) ? vscode.Uri.parse(uri) : vscode.Uri.joinPath(modelDocument, '..', uri);
}
