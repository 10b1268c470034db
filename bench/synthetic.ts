// Generated projects for the benchmarks: a temporary folder of files f0.ts … f{n-1}.ts and a tsconfig that resolves
// async-mutex to this checkout's copy (the folder has no node_modules of its own).
import * as path from 'node:path';
import { tempFolder } from '../test/lsp/lspClient';

const REPO = path.resolve(__dirname, '..');

export type SyntheticProject = ReturnType<typeof tempFolder>;

export function syntheticProject(prefix: string, files: number, sourceOf: (i: number) => string): SyntheticProject {
  const folder = tempFolder(prefix);
  folder.write('tsconfig.json', JSON.stringify({
    compilerOptions: {
      strict: true, target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler', lib: ['ES2023'], types: [], noEmit: true,
      paths: { 'async-mutex': [path.join(REPO, 'node_modules/async-mutex/lib/index.d.ts')] },
    },
    include: ['*.ts'],
  }));
  for (let i = 0; i < files; i++) folder.write(`f${i}.ts`, sourceOf(i));
  return folder;
}

/** The two of a file's four mutexes each of its eight functions nests, outer first: in index order, so they agree. */
const NESTED_PAIRS: readonly (readonly [number, number])[] = [[0, 1], [0, 2], [0, 3], [1, 2], [1, 3], [2, 3], [0, 1], [2, 3]];
/** Every this-many files, one function nests its pair the other way round: a lock-order cycle inside that file. */
export const LOCK_HEAVY_CYCLE_EVERY = 25;

/**
 * Lock-heavy file i: four mutexes and eight functions, each nesting two of them. Functions 0–3 take only their
 * own pair; functions 4–7 also call, inside the inner lock, one of those of file i-1 (4, 5) or of file ⌊i/2⌋
 * (6, 7). Every call goes to a lower file, so the files' orders agree and the graph is a deep DAG, but for
 * one inverted nesting every LOCK_HEAVY_CYCLE_EVERY files.
 */
export function lockHeavySource(i: number): string {
  const callees = [i - 1, i - 1, Math.floor(i / 2), Math.floor(i / 2)];
  const imported = [...new Set(callees)].filter((j) => j >= 0 && j < i);
  const lines = [
    `import { Mutex } from 'async-mutex';`,
    ...imported.map((j) => `import * as f${j} from './f${j}';`),
    ...[0, 1, 2, 3].map((k) => `export const lock${k} = new Mutex();`),
  ];
  NESTED_PAIRS.forEach(([outer, inner], k) => {
    const [first, second] = i % LOCK_HEAVY_CYCLE_EVERY === LOCK_HEAVY_CYCLE_EVERY - 1 && k === 7 ? [inner, outer] : [outer, inner];
    const callee = k >= 4 && i > 0 ? `await f${callees[k - 4]}.fn${k - 4}()` : `${k}`;
    lines.push(
      `export async function fn${k}(): Promise<number> {`,
      `  const release = await lock${first}.acquire();`,
      `  try {`,
      `    return await lock${second}.runExclusive(async () => ${callee});`,
      `  } finally {`,
      `    release();`,
      `  }`,
      `}`,
    );
  });
  return `${lines.join('\n')}\n`;
}
