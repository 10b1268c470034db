// Small lock programs that tests of several hosts (CLI, LSP) write into temporary projects.

/** Takes an async-mutex lock and leaves on one path still holding it: one lock-leak when the types resolve. */
export const LEAKY_MUTEX_MODULE = [
  `import { Mutex } from 'async-mutex';`,
  `const lock = new Mutex();`,
  `export async function update(skip: boolean): Promise<void> {`,
  `  const release = await lock.acquire();`,
  `  if (skip) return;`,
  `  release();`,
  `}`,
  ``,
].join('\n');
