// Where the visualizer's model comes from: a `*.model.json` document is the model itself (parsed here; the page
// validates it); any other document is asked of the language server (`lockstep/model`). A server that does not
// implement the request yet, or fails, yields a message saying so — never an exception into VS Code.
import { MODEL_REQUEST, type ModelParams, type ModelResult } from '../../../server/src/protocol';
import type { ModelMessage } from './messages';

/** The part of the LanguageClient this needs, so it can be tested without one. */
export interface ModelRequester {
  sendRequest(method: string, params: ModelParams): Promise<unknown>;
}

export interface DocumentLike {
  uri: { toString(): string; path: string };
  getText(): string;
}

export const isModelFile = (document: DocumentLike) => document.uri.path.endsWith('.model.json');

const baseName = (document: DocumentLike) => document.uri.path.split('/').pop() ?? document.uri.toString();

/** JSON-RPC's "method not found": the server predates the request. */
const METHOD_NOT_FOUND = -32601;

export async function modelMessageFor(document: DocumentLike, server: ModelRequester | undefined): Promise<ModelMessage> {
  const title = baseName(document);
  if (isModelFile(document)) {
    try {
      return { type: 'model', title, model: JSON.parse(document.getText()) };
    } catch (error) {
      return { type: 'error', title, message: `${title} is not valid JSON: ${error instanceof Error ? error.message : String(error)}` };
    }
  }
  if (!server) return { type: 'error', title, message: 'The Lockstep language server is not running, so there is no concurrency model to show.' };
  try {
    const result = (await server.sendRequest(MODEL_REQUEST, { uri: document.uri.toString() })) as ModelResult | null;
    if (result && result.model) return { type: 'model', title, model: result.model };
    return { type: 'error', title, message: result?.reason ?? 'The language server returned no model for this file.' };
  } catch (error) {
    return { type: 'error', title, message: unavailableMessage(error) };
  }
}

function unavailableMessage(error: unknown): string {
  const code = (error as { code?: unknown } | undefined)?.code;
  if (code === METHOD_NOT_FOUND) {
    return 'This version of the language server cannot extract concurrency models (it does not know lockstep/model). Restart it, or open a *.model.json file.';
  }
  return `The language server could not build the model: ${error instanceof Error ? error.message : String(error)}`;
}
