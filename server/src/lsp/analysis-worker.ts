// The analysis thread (dist/analysis-worker.js): owns the Workspace — projects, programs, caches — and answers the
// language server's requests one at a time, so the connection's thread stays free to read newer edits, answer
// shutdown and ask a running analysis to stop (through the shared stop word, read by cancellation.ts's budget).
import { parentPort, workerData } from 'node:worker_threads';
import * as fs from 'node:fs';
import { AnalysisCancelled } from '../analysis/cancellation';
import { fileKindOf } from '../analysis/file-read';
import { collectFiles } from '../cli/files';
import { Workspace } from '../analysis/workspace';
import type { AnalyzeRequest, AnalyzeResult, FromWorker, ThreadRequest, ToWorker, WorkerData } from './analysis-protocol';
import { uriOfFile } from './paths';
import { rulesWithTestFaults } from './test-hooks';

const port = parentPort!;
const { stopWord } = workerData as WorkerData;
const post = (message: FromWorker) => port.postMessage(message);

const rules = rulesWithTestFaults();
const workspace = new Workspace({
  rules,
  log: (message) => post({ kind: 'log', message }),
  onConfigurationRead: (file, errors) => post({ kind: 'configuration-read', file, errors }),
});

post({ kind: 'started', ruleIds: rules.map((rule) => rule.meta.id) });

port.on('message', (message: ToWorker) => {
  switch (message.kind) {
    case 'open':
      return workspace.openDocument(message.file, message.text, message.version);
    case 'close':
      return workspace.closeDocument(message.file);
    case 'disk-changed':
      return workspace.diskChanged();
    case 'dispose':
      workspace.dispose();
      return process.exit(0);
    case 'request':
      return reply(message.id, message.request);
  }
});

function reply(id: number, request: ThreadRequest): void {
  try {
    post({ kind: 'reply', id, result: answer(request) });
  } catch (error) {
    post({ kind: 'reply', id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
}

function answer(request: ThreadRequest): unknown {
  switch (request.method) {
    case 'settings':
      return workspace.setOverrides(request.overrides);
    case 'hover':
      return workspace.hoverAt(request.file, request.offset) ?? null;
    case 'script-files':
      return collectFiles(request.folders.filter((folder) => fileKindOf(folder).kind === 'special' && fs.statSync(folder).isDirectory())).files;
    case 'model': {
      const uris = new Map(request.openUris);
      return workspace.modelOf(request.file, { entries: request.entries, uriOf: (file) => uris.get(file) ?? uriOfFile(file) });
    }
    case 'analyze':
      return analyze(request);
  }
}

function analyze(request: AnalyzeRequest): AnalyzeResult {
  const budget = {
    limitSeconds: request.limitSeconds,
    stopRequested: () => Atomics.load(stopWord, 0) === request.jobId,
    onStart: () => post({ kind: 'rules-started', jobId: request.jobId }),
  };
  try {
    const analysis = workspace.analyzeFile(request.file, budget);
    const projectName = analysis.skipped ? undefined : workspace.projectFor(request.file).name;
    const dependents = request.dependentCandidates ? workspace.dependentsOf(request.file, request.dependentCandidates) : [];
    return { outcome: 'analysed', analysis, projectName, dependents };
  } catch (error) {
    if (error instanceof AnalysisCancelled) return { outcome: 'cancelled' };
    throw error;
  }
}
