// Small lock programs that tests of several hosts (CLI, LSP) write into temporary projects.
import { cpSync } from 'node:fs';
import * as path from 'node:path';

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

/** Copies the repository's async-mutex into `<root>/node_modules`, as `npm install async-mutex` would. */
export function installAsyncMutex(root: string): void {
  cpSync(path.join(__dirname, '../node_modules/async-mutex'), path.join(root, 'node_modules/async-mutex'), { recursive: true });
}
