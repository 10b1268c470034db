// The --concurrency machinery from source: how many workers, which files each takes, and a worker that fails
// (throws, or ends without its results) failing the run with a message instead of leaving it waiting.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { analyzeInWorkers, WorkerFailure } from '../../server/src/cli/check-workers';
import { AUTO_FILES_PER_WORKER, partition, workerCount } from '../../server/src/cli/concurrency';
import { shardFiles } from '../../server/src/cli/shard';

test('workerCount: off is one; a count is capped by the files; auto is one per project, per AUTO_FILES_PER_WORKER files, per core', () => {
  const files = (count: number, projects = count) => Array.from({ length: count }, (_, i) => `p${i % projects}`);
  assert.equal(workerCount('off', files(500), 8), 1);
  assert.equal(workerCount(4, files(3), 8), 3);
  assert.equal(workerCount(4, files(500, 1), 2), 4, 'an explicit count is the user’s call, as in ESLint: it cuts one project too');
  assert.equal(workerCount('auto', files(10_000, 1), 8), 1, 'one project is never cut: each part would build its program again');
  assert.equal(workerCount('auto', files(AUTO_FILES_PER_WORKER * 2 - 1, 5), 8), 1, 'small inputs do not pay for workers');
  assert.equal(workerCount('auto', files(AUTO_FILES_PER_WORKER * 2, 5), 8), 2);
  assert.equal(workerCount('auto', files(AUTO_FILES_PER_WORKER * 10, 3), 8), 3, 'at most one per project');
  assert.equal(workerCount('auto', files(10_000, 50), 2), 2, 'never more than the cores');
  assert.equal(workerCount('auto', [], 2), 1);
});

test('partition keeps projects whole when they fit, cuts a large one, and depends only on the input', () => {
  assert.deepEqual(partition(['a', 'a', 'b', 'b'], 2), [[0, 1], [2, 3]]);
  assert.deepEqual(partition(['a', 'b', 'a', 'b'], 2), [[0, 2], [1, 3]], 'a project’s files go together, wherever they sort');
  assert.deepEqual(partition(['a', 'a', 'a', 'a', 'b', 'b'], 2), [[0, 1, 2], [3, 4, 5]], 'the large project is cut at an even share');
  assert.deepEqual(partition(['a'], 2), [[0]], 'no empty worker');
  assert.deepEqual(partition(['a', 'a', 'a', 'a', 'b', 'b'], 2, true), [[0, 1, 2, 3], [4, 5]], 'auto keeps every project whole');
  const projects = Array.from({ length: 101 }, (_, i) => `p${i % 7}`);
  const shares = partition(projects, 3);
  assert.deepEqual(shares.flat().sort((a, b) => a - b), projects.map((_, i) => i), 'every file once');
  assert.deepEqual(partition(projects, 3), shares);
});

test('shardFiles: contiguous parts that cover the files once, sizes within one', () => {
  const files = Array.from({ length: 10 }, (_, i) => i);
  const parts = [1, 2, 3].map((index) => shardFiles(files, { index, count: 3 }));
  assert.deepEqual(parts, [[0, 1, 2], [3, 4, 5], [6, 7, 8, 9]]);
  assert.deepEqual(shardFiles([1, 2], { index: 3, count: 3 }), [2]);
  assert.deepEqual(shardFiles([1, 2], { index: 1, count: 3 }), [], 'more shards than files: some are empty');
});

function failingWorker(source: string): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lockstep-worker-')), 'worker.js');
  fs.writeFileSync(file, source);
  return file;
}

const JOB = { configFile: undefined, rules: {}, programFiles: ['/x.ts', '/y.ts'], files: ['/x.ts', '/y.ts'] };

test('a worker that throws fails the run with its message', async () => {
  const entry = failingWorker("throw new Error('out of cheese');\n");
  await assert.rejects(analyzeInWorkers(JOB, [[0], [1]], entry), (error) => error instanceof WorkerFailure && /worker \d of 2 failed: out of cheese/.test(error.message));
});

test('a worker that ends without its results fails the run instead of leaving it waiting', async () => {
  const entry = failingWorker('process.exit(0);\n');
  await assert.rejects(analyzeInWorkers(JOB, [[0, 1]], entry), /worker 1 of 1 ended \(exit code 0\) without sending its results/);
});

test('a worker that answers for the wrong number of files fails the run', async () => {
  const entry = failingWorker("require('node:worker_threads').parentPort.postMessage([]);\n");
  await assert.rejects(analyzeInWorkers(JOB, [[0, 1]], entry), /worker 1 of 1 sent 0 results for 2 files/);
});
