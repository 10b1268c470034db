// The analyzer over every .ts/.tsx/.js/.d.ts (and .mjs/.cjs/.mts/.cts/.jsx) file in the benchmark corpora's
// installed dependencies (bench/corpora.ts: installed into .bench-cache/ on first use, from the npm registry).
// Each package is analysed as its own host would see it (its tsconfig, else an inferred project), with a fresh
// Workspace disposed afterwards. No file may throw or make a rule fail; each file stays under a time bound
// (the first file of a package pays for loading its project, so it has a bound of its own); the process's
// resident memory stays under a bound. `npm run test:robustness`, not npm test: it takes minutes.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { CORPORA, corpusDir, ensureCorpus, filesUnder } from '../../bench/corpora';
import { isAnalysableFile } from '../../server/src/analysis/project';
import { Workspace } from '../../server/src/analysis/workspace';

const SWEPT = /\.(d\.ts|[cm]?tsx?|[cm]?jsx?)$/;
const PER_FILE_MS = 10_000;
const PROJECT_LOAD_MS = 120_000;
const MAX_RSS_MB = 4096;

/** Files grouped by their package (the nearest folder with a package.json), in a stable order. */
function packagesOf(files: readonly string[]): Map<string, string[]> {
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
    byRoot.set(root, [...(byRoot.get(root) ?? []), file]);
  }
  return byRoot;
}

interface Slowest {
  file: string;
  ms: number;
}

test('every dependency file of the benchmark corpora is analysed without a crash, in bounded time and memory', { timeout: 30 * 60_000 }, () => {
  const files = CORPORA.flatMap((corpus) => {
    ensureCorpus(corpus);
    return [...filesUnder(path.join(corpusDir(corpus), 'node_modules'))].filter((file) => SWEPT.test(file));
  });
  const counts = { files: files.length, analysed: 0, refused: 0, findings: 0 };
  const refusals = new Map<string, number>();
  let slowest: Slowest = { file: '', ms: 0 };
  let slowestLoad: Slowest = { file: '', ms: 0 };
  let peakRssMB = 0;
  const started = performance.now();

  for (const [root, group] of packagesOf(files)) {
    const workspace = new Workspace({});
    try {
      // As `lockstep check` does: loose files join their inferred project together, so it is built once.
      for (const file of group) if (isAnalysableFile(file)) workspace.projectFor(file);
      let first = true;
      for (const file of group) {
        const fileStarted = performance.now();
        const analysis = workspace.analyzeFile(file);
        const ms = performance.now() - fileStarted;
        assert.deepEqual(analysis.ruleErrors, [], `${file}: a rule failed`);
        if (analysis.skipped) {
          counts.refused++;
          const reason = analysis.skipped.replace(/\d+(\.\d+)?/g, 'N').replace(/ of \/.*$/, '');
          refusals.set(reason, (refusals.get(reason) ?? 0) + 1);
        } else {
          counts.analysed++;
          counts.findings += analysis.findings.length;
        }
        if (first && !analysis.skipped) {
          first = false;
          if (ms > slowestLoad.ms) slowestLoad = { file, ms };
          assert.ok(ms < PROJECT_LOAD_MS, `${file}: ${ms.toFixed(0)} ms to load its project and analyse it (bound ${PROJECT_LOAD_MS} ms)`);
        } else {
          if (ms > slowest.ms) slowest = { file, ms };
          assert.ok(ms < PER_FILE_MS, `${file}: ${ms.toFixed(0)} ms (bound ${PER_FILE_MS} ms)`);
        }
      }
    } finally {
      workspace.dispose();
    }
    peakRssMB = Math.max(peakRssMB, process.memoryUsage().rss / 2 ** 20);
    assert.ok(peakRssMB < MAX_RSS_MB, `resident memory ${peakRssMB.toFixed(0)} MB after ${root} (bound ${MAX_RSS_MB} MB)`);
  }

  const seconds = (performance.now() - started) / 1000;
  console.log(`swept ${counts.files} files (${counts.analysed} analysed, ${counts.refused} refused, ${counts.findings} findings) in ${seconds.toFixed(0)} s`);
  console.log(`refusals: ${JSON.stringify(Object.fromEntries(refusals))}`);
  console.log(`slowest file ${slowest.ms.toFixed(0)} ms (${path.relative(process.cwd(), slowest.file)}); slowest first file of a package ${slowestLoad.ms.toFixed(0)} ms (${path.relative(process.cwd(), slowestLoad.file)}); peak RSS ${peakRssMB.toFixed(0)} MB`);
  assert.ok(counts.analysed > 1000, 'the sweep analysed the corpora');
});
