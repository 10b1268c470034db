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

// ---- Check Workspace ------------------------------------------------------------------------------------------------

/** Client → server request: analyse every script file under these folders that is not open, and publish its diagnostics. */
export const CHECK_WORKSPACE_REQUEST = 'lockstep/checkWorkspace';

export interface CheckWorkspaceParams {
  /** Workspace folder URIs (file: only). */
  folders: string[];
}

export interface CheckWorkspaceResult {
  /** Files analysed (open files are not: they are already). */
  checked: number;
  /** Of those, the ones with at least one finding. */
  withFindings: number;
  /** The client cancelled: the rest were not checked. */
  cancelled: boolean;
}

/** Server → client notification while a Check Workspace runs: how far it is. */
export const CHECK_PROGRESS_NOTIFICATION = 'lockstep/checkProgress';

export interface CheckProgressParams {
  checked: number;
  total: number;
}

// ---- Rule documentation ------------------------------------------------------------------------------------------

/** The client command "Show documentation for <rule>" runs, with the rule id: it opens docs/rules/<id>.md from the extension. */
export const SHOW_RULE_DOCUMENTATION_COMMAND = 'lockstep.showRuleDocumentation';

// ---- "Show this deadlock" -------------------------------------------------------------------------------------------

/**
 * The client command a lock-order / lock-reentry finding's code action and hover link run: it opens the visualizer
 * on `uri` and searches the model for a schedule that deadlocks on `locks`. The server only names it.
 */
export const SHOW_DEADLOCK_COMMAND = 'lockstep.showDeadlock';

/**
 * A lock as the finding names it: the lock model's label, whether that names a family (every `Account.lock`, a key
 * computed at run time), and where it is declared (where the model's LockDecl.range starts).
 */
export interface DeadlockLock {
  label: string;
  family?: boolean;
  declaration?: { uri: string; line: number; character: number };
}

/** The command's one argument: plain JSON, so it also travels in a `command:` link's query. */
export interface DeadlockTarget {
  /** The document whose model to run. */
  uri: string;
  /** The rule that reported it: `lock-order` or `lock-reentry`. */
  rule: string;
  locks: DeadlockLock[];
}
