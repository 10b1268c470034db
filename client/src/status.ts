// What the status bar item says. A small state machine over two inputs — the client's lifecycle (starting,
// running, stopped) and the server's `lockstep/status` notifications — reduced to one view. Pure (no vscode
// import) so every transition is unit-tested; the vscode side only copies the view onto the item.
import { STATUS_NOTIFICATION, type StatusParams, type StatusState } from '../../server/src/protocol';
export { STATUS_NOTIFICATION };

export type ClientLifecycle = 'starting' | 'running' | 'stopped' | 'startFailed';

export interface StatusModel {
  lifecycle: ClientLifecycle;
  /** The server's latest report since the current start; none until it sends one. */
  server?: StatusParams;
  /** Why the client gave up on the server (crashed too often); kept until the next start. */
  failure?: string;
  /** Lockstep's diagnostics in the Problems panel, per rule: the tooltip lists them. */
  findings?: ReadonlyMap<string, number>;
}

export type StatusEvent =
  | { kind: 'lifecycle'; lifecycle: ClientLifecycle }
  | { kind: 'server'; status: StatusParams }
  | { kind: 'gaveUp'; reason: string }
  | { kind: 'findings'; counts: ReadonlyMap<string, number> };

export type StatusKind = 'working' | 'idle' | 'error' | 'stopped';

export interface StatusView {
  kind: StatusKind;
  /** With a codicon: `$(name)`; `~spin` animates it. */
  text: string;
  tooltip: string;
  /** Shown with the theme's error background, so a dead server is noticed. */
  isError: boolean;
}

export const initialStatus: StatusModel = { lifecycle: 'stopped' };

export function nextStatus(model: StatusModel, event: StatusEvent): StatusModel {
  switch (event.kind) {
    case 'lifecycle':
      // A (re)start forgets what the previous server process said and why it failed.
      if (event.lifecycle === 'starting') return { lifecycle: 'starting' };
      return { ...model, lifecycle: event.lifecycle };
    case 'server':
      return { ...model, server: event.status };
    case 'gaveUp':
      return { ...model, failure: event.reason };
    case 'findings':
      return { ...model, findings: event.counts };
  }
}

/** The rule ids of Lockstep's diagnostics, counted per rule. */
export function countByRule(ruleIds: Iterable<string>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const id of ruleIds) counts.set(id, (counts.get(id) ?? 0) + 1);
  return counts;
}

/** `3 floating-promise · 1 lock-order`, the most frequent first (then by name). */
function findingsLine(counts: ReadonlyMap<string, number> | undefined): string | undefined {
  if (!counts) return undefined;
  const parts = [...counts].filter(([, count]) => count > 0).sort(([a, m], [b, n]) => n - m || a.localeCompare(b)).map(([id, count]) => `${count} ${id}`);
  return parts.length > 0 ? `Findings: ${parts.join(' · ')}` : 'No findings in open files.';
}

const label = 'Lockstep';
const clickHint = 'Click to show the output.';

export function statusView(model: StatusModel): StatusView {
  const [kind, detail] = stateOf(model);
  const findings = kind === 'stopped' ? undefined : findingsLine(model.findings);
  const lines = [`${label}: ${detail}`, ...(findings ? [findings] : []), clickHint];
  return { kind, text: `${icons[kind]} ${label}`, tooltip: lines.join('\n'), isError: kind === 'error' };
}

function stateOf(model: StatusModel): [StatusKind, string] {
  if (model.failure !== undefined) return ['error', model.failure];
  switch (model.lifecycle) {
    case 'starting':
      return ['working', 'Starting the language server…'];
    case 'startFailed':
      return ['error', 'The language server failed to start.'];
    case 'stopped':
      return ['stopped', 'The language server is stopped.'];
    case 'running':
      return serverState(model.server ?? { state: 'idle' });
  }
}

function serverState(status: StatusParams): [StatusKind, string] {
  switch (status.state) {
    case 'working':
      return ['working', status.message ?? 'Analysing…'];
    case 'idle':
      return ['idle', status.message ?? 'Up to date.'];
    case 'error':
      return ['error', status.message ?? 'The language server reported an error.'];
  }
}

const icons: Record<StatusKind, string> = {
  working: '$(sync~spin)',
  idle: '$(check)',
  error: '$(error)',
  stopped: '$(circle-slash)',
};

const serverStates: readonly StatusState[] = ['working', 'idle', 'error'];

/**
 * The params of a `lockstep/status` notification if they have the agreed shape. The server is another
 * process (possibly another version of it), so its messages are checked rather than trusted.
 */
export function parseServerStatus(params: unknown): StatusParams | undefined {
  if (typeof params !== 'object' || params === null) return undefined;
  const { state, message } = params as Record<string, unknown>;
  if (!serverStates.includes(state as StatusState)) return undefined;
  if (message !== undefined && typeof message !== 'string') return undefined;
  return message === undefined ? { state: state as StatusState } : { state: state as StatusState, message };
}
