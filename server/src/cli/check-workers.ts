// The main thread's side of `--concurrency`: one worker thread per share of the files (concurrency.ts), each
// running check-worker.ts on the same program files, and their results put back in the files' order. A worker
// that throws, exits or ends without a result fails the run (WorkerFailure: exit 2), never leaves it waiting.
import { Worker } from 'node:worker_threads';
import type { Severity, FileAnalysis } from '../analysis/types';

/** workerData's `kind`: tells the CLI bundle, started as a worker, to run check-worker.ts instead of the command. */
export const CHECK_WORKER_KIND = 'lockstep-check-worker';

export interface CheckJob {
  configFile: string | undefined;
  rules: Record<string, Severity>;
  /** Every selected file: each worker builds the same programs as one thread would. */
  programFiles: string[];
  /** The files whose analyses this worker sends back, in order. */
  files: string[];
}

export interface WorkerData {
  kind: typeof CHECK_WORKER_KIND;
  job: CheckJob;
}

/** A file's analysis and what the Workspace logged while getting it (printed in the files' order). */
export interface AnalysedFile {
  analysis: FileAnalysis;
  log: string[];
}

export class WorkerFailure extends Error {}

/** The analyses of `job.files`, in its order; `shares` (from partition()) say which worker takes which indices. */
export async function analyzeInWorkers(job: CheckJob, shares: readonly number[][], entry: string): Promise<AnalysedFile[]> {
  const workers: Worker[] = [];
  const results: AnalysedFile[] = new Array(job.files.length);
  try {
    await Promise.all(shares.map(async (share, n) => {
      const worker = new Worker(entry, { workerData: { kind: CHECK_WORKER_KIND, job: { ...job, files: share.map((i) => job.files[i]!) } } satisfies WorkerData });
      workers.push(worker);
      const analysed = await resultOf(worker, `worker ${n + 1} of ${shares.length}`);
      if (analysed.length !== share.length) throw new WorkerFailure(`worker ${n + 1} of ${shares.length} sent ${analysed.length} results for ${share.length} files`);
      share.forEach((index, k) => (results[index] = analysed[k]!));
    }));
    return results;
  } finally {
    // After a failure the others' work is moot; after success they have ended already.
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}

function resultOf(worker: Worker, name: string): Promise<AnalysedFile[]> {
  return new Promise((resolve, reject) => {
    worker.once('message', (message: AnalysedFile[]) => resolve(message));
    worker.once('error', (error) => reject(new WorkerFailure(`${name} failed: ${error instanceof Error ? error.message : String(error)}`)));
    // Once a message resolved the promise, a later exit changes nothing.
    worker.once('exit', (code) => reject(new WorkerFailure(`${name} ended (exit code ${code}) without sending its results`)));
  });
}
