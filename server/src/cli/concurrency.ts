// `lockstep check --concurrency auto|off|N` (ESLint's name and values): how many worker threads analyse the files,
// and which files each one takes. Splitting is deterministic and the results are put back in the files' order,
// so the output is byte-identical to one thread's.
import * as os from 'node:os';
import { UsageError } from './usage-error';

export type Concurrency = 'auto' | 'off' | number;

/**
 * Below this many files per worker `auto` adds no worker: starting one and building its programs costs more than
 * the analysis it takes over (on examples/, 6 files, two workers took twice as long).
 */
export const AUTO_FILES_PER_WORKER = 40;

export function parseConcurrency(value: string): Concurrency {
  if (value === 'auto' || value === 'off') return value;
  const count = Number(value);
  if (/^\d+$/.test(value) && Number.isSafeInteger(count) && count >= 1) return count;
  throw new UsageError(`--concurrency ${value}: expected auto, off or a positive integer`);
}

/**
 * The number of threads to run (`projectOf`: each file's project), never more than there are files. `auto`: at
 * most one per project, by the cores and the files per worker — a worker builds the whole program of every project
 * it has files of, so cutting one project over two workers builds its program twice, which costs more than the
 * analysis they share (bench:concurrency, one project each: rxjs and mongodb 0.72–0.75× one thread's speed).
 * An explicit count cuts projects too, as asked.
 */
export function workerCount(concurrency: Concurrency, projectOf: readonly string[], cores = os.availableParallelism()): number {
  const auto = () => Math.min(cores, new Set(projectOf).size, Math.floor(projectOf.length / AUTO_FILES_PER_WORKER));
  const wanted = concurrency === 'off' ? 1 : concurrency === 'auto' ? auto() : concurrency;
  return Math.max(1, Math.min(wanted, projectOf.length));
}

/**
 * Each worker's share of the files (indices into `projectOf`, ascending). Whole projects first, so a worker builds
 * few programs; unless `wholeProjects` (auto), a project larger than an even share is cut into contiguous pieces of
 * at most that share. Pieces go largest first to the least loaded worker (ties: the lower index), which depends on
 * nothing but the input.
 */
export function partition(projectOf: readonly string[], workers: number, wholeProjects = false): number[][] {
  const share = wholeProjects ? projectOf.length : Math.ceil(projectOf.length / workers);
  const byProject = new Map<string, number[]>();
  projectOf.forEach((project, index) => byProject.set(project, [...(byProject.get(project) ?? []), index]));
  const pieces = [...byProject.values()].flatMap((indices) => chunks(indices, share));
  pieces.sort((a, b) => b.length - a.length || a[0]! - b[0]!);
  const shares: number[][] = Array.from({ length: workers }, () => []);
  for (const piece of pieces) {
    const lightest = shares.reduce((min, current, index) => (current.length < shares[min]!.length ? index : min), 0);
    shares[lightest]!.push(...piece);
  }
  return shares.map((indices) => indices.sort((a, b) => a - b)).filter((indices) => indices.length > 0);
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += size) result.push(items.slice(start, start + size));
  return result;
}
