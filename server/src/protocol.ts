// Custom messages shared by the language server and the client. Plain method names and parameter shapes, no
// runtime imports, so both sides (bundled with different vscode-jsonrpc copies) can use them as they are.
import type { ModelResult } from '../../model/schema';

/** Server → client notification: what the analysis is doing, for the status bar item. */
export const STATUS_NOTIFICATION = 'lockstep/status';

export type StatusState = 'working' | 'idle' | 'error';

export interface StatusParams {
  state: StatusState;
  /** Why: the file being analysed, or the error that was caught (the Output channel has the details). */
  message?: string;
}

// ---- The concurrency model of a document (its schema: model/schema.ts) -------------------------------------------

/** Server ← client request: the concurrency model of one document. */
export const MODEL_REQUEST = 'lockstep/model';

export interface ModelParams {
  /** The document's URI, as the client knows it. */
  uri: string;
  /** Task templates to build; default: the file's exported async functions and methods. */
  entries?: string[];
}

/** The request's result: the model, or why there is none. */
export type { ModelResult };
