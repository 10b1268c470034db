// The language server's behaviour, behind the handlers server.ts registers: keeps the analysis workspace in
// step with the editor's documents and settings, queues analysis, publishes diagnostics and offers quick fixes.
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  TextDocumentSyncKind,
  type CancellationToken,
  type CodeAction,
  type CodeActionParams,
  type Connection,
  type Diagnostic,
  type DidChangeConfigurationParams,
  type Hover,
  type HoverParams,
  type InitializeParams,
  type InitializeResult,
  type TextDocuments,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { FileAnalysis, Finding } from '../analysis/types';
import { overTimeReason } from '../analysis/cancellation';
import {
  CHECK_PROGRESS_NOTIFICATION,
  STATUS_NOTIFICATION,
  type CheckProgressParams,
  type CheckWorkspaceParams,
  type CheckWorkspaceResult,
  type ModelParams,
  type ModelResult,
  type StatusParams,
} from '../protocol';

import { fixAllEdits } from '../analysis/fix-all';
import { FIX_ALL_KIND, commandLink, fixAllAction, isKindRequested, rangesIntersect, showDeadlockCommand, showDocumentationAction, toCodeActions, toDiagnostic } from './convert';
import { Logger, describeError } from './log';
import { fileOfUri, uriOfFile } from './paths';
import { AnalysisQueue, type AnalysisJob } from './work-queue';
import { AnalysisThread } from './analysis-thread';
import { DEFAULT_TIME_LIMIT_SECONDS, explicitSettings, lockstepSection, pullSettings, timeLimitOf } from './settings';

/** How long typing must pause before the edited file is re-analysed. */
export const EDIT_DEBOUNCE_MS = 150;

interface PublishedResult {
  version: number;
  findings: Finding[];
}

export class LockstepServer {
  private readonly log: Logger;
  private readonly thread: AnalysisThread;
  private readonly queue: AnalysisQueue;
  private timeLimitSeconds = DEFAULT_TIME_LIMIT_SECONDS;
  /** The version of each document whose analysis had to be ended over time: not retried until it changes. */
  private readonly overTime = new Map<string, number>();
  /** The findings last published per document URI, for code actions on that same version. */
  private readonly published = new Map<string, PublishedResult>();
  /**
   * The findings Check Workspace last published per file (files with none left out): what the Problems panel
   * shows again when the file's editor closes, instead of nothing.
   */
  private readonly checked = new Map<string, Finding[]>();
  private readonly loadedProjects = new Set<string>();
  private canPullSettings = false;
  private canRegisterConfiguration = false;
  private pushedSettings: unknown;
  /** The settings the client last answered with: kept when a later request fails or times out. */
  private pulledSettings: { value: unknown } | undefined;
  private settingsStamp = '';
  private lastStatus: StatusParams | undefined;
  /** A failure since analysis last started: the pass ends in the error state instead of idle. */
  private failureInPass: string | undefined;

  constructor(
    private readonly connection: Connection,
    private readonly documents: TextDocuments<TextDocument>,
  ) {
    this.log = new Logger(connection.console);
    this.thread = new AnalysisThread({
      log: (message) => this.log.once('warn', message),
      onStart: (ruleIds) => this.log.info(`Analysis thread started (rules: ${ruleIds.join(', ') || 'none'})`),
      onConfigurationRead: (file, errors) => this.configurationRead(file, errors),
      onRestart: (reason) => this.log.warn(`Analysis thread restarted: ${reason}`),
    });
    this.queue = new AnalysisQueue({
      isCurrent: (job) => this.documents.get(job.uri)?.version === job.version,
      run: (job) => this.runGuarded(`analysing ${job.uri}`, () => this.analyze(job)),
      onBusyChange: (busy) => this.busyChanged(busy),
    });
    // Nothing is analysed until the settings are known, so no diagnostic shows at the wrong severity.
    this.queue.hold();
  }

  initialize(params: InitializeParams): InitializeResult {
    const capabilities = params.capabilities;
    this.canPullSettings = capabilities.workspace?.configuration === true;
    this.canRegisterConfiguration = capabilities.workspace?.didChangeConfiguration?.dynamicRegistration === true;
    this.pushedSettings = lockstepSection(params.initializationOptions);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
        hoverProvider: true,
      },
      serverInfo: { name: 'lockstep' },
    };
  }

  async initialized(): Promise<void> {
    this.log.info('Lockstep language server started');
    try {
      if (this.canRegisterConfiguration) await this.registerForSettingsChanges();
      await this.reloadSettings();
    } finally {
      // Whatever went wrong above was logged; analysis runs regardless, on the defaults if need be.
      this.queue.release();
    }
  }

  private async registerForSettingsChanges(): Promise<void> {
    try {
      await this.connection.client.register(DidChangeConfigurationNotification.type, { section: 'lockstep' });
    } catch (error) {
      this.log.warn(`Could not register for settings changes (${describeError(error)}); changes may not reach the server`);
    }
  }

  async configurationChanged(params: DidChangeConfigurationParams): Promise<void> {
    if (!this.canPullSettings) this.pushedSettings = lockstepSection(params.settings);
    await this.reloadSettings();
  }

  documentOpened(document: TextDocument): void {
    this.documentChanged(document, 0);
  }

  documentChanged(document: TextDocument, delayMs = EDIT_DEBOUNCE_MS): void {
    const file = this.fileOf(document.uri);
    if (!file) return;
    this.thread.openDocument(file, document.getText(), document.version);
    if (this.thread.runningFile === file) this.thread.stopRunning();
    this.queue.schedule({ uri: document.uri, version: document.version, reason: 'edit' }, delayMs);
  }

  documentSaved(document: TextDocument): void {
    this.thread.diskChanged();
    this.queue.schedule({ uri: document.uri, version: document.version, reason: 'edit' });
  }

  documentClosed(document: TextDocument): void {
    this.queue.cancel(document.uri);
    this.published.delete(document.uri);
    const file = this.fileOf(document.uri);
    const checked = file && this.checked.get(file);
    this.connection.sendDiagnostics({ uri: document.uri, diagnostics: checked ? this.toDiagnostics(checked) : [] });
    if (!file) return;
    if (this.thread.runningFile === file) this.thread.stopRunning();
    this.thread.closeDocument(file);
    this.overTime.delete(document.uri);
    this.log.forget(file);
    // The disk may have changed while it was open (a save): its check result is brought up to date.
    if (checked) void this.runGuarded(`re-checking ${document.uri}`, () => this.recheckClosed(document.uri, file));
    // Files that imported it now see the disk version instead of the editor's.
    this.refreshOpenDocuments();
  }

  /** A closed file's disk version analysed again, as Check Workspace would, unless it is opened meanwhile. */
  private async recheckClosed(uri: string, file: string): Promise<void> {
    const isClosed = () => this.documents.get(uri) === undefined;
    const analysis = await this.analyzeFromDisk(file, isClosed);
    if (analysis && isClosed()) this.publishChecked(uri, file, analysis.ignored ? [] : analysis.findings);
  }

  /** The client watches the files (its `synchronize.fileEvents`); any change may alter what open files import. */
  watchedFilesChanged(): void {
    this.thread.diskChanged();
    this.refreshOpenDocuments();
  }

  codeActions(params: CodeActionParams, token: CancellationToken): CodeAction[] {
    const document = this.documents.get(params.textDocument.uri);
    const result = this.published.get(params.textDocument.uri);
    const file = document && this.fileOf(document.uri);
    // Fixes are offsets into the analysed text: after an edit they wait for the re-analysis.
    if (!document || !file || !result || result.version !== document.version) return [];
    const uriOf = (other: string) => this.uriOf(other);
    const actions: CodeAction[] = [];
    if (isKindRequested(params.context.only, FIX_ALL_KIND)) {
      const all = fixAllEdits(result.findings, file);
      if (all.edits.length > 0) actions.push(fixAllAction('Fix all Lockstep problems that have a preferred fix', FIX_ALL_KIND, all.edits, all.fixed, uriOf));
    }
    if (!isKindRequested(params.context.only, CodeActionKind.QuickFix)) return actions;
    const rulesHere = new Set<string>();
    for (const finding of result.findings) {
      if (token.isCancellationRequested) return [];
      if (!rangesIntersect({ start: finding.startPosition, end: finding.endPosition }, params.range)) continue;
      actions.push(...toCodeActions(finding, uriOf));
      rulesHere.add(finding.ruleId);
    }
    for (const ruleId of rulesHere) {
      const ofRule = fixAllEdits(result.findings, file, ruleId);
      // One finding's own fix is already offered: "fix all" only when it fixes more.
      if (ofRule.fixed.length > 1) actions.push(fixAllAction(`Fix all ${ruleId} problems in this file`, CodeActionKind.QuickFix, ofRule.edits, ofRule.fixed, uriOf));
      actions.push(showDocumentationAction(ruleId));
    }
    return actions;
  }

  /** A lock's identity, where it is taken and its known order, when hovering over one; on a deadlock finding, a link that shows it run. */
  async hover(params: HoverParams): Promise<Hover | null> {
    const document = this.documents.get(params.textDocument.uri);
    const file = document && this.fileOf(document.uri);
    if (!document || !file) return null;
    this.makeWayFor(file);
    const lock = await this.thread.hoverAt(file, document.offsetAt(params.position));
    const parts = [...(lock ? [lock] : []), ...this.deadlockLinksAt(document, params.position)];
    return parts.length > 0 ? { contents: { kind: 'markdown', value: parts.join('\n\n') } } : null;
  }

  /** "Show this deadlock" for each deadlock finding at the position, in the version last published. */
  private deadlockLinksAt(document: TextDocument, position: HoverParams['position']): string[] {
    const result = this.published.get(document.uri);
    if (!result || result.version !== document.version) return [];
    const at = { start: position, end: position };
    const links = result.findings
      .filter((finding) => rangesIntersect({ start: finding.startPosition, end: finding.endPosition }, at))
      .flatMap((finding) => {
        const command = showDeadlockCommand(finding, (other) => this.uriOf(other));
        return command ? [`${commandLink(command, 'Open the visualizer on a schedule that reaches this deadlock')} (${finding.ruleId})`] : [];
      });
    return [...new Set(links)];
  }

  /**
   * `lockstep/model`: the concurrency model of a document — the open text if it is open, else the file on disk —
   * with its ranges in the client's spelling of each URI (so the CodeLens finds its entry points), or why not.
   */
  async model(params: ModelParams): Promise<ModelResult> {
    const file = fileOfUri(params.uri);
    if (!file) return { model: null, reason: `${params.uri} is not a file on disk: only file: URIs are analysed` };
    const entries = Array.isArray(params.entries) ? params.entries.filter((entry): entry is string => typeof entry === 'string') : undefined;
    this.makeWayFor(file);
    return this.thread.modelOf(file, entries, this.openUris());
  }

  /**
   * `lockstep/checkWorkspace`: every script file under the folders that is not open (open ones are analysed
   * already), one after another in the analysis thread, each file's diagnostics published as it is done — the
   * Problems panel keeps them, as for vscode-eslint's lint task. Progress is notified; a cancel stops the file
   * being analysed and the rest.
   */
  async checkWorkspace(params: CheckWorkspaceParams, token: CancellationToken): Promise<CheckWorkspaceResult> {
    const folders = (Array.isArray(params?.folders) ? params.folders : []).flatMap((uri) => {
      const folder = typeof uri === 'string' ? fileOfUri(uri) : undefined;
      return folder ? [folder] : [];
    });
    const open = new Set(this.documents.all().map((document) => fileOfUri(document.uri)));
    const files = (await this.thread.scriptFilesUnder(folders)).filter((file) => !open.has(file));
    const result: CheckWorkspaceResult = { checked: 0, withFindings: 0, cancelled: false };
    const stop = token.onCancellationRequested(() => {
      if (this.thread.runningFile !== undefined && !open.has(this.thread.runningFile)) this.thread.stopRunning();
    });
    try {
      for (const file of files) {
        if (token.isCancellationRequested) return { ...result, cancelled: true };
        this.notifyProgress({ checked: result.checked, total: files.length });
        const analysis = await this.analyzeFromDisk(file, () => !token.isCancellationRequested);
        if (!analysis || analysis.ignored) continue;
        this.publishChecked(uriOfFile(file), file, analysis.findings);
        result.checked++;
        if (analysis.findings.length > 0) result.withFindings++;
      }
      this.notifyProgress({ checked: result.checked, total: files.length });
      return { ...result, cancelled: token.isCancellationRequested };
    } finally {
      stop.dispose();
    }
  }

  /** A file not open analysed to the end: stopped by a request about another file, it runs again while `wanted`. */
  private async analyzeFromDisk(file: string, wanted: () => boolean): Promise<FileAnalysis | undefined> {
    let outcome = await this.thread.analyze(file, this.timeLimitSeconds);
    while (outcome.outcome === 'cancelled' && wanted()) outcome = await this.thread.analyze(file, this.timeLimitSeconds);
    return outcome.outcome === 'analysed' ? outcome.analysis : undefined;
  }

  private publishChecked(uri: string, file: string, findings: Finding[]): void {
    if (findings.length > 0) this.checked.set(file, findings);
    else this.checked.delete(file);
    void this.connection.sendDiagnostics({ uri, diagnostics: this.toDiagnostics(findings) });
  }

  private toDiagnostics(findings: readonly Finding[]): Diagnostic[] {
    const uriOf = (other: string) => this.uriOf(other);
    return findings.map((finding) => toDiagnostic(finding, uriOf));
  }

  private notifyProgress(progress: CheckProgressParams): void {
    void this.connection.sendNotification(CHECK_PROGRESS_NOTIFICATION, progress).catch(() => {});
  }

  shutdown(): void {
    this.thread.dispose();
  }

  /** A request about a file waits for no other file's analysis: that one stops, and runs again after. */
  private makeWayFor(file: string): void {
    const running = this.thread.runningFile;
    if (running !== undefined && running !== file) this.thread.stopRunning();
  }

  /** The client's spelling of each open document's URI, by file. */
  private openUris(): [string, string][] {
    return this.documents.all().flatMap((document) => {
      const file = fileOfUri(document.uri);
      return file ? [[file, document.uri] as [string, string]] : [];
    });
  }

  /** Logs an exception from any handler, shows it in the status bar, and keeps serving. */
  reportFailure(where: string, error: unknown): void {
    this.log.error(`Lockstep failed while ${where}: ${describeError(error)}`);
    this.failureInPass = `failed while ${where} (see the Output channel)`;
    this.sendStatus({ state: 'error', message: this.failureInPass });
  }

  /** Working while the queue is worked on; then idle, or error until the next pass if something failed. */
  private busyChanged(busy: boolean): void {
    if (busy) {
      this.failureInPass = undefined;
      this.sendStatus({ state: 'working' });
    } else {
      this.sendStatus(this.failureInPass ? { state: 'error', message: this.failureInPass } : { state: 'idle' });
    }
  }

  private async runGuarded(where: string, work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      this.reportFailure(where, error);
    }
  }

  private async reloadSettings(): Promise<void> {
    let raw = this.pushedSettings;
    if (this.canPullSettings) {
      try {
        raw = await pullSettings(this.connection);
        this.pulledSettings = { value: raw };
      } catch (error) {
        const fallback = this.pulledSettings ? 'keeping the settings last read' : 'using the defaults';
        this.log.warn(`Settings: could not read them (${describeError(error)}); ${fallback}`);
        raw = this.pulledSettings?.value;
      }
    }
    const overrides = explicitSettings(raw);
    const timeLimit = timeLimitOf(raw);
    this.timeLimitSeconds = timeLimit.seconds;
    const errors = [...(timeLimit.error ? [timeLimit.error] : []), ...(await this.thread.setOverrides(overrides))];
    for (const error of errors) this.log.warn(`Settings: ${error}; ignored (the configuration file's value or the default applies)`);
    const stamp = JSON.stringify([overrides, this.timeLimitSeconds]);
    if (stamp === this.settingsStamp) return;
    this.settingsStamp = stamp;
    this.log.info(`Editor settings applied (they override lockstep.config.json): ${stamp}`);
    this.refreshOpenDocuments();
  }

  /** A configuration file was read with new content: say which, or what is wrong with it. */
  private configurationRead(file: string, errors: readonly string[]): void {
    if (errors.length === 0) this.log.info(`Configuration: using ${file}`);
    for (const error of errors) this.log.warn(`Configuration: ${error}; ignored (the default applies)`);
  }

  private refreshOpenDocuments(): void {
    for (const document of this.documents.all()) {
      if (this.fileOf(document.uri)) this.queue.schedule({ uri: document.uri, version: document.version, reason: 'refresh' });
    }
  }

  private async analyze(job: AnalysisJob): Promise<void> {
    const file = this.fileOf(job.uri);
    if (!file || this.overTime.get(job.uri) === job.version) return;
    const started = performance.now();
    const candidates = job.reason === 'edit' ? this.openFilesBesides(file) : undefined;
    const outcome = await this.thread.analyze(file, this.timeLimitSeconds, candidates && [...candidates.keys()]);
    // Closed or edited while it waited in the thread: a close's diagnostics stand, a newer edit queued its own job.
    if (this.documents.get(job.uri)?.version !== job.version) return;
    switch (outcome.outcome) {
      case 'cancelled':
        // Stopped for a request about another file: run again.
        this.queue.schedule(job);
        return;
      case 'failed':
        return this.reportFailure(`analysing ${job.uri}`, outcome.reason);
      case 'over-time':
        this.overTime.set(job.uri, job.version);
        return this.publish(job, { file, findings: [], ruleErrors: [], notes: [], skipped: overTimeReason(this.timeLimitSeconds) }, undefined);
    }
    this.publish(job, outcome.analysis, outcome.projectName);
    this.log.debug(`Analysed ${file} (version ${job.version}) in ${Math.round(performance.now() - started)} ms: ${outcome.analysis.findings.length} finding(s)`);
    for (const dependent of outcome.dependents) {
      const document = candidates?.get(dependent);
      if (document) this.queue.schedule({ uri: document.uri, version: document.version, reason: 'dependent' });
    }
  }

  private publish(job: AnalysisJob, analysis: FileAnalysis, projectName: string | undefined): void {
    this.noteOutcome(analysis, projectName);
    this.logNotes(analysis, job.version);
    this.published.set(job.uri, { version: job.version, findings: analysis.findings });
    this.connection.sendDiagnostics({ uri: job.uri, version: job.version, diagnostics: this.toDiagnostics(analysis.findings) });
  }

  /** The other open documents, by file: the files an edit of `file` may change the findings of. */
  private openFilesBesides(file: string): Map<string, TextDocument> {
    const openFiles = new Map<string, TextDocument>();
    for (const document of this.documents.all()) {
      const openFile = this.fileOf(document.uri);
      if (openFile && openFile !== file) openFiles.set(openFile, document);
    }
    return openFiles;
  }

  private noteOutcome(analysis: FileAnalysis, project: string | undefined): void {
    if (analysis.skipped) {
      this.log.once('info', `Skipped ${analysis.file}: ${analysis.skipped}`, `${analysis.file}|skipped|${analysis.skipped}`);
      return;
    }
    if (project !== undefined && !this.loadedProjects.has(project)) {
      this.loadedProjects.add(project);
      this.log.info(`Project loaded: ${project}`);
    }
  }

  /** Each note once per version of its file: a re-check of the same text (a settings change, a dependent) is quiet. */
  private logNotes(analysis: FileAnalysis, version: number): void {
    for (const note of analysis.notes) {
      const { line, character } = note.startPosition;
      this.log.once('warn', `Note: ${note.file}:${line + 1}:${character + 1}: ${note.message}`, `${note.file}|note|${version}|${note.message}`);
    }
  }

  private fileOf(uri: string): string | undefined {
    const file = fileOfUri(uri);
    if (!file) this.log.once('info', `Not analysing ${uri}: only files on disk (file: URIs) are analysed`);
    return file;
  }

  /** The URI the client uses for a file when it has it open (its spelling may differ from ours), else ours. */
  private uriOf(file: string): string {
    for (const document of this.documents.all()) if (fileOfUri(document.uri) === file) return document.uri;
    return uriOfFile(file);
  }

  private sendStatus(status: StatusParams): void {
    if (this.lastStatus?.state === status.state && this.lastStatus.message === status.message) return;
    this.lastStatus = status;
    void this.connection.sendNotification(STATUS_NOTIFICATION, status).catch(() => {});
  }
}
