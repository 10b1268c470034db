// A `--concurrency` worker thread (started by check-workers.ts): its own Workspace over the same program files as
// the main thread would build, the analyses of its share of the files, posted back in one message.
import type { MessagePort } from 'node:worker_threads';
import { Workspace } from '../analysis/workspace';
import type { AnalysedFile, CheckJob } from './check-workers';
import { registerLooseFiles } from './loose-files';

export function runCheckWorker(job: CheckJob, port: MessagePort): void {
  const pending: string[] = [];
  const workspace = new Workspace({ configFile: job.configFile, log: (message) => pending.push(message) });
  try {
    workspace.setOverrides({ rules: job.rules });
    registerLooseFiles(workspace, job.programFiles);
    const analysed = job.files.map((file): AnalysedFile => ({ analysis: workspace.analyzeFile(file), log: pending.splice(0) }));
    port.postMessage(analysed);
  } finally {
    workspace.dispose();
  }
}
