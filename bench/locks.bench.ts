// Benchmark (not a test): edit→diagnostics time, over the LSP (stdio) against the bundled server, in a file that
// takes part in a cross-file lock-order cycle, in a generated 500-file project. Reported in absolute ms and as a
// ratio against references measured in the same run: the same edits with the lock rules off, and `tsc --noEmit`.
//   npm run bench:locks            (builds first)
//   LOCKSTEP_LOCK_FACTS_CACHE=off npm run bench:locks   (per-file lock facts recomputed for every program)
import { spawnSync } from 'node:child_process';
import { LspTestClient } from '../test/lsp/lspClient';
import { syntheticProject, type SyntheticProject } from './synthetic';

const FILES = 500;
const EDITS = 15;

/** File i: its own lock, a helper that takes it, some ordinary async code, and an entry that nests lock i over helper i-1. */
function sourceOf(i: number): string {
  const previous = i === 0 ? 1 : i - 1; // f0 ↔ f1 close the cycle; every other file nests in one consistent order
  return [
    `import { Mutex } from 'async-mutex';`,
    `import { helper${previous} } from './f${previous}';`,
    `export const lock${i} = new Mutex();`,
    `export async function helper${i}(): Promise<number> {`,
    `  return lock${i}.runExclusive(async () => ${i});`,
    `}`,
    `export async function entry${i}(): Promise<number> {`,
    `  const release = await lock${i}.acquire();`,
    `  try {`,
    `    return (await helper${previous}()) + 1;`,
    `  } finally {`,
    `    release();`,
    `  }`,
    `}`,
    `export class Service${i} {`,
    `  private readonly items = new Map<string, number>();`,
    `  async load(key: string): Promise<number | undefined> { await Promise.resolve(); return this.items.get(key); }`,
    `  async save(key: string, value: number): Promise<void> { await this.load(key); this.items.set(key, value); }`,
    `  async all(keys: string[]): Promise<void> { await Promise.all(keys.map((key) => this.save(key, key.length))); }`,
    `}`,
    ``,
  ].join('\n');
}

async function editToDiagnostics(folder: SyntheticProject, settings: Record<string, unknown>): Promise<{ first: number; edits: number[]; findings: number }> {
  const client = await LspTestClient.start({ settings });
  try {
    const uri = folder.uri('f0.ts');
    const text = sourceOf(0);
    let started = performance.now();
    client.open(uri, text, 1);
    const initial = await client.diagnosticsFor(uri, 1, () => true, 'initial', );
    const first = performance.now() - started;
    const edits: number[] = [];
    for (let version = 2; version < 2 + EDITS; version++) {
      started = performance.now();
      client.change(uri, version, `${text}// edit ${version}\n`);
      await client.diagnosticsFor(uri, version);
      edits.push(performance.now() - started);
    }
    return { first, edits, findings: initial.filter((d) => String(d.code).startsWith('lock-')).length };
  } finally {
    await client.stop();
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function main(): Promise<void> {
  const folder = syntheticProject('lockstep-bench-', FILES, sourceOf);
  try {
    const lockRulesOff = { rules: { 'lock-order': 'off', 'lock-reentry': 'off', 'lock-leak': 'off' } };
    const withLocks = await editToDiagnostics(folder, {});
    const withoutLocks = await editToDiagnostics(folder, lockRulesOff);
    const tscStarted = performance.now();
    const tsc = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', folder.dir, '--noEmit'], { encoding: 'utf8' });
    const tscMs = performance.now() - tscStarted;
    if (tsc.status !== 0) throw new Error(`the generated project does not type-check:\n${tsc.stdout}`);

    const locks = median(withLocks.edits);
    const reference = median(withoutLocks.edits);
    const cache = process.env.LOCKSTEP_LOCK_FACTS_CACHE === 'off' ? 'off' : 'on';
    console.log(`${FILES}-file project, ${EDITS} edits of f0.ts (in a cross-file lock-order cycle with f1.ts); lock facts cache ${cache}`);
    console.log(`lock findings in f0.ts: ${withLocks.findings}`);
    console.log(`open → diagnostics:  lock rules on ${withLocks.first.toFixed(0)} ms, off ${withoutLocks.first.toFixed(0)} ms`);
    console.log(`edit → diagnostics (median): lock rules on ${locks.toFixed(1)} ms, off ${reference.toFixed(1)} ms — ratio ${(locks / reference).toFixed(2)}`);
    console.log(`tsc --noEmit on the project: ${tscMs.toFixed(0)} ms — edit with lock rules on is ${(locks / tscMs).toFixed(3)} of it`);
  } finally {
    folder.remove();
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
