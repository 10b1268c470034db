// The messages between the visualizer panel (extension host) and its page (webview). Plain data; no vscode or
// DOM import, so both sides and the tests share them.
import type { SourceRange } from '../../../model/schema';
import type { DeadlockTarget } from '../../../server/src/protocol';
export type { DeadlockLock, DeadlockTarget } from '../../../server/src/protocol';
export type HostMessage =
  /** A model to run, new or changed. `model` is untrusted JSON: the page validates it. */
  | { type: 'model'; title: string; model: unknown }
  /** Search the model (explore) for a deadlock on these locks and show it ("Show this deadlock"). Untrusted JSON too. */
  | { type: 'showDeadlock'; target: DeadlockTarget }
  /** No model can be shown, and why (the server does not answer yet, the file has no entry point, …). */
  | { type: 'error'; title: string; message: string }
  /** Something the page should say without dropping the model: a step's source the host would not open, and why. */
  | { type: 'notice'; message: string };

/** What the host posts for a document: its model, or why there is none. */
export type ModelMessage = Extract<HostMessage, { type: 'model' | 'error' }>;

export type PageMessage =
  /** The page has loaded and listens: the host may post the model now. */
  | { type: 'ready' }
  /** Show this place in the editor. */
  | { type: 'reveal'; range: SourceRange }
  /** Save the run on screen as Chrome trace-event JSON (scheduler/chrome-trace.ts), where the user chooses. */
  | { type: 'exportTrace'; trace: string };

export function isPageMessage(value: unknown): value is PageMessage {
  if (typeof value !== 'object' || value === null) return false;
  const message = value as { type?: unknown; range?: unknown; trace?: unknown };
  return message.type === 'ready' || (message.type === 'reveal' && typeof message.range === 'object' && message.range !== null) ||
    (message.type === 'exportTrace' && typeof message.trace === 'string');
}
