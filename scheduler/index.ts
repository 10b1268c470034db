// The scheduler's public face, shared by the webview and the CLI. Pure: no DOM, no vscode, no LSP.
export { simulate, replay, search, DEFAULTS } from './simulate';
export { validateModel, type ValidationResult } from '../model/validate';
export { SchedulerError } from './engine';
export { counted, describeAction, describeChoice, describeCycle, describeWait } from './describe';
export * from './types';
