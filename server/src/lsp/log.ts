// The Output channel log, through the connection's console (window/logMessage). Repeated problems — the same
// skipped file on every keystroke, the same rule failing on every re-check — are logged once.
import type { RemoteConsole } from 'vscode-languageserver/node';

const MAX_REMEMBERED = 10_000;

export type LogLevel = 'error' | 'warn' | 'info' | 'debug';

export class Logger {
  private readonly logged = new Set<string>();

  constructor(private readonly console: RemoteConsole) {}

  error(message: string): void {
    this.console.error(message);
  }

  warn(message: string): void {
    this.console.warn(message);
  }

  info(message: string): void {
    this.console.info(message);
  }

  debug(message: string): void {
    this.console.debug(message);
  }

  /** Logs the message the first time `key` is seen (the key defaults to the message itself). */
  once(level: LogLevel, message: string, key = message): void {
    if (this.logged.has(key)) return;
    if (this.logged.size >= MAX_REMEMBERED) this.logged.clear();
    this.logged.add(key);
    this[level](message);
  }

  /** Lets a key be logged again (its file was closed, or the problem went away). */
  forget(keyPrefix: string): void {
    for (const key of this.logged) if (key.startsWith(keyPrefix)) this.logged.delete(key);
  }
}

export function describeError(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
