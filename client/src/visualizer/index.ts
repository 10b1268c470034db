// Registers the visualizer: the "Lockstep: Open Visualizer" command, its panels, and the "Visualize" CodeLens.
import * as vscode from 'vscode';
import { commandIds } from '../commands';
import { analysedDocumentSelector } from '../documents';
import { CODE_LENS_SETTING, VisualizeCodeLensProvider } from './codeLens';
import type { DeadlockTarget } from '../../../server/src/protocol';
import type { ModelRequester } from './modelSource';
import { VisualizerPanels } from './panels';

export function registerVisualizer(context: vscode.ExtensionContext, server: () => ModelRequester | undefined, log: (message: string) => void): void {
  const panels = new VisualizerPanels(context.extensionUri, server);
  context.subscriptions.push(
    panels,
    vscode.commands.registerCommand(commandIds.openVisualizer, (uri?: vscode.Uri) => openVisualizer(panels, uri)),
    vscode.commands.registerCommand(commandIds.showDeadlock, (target?: DeadlockTarget) => showDeadlock(panels, target)),
  );
  const lenses = new VisualizeCodeLensProvider(server, log);
  context.subscriptions.push(
    lenses,
    vscode.languages.registerCodeLensProvider(analysedDocumentSelector(), lenses),
    vscode.workspace.onDidChangeConfiguration((change) => {
      if (change.affectsConfiguration(`lockstep.${CODE_LENS_SETTING}`)) lenses.refresh();
    }),
  );
}

async function openVisualizer(panels: VisualizerPanels, uri: vscode.Uri | undefined): Promise<void> {
  const document = uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
  if (!document) {
    void vscode.window.showInformationMessage('Open a TypeScript or JavaScript file (or a *.model.json file) to visualize its tasks.');
    return;
  }
  panels.show(document);
}

/** From a deadlock finding (code action, hover link): its document's panel, asked to find and show that deadlock. */
async function showDeadlock(panels: VisualizerPanels, target: DeadlockTarget | undefined): Promise<void> {
  if (typeof target?.uri !== 'string' || !Array.isArray(target.locks)) {
    void vscode.window.showInformationMessage('Show this deadlock runs from a lock-order or lock-reentry finding (its quick fix or hover).');
    return;
  }
  panels.show(await vscode.workspace.openTextDocument(vscode.Uri.parse(target.uri)), target);
}
