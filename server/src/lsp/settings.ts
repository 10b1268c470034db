// Where the `lockstep.*` settings come from. Clients with the workspace/configuration capability are asked
// (and asked again on every didChangeConfiguration); others push them, in initializationOptions and in
// didChangeConfiguration, as `{ lockstep: { … } }`. A client that never answers must not stop analysis.
import type { Connection } from 'vscode-languageserver/node';

export const SETTINGS_SECTION = 'lockstep';

/** `lockstep.*` settings the client consumes itself (vscode-languageclient reads `lockstep.trace.server`; the lenses `lockstep.codeLens.enabled`). */
export const CLIENT_ONLY_SETTINGS: readonly string[] = ['trace', 'codeLens'];
/** `lockstep.*` settings of the language server itself, not of the analysis (the CLI has no time limit). */
export const SERVER_SETTINGS: readonly string[] = ['analysisTimeLimitSeconds'];

/** An analysis running longer is stopped, and its file reported once as too slow (like a file too large). */
export const DEFAULT_TIME_LIMIT_SECONDS = 10;
const MAX_TIME_LIMIT_SECONDS = 3600;
const PULL_TIMEOUT_MS = 3000;

/** The `lockstep` part of a pushed settings object, or undefined. */
export function lockstepSection(container: unknown): unknown {
  return typeof container === 'object' && container !== null ? (container as Record<string, unknown>)[SETTINGS_SECTION] : undefined;
}

/** Asks the client for the settings; rejects with a readable reason if it fails or does not answer in time. */
export async function pullSettings(connection: Connection): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the client did not answer workspace/configuration within ${PULL_TIMEOUT_MS} ms`)), PULL_TIMEOUT_MS);
  });
  try {
    return await Promise.race([connection.workspace.getConfiguration({ section: SETTINGS_SECTION }), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The values the user set, to lay over the configuration file. package.json contributes every analysis setting
 * with a null default, so VS Code reports an unset one as null — which the settings parser treats as "not set"
 * — and the server never mistakes a default for a choice. Client-only settings are dropped here.
 */
export function explicitSettings(raw: unknown): unknown {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return raw;
  return Object.fromEntries(Object.entries(raw).filter(([key]) => !CLIENT_ONLY_SETTINGS.includes(key) && !SERVER_SETTINGS.includes(key)));
}

/** `lockstep.analysisTimeLimitSeconds` (unset: the default), or the default and what is wrong with the value. */
export function timeLimitOf(raw: unknown): { seconds: number; error?: string } {
  const value = typeof raw === 'object' && raw !== null ? Object.getOwnPropertyDescriptor(raw, 'analysisTimeLimitSeconds')?.value : undefined;
  if (value === undefined || value === null) return { seconds: DEFAULT_TIME_LIMIT_SECONDS };
  if (typeof value === 'number' && value > 0 && value <= MAX_TIME_LIMIT_SECONDS) return { seconds: value };
  return {
    seconds: DEFAULT_TIME_LIMIT_SECONDS,
    error: `analysisTimeLimitSeconds: expected a number of seconds above 0 and at most ${MAX_TIME_LIMIT_SECONDS}, got ${JSON.stringify(value) ?? String(value)}`,
  };
}
