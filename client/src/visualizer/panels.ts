// The visualizer panel: one webview per document, showing that document's concurrency model. It posts the model
// when the page is ready and again when the document changes (debounced), and reveals the lines the page asks for.
import * as crypto from 'node:crypto';
import * as vscode from 'vscode';
import type { SourceRange } from '../../../model/schema';
import { nonceFrom, visualizerHtml } from './html';
import { isPageMessage, type PageMessage } from './messages';
import { modelMessageFor, type ModelRequester } from './modelSource';

const REFRESH_DELAY_MS = 400;

export class VisualizerPanels implements vscode.Disposable {
  private readonly panels = new Map<string, VisualizerPanel>();

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly server: () => ModelRequester | undefined,
  ) {}

  /** Opens (or brings forward) the panel for a document. */
  show(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    const existing = this.panels.get(key);
    if (existing) return existing.reveal();
    const panel = new VisualizerPanel(document, this.extensionUri, this.server, () => this.panels.delete(key));
    this.panels.set(key, panel);
  }

  dispose(): void {
    for (const panel of [...this.panels.values()]) panel.dispose();
  }
}

class VisualizerPanel {
  private readonly panel: vscode.WebviewPanel;
  private readonly subscriptions: vscode.Disposable[] = [];
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;

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

  private onPageMessage(message: PageMessage): void {
    if (message.type === 'ready') void this.postModel();
    else void revealRange(message.range, this.document.uri);
  }

  private scheduleRefresh(): void {
    clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => void this.postModel(), REFRESH_DELAY_MS);
  }

  private async postModel(): Promise<void> {
    const message = await modelMessageFor(this.document, this.server());
    await this.panel.webview.postMessage(message);
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

async function revealRange(range: SourceRange, modelDocument: vscode.Uri): Promise<void> {
  const document = await vscode.workspace.openTextDocument(resolveUri(range.uri, modelDocument));
  const selection = new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
  await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.One, selection, preserveFocus: false });
}
