// Extension entry point: wires the output channel, the status bar, the commands and the language client
// together. The decisions live in small pure modules (status, restartPolicy, documents); this file only connects them.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { commandIds } from './commands';
import { RestartPolicy } from './restartPolicy';
import { createServerClient, lifecycleOf, restartServerClient } from './serverClient';
import { StatusBar } from './statusBar';
import { LockstepTaskProvider, TASK_TYPE } from './tasks';
import { registerVisualizer } from './visualizer/index';
import { STATUS_NOTIFICATION, countByRule, parseServerStatus } from './status';
import { checkWorkspace, lockstepRuleIds, showRuleDocumentation } from './workspaceCommands';

let client: LanguageClient | undefined;

export function activate(context: vscode.ExtensionContext): void {
  const outputChannel = vscode.window.createOutputChannel('Lockstep', { log: true });
  const statusBar = new StatusBar();
  const restartPolicy = new RestartPolicy();
  context.subscriptions.push(outputChannel, statusBar);

  const serverClient = createServerClient({
    context,
    outputChannel,
    restartPolicy,
    onGaveUp: (reason) => {
      statusBar.update({ kind: 'gaveUp', reason });
      void offerRestart(reason);
    },
  });
  client = serverClient;

  context.subscriptions.push(
    serverClient.onDidChangeState(({ newState }) => statusBar.update({ kind: 'lifecycle', lifecycle: lifecycleOf(newState) })),
    serverClient.onNotification(STATUS_NOTIFICATION, (params: unknown) => {
      const status = parseServerStatus(params);
      if (status) statusBar.update({ kind: 'server', status });
      else outputChannel.warn(`Ignored a malformed ${STATUS_NOTIFICATION} notification: ${JSON.stringify(params)}`);
    }),
    vscode.languages.onDidChangeDiagnostics(() => statusBar.update({ kind: 'findings', counts: countByRule(lockstepRuleIds()) })),
    vscode.commands.registerCommand(commandIds.showOutput, () => outputChannel.show(true)),
    vscode.commands.registerCommand(commandIds.restartServer, () => restartByHand(serverClient, restartPolicy, outputChannel)),
    vscode.commands.registerCommand(commandIds.checkWorkspace, () => checkWorkspace(serverClient)),
    vscode.tasks.registerTaskProvider(TASK_TYPE, new LockstepTaskProvider(context.extensionPath)),
    vscode.commands.registerCommand(commandIds.showRuleDocumentation, (ruleId: unknown) => showRuleDocumentation(context.extensionUri, ruleId)),
  );

  registerVisualizer(context, () => client, (message) => outputChannel.info(message));

  // Activation does not wait for the server: the editor stays responsive, and a failed start shows in the
  // status bar (the client's state becomes StartFailed) and the output channel.
  serverClient.start().catch((error: unknown) => outputChannel.error('The Lockstep server failed to start.', error));
}

export async function deactivate(): Promise<void> {
  const stopping = client;
  client = undefined;
  // dispose() rejects when the server is not running (it never started or already gave up): nothing to stop.
  await stopping?.dispose().catch(() => undefined);
}

let restartInFlight: Promise<void> | undefined;

/** Restarts on request; a second request while one is under way joins it instead of racing it. */
function restartByHand(serverClient: LanguageClient, restartPolicy: RestartPolicy, outputChannel: vscode.LogOutputChannel): Promise<void> {
  restartInFlight ??= (async () => {
    restartPolicy.reset();
    outputChannel.info('Restarting the Lockstep server (asked for by hand).');
    try {
      await restartServerClient(serverClient);
    } catch (error) {
      outputChannel.error('Restarting the Lockstep server failed.', error);
      void vscode.window.showErrorMessage('Restarting the Lockstep server failed. See the output for details.');
    } finally {
      restartInFlight = undefined;
    }
  })();
  return restartInFlight;
}

async function offerRestart(reason: string): Promise<void> {
  const restart = 'Restart';
  const showOutput = 'Show Output';
  const choice = await vscode.window.showErrorMessage(reason, restart, showOutput);
  if (choice === restart) await vscode.commands.executeCommand(commandIds.restartServer);
  else if (choice === showOutput) await vscode.commands.executeCommand(commandIds.showOutput);
}
