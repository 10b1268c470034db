// The scheduler's public face, shared by the webview and the CLI. Pure: no DOM, no vscode, no LSP.
export { simulate, replay, search, DEFAULTS, PROGRESS_EVERY } from './simulate';
export { validateModel, type ValidationResult } from '../model/validate';
export { SchedulerError } from './engine';
export { counted, describeAction, describeChoice, describeCycle, describeWait, eventName, lockName } from './describe';
export { toChromeTrace, type ChromeTrace, type ChromeTraceEvent } from './chrome-trace';
export * from './types';
