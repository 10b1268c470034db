// The messages between the language server's connection thread (analysis-thread.ts) and its analysis thread
// (analysis-worker.ts). Requests are answered in the order they were sent; the stop word is shared memory the
// connection thread writes a job's id into to stop that job (the thread is busy and reads no messages meanwhile).
import type { ModelResult } from '../../../model/schema';
import type { FileAnalysis } from '../analysis/types';

export interface WorkerData {
  stopWord: Int32Array;
}

export interface AnalyzeRequest {
  method: 'analyze';
  file: string;
  /** Written into the stop word to stop this job. */
  jobId: number;
  limitSeconds: number;
  /** Open files that may depend on this one: the reply says which do (an edit re-checks them). */
  dependentCandidates?: string[];
}

export type AnalyzeResult =
  | { outcome: 'analysed'; analysis: FileAnalysis; projectName: string | undefined; dependents: string[] }
  | { outcome: 'cancelled' };

export type ThreadRequest =
  | AnalyzeRequest
  | { method: 'settings'; overrides: unknown }
  | { method: 'hover'; file: string; offset: number }
  /** The script files under these folders, as `lockstep check` would take them (folders that are not, skipped). */
  | { method: 'script-files'; folders: string[] }
  | { method: 'model'; file: string; entries: string[] | undefined; openUris: [file: string, uri: string][] };

/** What each request answers. */
export interface ThreadResults {
  analyze: AnalyzeResult;
  settings: string[];
  hover: string | null;
  'script-files': string[];
  model: ModelResult;
}

export type ToWorker =
  | { kind: 'open'; file: string; text: string; version: number }
  | { kind: 'close'; file: string }
  | { kind: 'disk-changed' }
  | { kind: 'dispose' }
  | { kind: 'request'; id: number; request: ThreadRequest };

export type FromWorker =
  | { kind: 'started'; ruleIds: readonly string[] }
  /** The job's rules started: its time limit counts from now (the program it needed is built). */
  | { kind: 'rules-started'; jobId: number }
  | { kind: 'reply'; id: number; result?: unknown; error?: string }
  | { kind: 'log'; message: string }
  | { kind: 'configuration-read'; file: string; errors: readonly string[] };
