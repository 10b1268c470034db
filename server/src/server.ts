// Lockstep language server entry point: LSP wiring only (the behaviour lives in lsp/). Works over --stdio and
// --node-ipc (createConnection reads the transport from the command line). Every handler is guarded: an
// exception is logged and answered with an empty result, and the server keeps serving the editor.
import { TextDocuments, createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LockstepServer } from './lsp/lockstepServer';
import { CHECK_WORKSPACE_REQUEST, MODEL_REQUEST, type CheckWorkspaceParams, type CheckWorkspaceResult, type ModelParams, type ModelResult } from './protocol';
const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const server = new LockstepServer(connection, documents);

function guard<A extends unknown[], R>(where: string, fallback: R, handler: (...args: A) => R | Promise<R>) {
  return async (...args: A): Promise<R> => {
    try {
      return await handler(...args);
    } catch (error) {
      server.reportFailure(where, error);
      return fallback;
    }
  };
}

connection.onInitialize((params) => server.initialize(params));
connection.onInitialized(guard('starting up', undefined, () => server.initialized()));
connection.onDidChangeConfiguration(guard('applying settings', undefined, (params) => server.configurationChanged(params)));
connection.onDidChangeWatchedFiles(guard('reading changed files', undefined, () => server.watchedFilesChanged()));
connection.onCodeAction(guard('computing code actions', [], (params, token) => server.codeActions(params, token)));
connection.onHover(guard('computing a hover', null, (params) => server.hover(params)));
const NO_MODEL: ModelResult = { model: null, reason: 'Lockstep failed while building the model (the Output channel has the details)' };
connection.onRequest(MODEL_REQUEST, guard('building a concurrency model', NO_MODEL, (params: ModelParams) => server.model(params)));
const NOTHING_CHECKED: CheckWorkspaceResult = { checked: 0, withFindings: 0, cancelled: false };
connection.onRequest(CHECK_WORKSPACE_REQUEST, guard('checking the workspace', NOTHING_CHECKED, (params: CheckWorkspaceParams, token) => server.checkWorkspace(params, token)));
connection.onShutdown(guard('shutting down', undefined, () => server.shutdown()));

documents.onDidOpen(guard('opening a document', undefined, (event) => server.documentOpened(event.document)));
documents.onDidChangeContent(guard('applying an edit', undefined, (event) => server.documentChanged(event.document)));
documents.onDidSave(guard('saving a document', undefined, (event) => server.documentSaved(event.document)));
documents.onDidClose(guard('closing a document', undefined, (event) => server.documentClosed(event.document)));

// Last line of defence: whatever escapes a handler is logged, not allowed to take the editor's server down.
process.on('uncaughtException', (error) => server.reportFailure('running (uncaught exception)', error));
process.on('unhandledRejection', (error) => server.reportFailure('running (unhandled rejection)', error));

documents.listen(connection);
connection.listen();
