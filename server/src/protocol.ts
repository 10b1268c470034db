// Custom messages shared by the language server and the client. Plain method names and parameter shapes, no
// runtime imports, so both sides (bundled with different vscode-jsonrpc copies) can use them as they are.

/** Server → client notification: what the analysis is doing, for the status bar item. */
export const STATUS_NOTIFICATION = 'lockstep/status';

export type StatusState = 'working' | 'idle' | 'error';

export interface StatusParams {
  state: StatusState;
  /** Why: the file being analysed, or the error that was caught (the Output channel has the details). */
  message?: string;
}
