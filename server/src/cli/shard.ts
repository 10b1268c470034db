// `lockstep check --shard i/n` (1-based, as Jest and Playwright count): one of n disjoint parts of the selected
// files, for a CI matrix. The parts are contiguous runs of the sorted file list, so they are the same on every
// machine that selects the same files, and shard reports concatenated in shard order are the unsharded report
// (merge.ts). The program is still built from every file: only the reporting is split.
import { UsageError } from './usage-error';

export interface Shard {
  /** 1-based. */
  index: number;
  count: number;
}

export function parseShard(value: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(value);
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || !Number.isSafeInteger(count) || count < 1 || index < 1 || index > count) {
    throw new UsageError(`--shard ${value}: expected <i>/<n> with 1 ≤ i ≤ n (e.g. --shard 2/3)`);
  }
  return { index, count };
}

/** The files of this shard: the i-th of n nearly equal contiguous slices (sizes differ by at most one). */
export function shardFiles<T>(files: readonly T[], shard: Shard): T[] {
  const boundary = (i: number) => Math.floor((i * files.length) / shard.count);
  return files.slice(boundary(shard.index - 1), boundary(shard.index));
}
