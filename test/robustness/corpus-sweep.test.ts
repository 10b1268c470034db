// The analyzer over every .ts/.tsx/.js/.d.ts (and .mjs/.cjs/.mts/.cts/.jsx) file in the benchmark corpora's
// installed dependencies and the sweep's own packages (bench/corpora.ts: installed into .bench-cache/ on first
// use, from the npm registry) — tens of thousands of files. Packages are shared out to worker processes, one per
// core (sweep-worker.ts analyses them). No file may throw or make a rule fail, except where TypeScript's own
// checker overflows its stack (contained, listed); each file stays under a time bound (or near TypeScript's own
// time to check it); each worker's resident memory stays under a bound. `npm run test:robustness`, not npm test.
import assert from 'node:assert/strict';
import { fork, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { CORPORA, corpusDir, ensureCorpus, ensureSweepPackages, filesUnder } from '../../bench/corpora';
import { DEEP_WITHOUT_BRACKETS, NORMAL, deeplyNested } from '../hostile-inputs';
import type { PackageResult, SweepPackage, Timed } from './sweep-worker';

const SWEPT = /\.(d\.ts|[cm]?tsx?|[cm]?jsx?)$/;
const MAX_RSS_MB = 4096;
const WORKER = path.join(__dirname, 'sweep-worker.ts');
/** Each worker holds one package's program at a time (up to ~3 GB for the largest): at most four at once. */
const WORKERS = Math.min(os.availableParallelism(), 4);

/** Files grouped by their package (the nearest folder with a package.json), largest first. */
function packagesOf(files: readonly string[]): SweepPackage[] {
  const byRoot = new Map<string, string[]>();
  const rootOf = new Map<string, string>();
  const packageRoot = (dir: string): string => {
    const known = rootOf.get(dir);
    if (known) return known;
    const parent = path.dirname(dir);
    const root = fs.existsSync(path.join(dir, 'package.json')) || parent === dir ? dir : packageRoot(parent);
    rootOf.set(dir, root);
    return root;
  };
  for (const file of files) {
    const root = packageRoot(path.dirname(file));
    const group = byRoot.get(root);
    if (group) group.push(file);
    else byRoot.set(root, [file]);
  }
  return [...byRoot].map(([root, group]) => ({ root, files: group })).sort((a, b) => b.files.length - a.files.length);
}

/** Hands packages from the shared queue to one worker process until the queue is empty. */
async function drain(queue: SweepPackage[], results: PackageResult[]): Promise<void> {
  const worker = fork(WORKER, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  try {
    for (let work = queue.shift(); work; work = queue.shift()) results.push(await sweep(worker, work));
  } finally {
    worker.kill();
  }
}

function sweep(worker: ChildProcess, work: SweepPackage): Promise<PackageResult> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null, signal: string | null) => reject(new Error(`the worker sweeping ${work.root} died (exit ${code}, signal ${signal})`));
    worker.once('exit', onExit);
    worker.once('message', (result: PackageResult) => {
      worker.off('exit', onExit);
      resolve(result);
    });
    worker.send(work);
  });
}

/** The generated hostile files beside one normal file, as a package of their own (swept like the real ones). */
function hostilePackage(): SweepPackage {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'lockstep-hostile-sweep-'));
  const files: Record<string, string> = { 'package.json': '{ "name": "hostile" }\n', 'normal.ts': NORMAL, 'deep-brackets.ts': deeplyNested(), ...DEEP_WITHOUT_BRACKETS };
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(root, name), text);
  return { root, files: Object.keys(files).filter((name) => SWEPT.test(name)).sort().map((name) => path.join(root, name)) };
}

const slowestOf = (timings: readonly Timed[]): Timed => timings.reduce((a, b) => (b.ms > a.ms ? b : a), { file: '', ms: 0 });
const shown = (timed: Timed) => `${timed.ms.toFixed(0)} ms (${path.relative(process.cwd(), timed.file)})`;

test('every dependency file of the benchmark corpora and the sweep packages is analysed without a crash, in bounded time and memory', { timeout: 30 * 60_000 }, async () => {
  const folders = [...CORPORA.map((corpus) => (ensureCorpus(corpus), corpusDir(corpus))), ensureSweepPackages()];
  const files = folders.flatMap((folder) => [...filesUnder(path.join(folder, 'node_modules'))].filter((file) => SWEPT.test(file)));
  const hostile = hostilePackage();
  const packages = [hostile, ...packagesOf(files)];
  const results: PackageResult[] = [];
  const started = performance.now();
  await Promise.all(Array.from({ length: WORKERS }, () => drain(packages, results)));
  const seconds = (performance.now() - started) / 1000;

  const total = (key: 'analysed' | 'refused' | 'findings') => results.reduce((sum, result) => sum + result[key], 0);
  const refusals: Record<string, number> = {};
  for (const result of results) for (const [reason, count] of Object.entries(result.refusals)) refusals[reason] = (refusals[reason] ?? 0) + count;
  const peakRssMB = Math.max(...results.map((result) => result.rssMB));
  console.log(`swept ${files.length} files of ${results.length} packages (${total('analysed')} analysed, ${total('refused')} refused, ${total('findings')} findings) in ${seconds.toFixed(0)} s with ${WORKERS} workers`);
  console.log(`refusals: ${JSON.stringify(refusals)}`);
  console.log(`slowest file ${shown(slowestOf(results.map((result) => result.slowest)))}; slowest first file of a package ${shown(slowestOf(results.map((result) => result.slowestLoad)))}; peak RSS of a worker ${peakRssMB.toFixed(0)} MB`);
  for (const outlier of results.flatMap((result) => result.outliers)) console.log(`over ${path.relative(process.cwd(), outlier.file)}: ${outlier.ms.toFixed(0)} ms, TypeScript's own check ${outlier.typescriptMs.toFixed(0)} ms`);
  for (const failure of results.flatMap((result) => result.typescriptFailures)) console.log(`TypeScript's checker overflowed its stack under ${failure.ruleId} in ${path.relative(process.cwd(), failure.file)}`);

  fs.rmSync(hostile.root, { recursive: true, force: true });
  const hostileResult = results.find((result) => result.root === hostile.root)!;
  assert.deepEqual([hostileResult.refused, hostileResult.analysed, hostileResult.findings], [hostile.files.length - 1, 1, 1], 'each hostile file refused, its neighbour analysed with its finding');
  assert.equal(results.reduce((sum, result) => sum + result.files, 0), files.length + hostile.files.length, 'every package was swept');
  assert.deepEqual(results.flatMap((result) => result.problems), []);
  for (const result of results) assert.ok(result.rssMB < MAX_RSS_MB, `a worker's resident memory was ${result.rssMB.toFixed(0)} MB after ${result.root} (bound ${MAX_RSS_MB} MB)`);
  assert.ok(files.length > 20_000 && total('analysed') > 10_000, 'the sweep covered tens of thousands of files');
});
