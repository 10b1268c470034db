// Builds the LanguageClient that runs the bundled language server (dist/server.js) in a child Node process.
import * as vscode from 'vscode';
import {
  CloseAction,
  ErrorAction,
  LanguageClient,
  RevealOutputChannelOn,
  State,
  TransportKind,
  type ErrorHandler,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { commandIds } from './commands';
import { analysedDocumentSelector, watchedFileGlobs } from './documents';
import type { RestartPolicy } from './restartPolicy';
import type { ClientLifecycle } from './status';

/** The id prefixes the `lockstep.*` settings; vscode-languageclient reads `lockstep.trace.server` by it. */
const clientId = 'lockstep';
/** Where a debugger attaches when the extension runs in development mode (F5). */
const serverDebugPort = 6009;

export interface ServerClientParts {
  context: vscode.ExtensionContext;
  outputChannel: vscode.LogOutputChannel;
  restartPolicy: RestartPolicy;
  /** Called when the restart policy has given up on a crashing server, once the client has stopped. */
  onGaveUp: (reason: string) => void;
}

export function createServerClient(parts: ServerClientParts): LanguageClient {
  // The error handler needs the client (to wait for it to stop) and the client needs the error handler.
  const gaveUp = (reason: string) => onceStopped(client, () => parts.onGaveUp(reason));
  const client: LanguageClient = new LanguageClient(clientId, 'Lockstep', serverOptions(parts.context), clientOptions(parts, gaveUp));
  return client;
}

function serverOptions(context: vscode.ExtensionContext): ServerOptions {
  const module = context.asAbsolutePath('dist/server.js');
  return {
    run: { module, transport: TransportKind.ipc },
    debug: {
      module,
      transport: TransportKind.ipc,
      options: { execArgv: ['--nolazy', `--inspect=${serverDebugPort}`] },
    },
  };
}

function clientOptions(parts: ServerClientParts, gaveUp: (reason: string) => void): LanguageClientOptions {
  return {
    documentSelector: analysedDocumentSelector(),
    diagnosticCollectionName: clientId,
    outputChannel: parts.outputChannel,
    // Findings show in the editor and the status bar; a log line is no reason to steal the panel.
    revealOutputChannelOn: RevealOutputChannelOn.Never,
    synchronize: {
      configurationSection: clientId,
      fileEvents: watchedFileGlobs.map((glob) => vscode.workspace.createFileSystemWatcher(glob)),
    },
    errorHandler: restartingErrorHandler(parts.restartPolicy, gaveUp),
    // Hovers carry a "Show this deadlock" command link; VS Code runs a hover's command links only when its markdown
    // is trusted, and this trusts that one command, not every command a link could name.
    markdown: { isTrusted: { enabledCommands: [commandIds.showDeadlock] } },
  };
}

/** Lets the restart policy decide; the client's own messages would pop up on every restart. */
function restartingErrorHandler(restartPolicy: RestartPolicy, onGaveUp: (reason: string) => void): ErrorHandler {
  return {
    error: (_error, _message, count) => ({
      action: restartPolicy.keepConnectionAfterError(count) ? ErrorAction.Continue : ErrorAction.Shutdown,
    }),
    closed: () => {
      const decision = restartPolicy.onServerCrashed();
      if (decision.restart) {
        const message = `The Lockstep server stopped unexpectedly (${decision.crashesInWindow} time(s) recently); restarting it.`;
        return { action: CloseAction.Restart, message, handled: true };
      }
      onGaveUp(decision.reason);
      return { action: CloseAction.DoNotRestart, message: decision.reason, handled: true };
    },
  };
}

/**
 * Runs `then` once the client has stopped. When the error handler gives up, the client still calls itself
 * running until the handler returns; a restart asked for before that would try to stop a dead connection.
 */
function onceStopped(client: LanguageClient, then: () => void): void {
  const subscription = client.onDidChangeState(({ newState }) => {
    if (newState !== State.Stopped && newState !== State.StartFailed) return;
    subscription.dispose();
    then();
  });
}

export function lifecycleOf(state: State): ClientLifecycle {
  switch (state) {
    case State.Starting:
      return 'starting';
    case State.Running:
      return 'running';
    case State.StartFailed:
      return 'startFailed';
    case State.Stopped:
      return 'stopped';
  }
}

/**
 * Stops the server if it runs and starts it again. `stop()` refuses a client that is still starting or whose
 * start failed, so a start in flight is let to settle first.
 */
export async function restartServerClient(client: LanguageClient): Promise<void> {
  if (client.state === State.Starting) await client.start().catch(() => undefined);
  // In the public Stopped state stop() returns at once, or waits for a shutdown already under way.
  if (client.state !== State.StartFailed) await client.stop();
  await client.start();
}
