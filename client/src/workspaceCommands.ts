// The commands that reach past one document: Check Workspace (the server analyses the files that are not open),
// Show documentation for a rule (its page shipped in the extension), and the count of Lockstep's findings in the
// Problems panel for the status bar.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { isRuleId } from './commands';
import {
  CHECK_PROGRESS_NOTIFICATION,
  CHECK_WORKSPACE_REQUEST,
  type CheckProgressParams,
  type CheckWorkspaceParams,
  type CheckWorkspaceResult,
} from '../../server/src/protocol';

/** Lockstep: Check Workspace — every file of the workspace folders that is not open, with progress and Cancel. */
export async function checkWorkspace(serverClient: LanguageClient): Promise<void> {
  const folders = (vscode.workspace.workspaceFolders ?? []).filter((folder) => folder.uri.scheme === 'file').map((folder) => folder.uri.toString());
  if (folders.length === 0) {
    void vscode.window.showInformationMessage('Lockstep: open a folder to check its files.');
    return;
  }
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Lockstep: checking the workspace', cancellable: true },
    async (progress, token) => {
      let reported = 0;
      const listening = serverClient.onNotification(CHECK_PROGRESS_NOTIFICATION, ({ checked, total }: CheckProgressParams) => {
        const percent = total > 0 ? (100 * checked) / total : 100;
        progress.report({ message: `${checked} of ${total} files`, increment: percent - reported });
        reported = percent;
      });
      try {
        return await serverClient.sendRequest<CheckWorkspaceResult>(CHECK_WORKSPACE_REQUEST, { folders } satisfies CheckWorkspaceParams, token);
      } catch {
        return { checked: 0, withFindings: 0, cancelled: true } satisfies CheckWorkspaceResult;
      } finally {
        listening.dispose();
      }
    },
  );
  const summary = `${result.checked} file(s) checked, ${result.withFindings} with findings (in the Problems panel)`;
  void vscode.window.showInformationMessage(`Lockstep: ${result.cancelled ? `cancelled; ${summary}` : summary}.`);
}

/** The rule id of every Lockstep diagnostic in the Problems panel. */
export function* lockstepRuleIds(): Generator<string> {
  for (const [, diagnostics] of vscode.languages.getDiagnostics()) {
    for (const diagnostic of diagnostics) {
      const code = typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code;
      if (diagnostic.source === 'lockstep' && code !== undefined) yield String(code);
    }
  }
}

/** The rule's page, shipped in the extension (docs/rules/<id>.md), in VS Code's Markdown preview. */
export async function showRuleDocumentation(extensionUri: vscode.Uri, ruleId: unknown): Promise<void> {
  const page = isRuleId(ruleId) ? vscode.Uri.joinPath(extensionUri, 'docs', 'rules', `${ruleId}.md`) : undefined;
  const exists = page && (await vscode.workspace.fs.stat(page).then(() => true, () => false));
  if (!exists) {
    void vscode.window.showErrorMessage(`Lockstep has no documentation for ${JSON.stringify(ruleId)}.`);
    return;
  }
  await vscode.commands.executeCommand('markdown.showPreview', page);
}
