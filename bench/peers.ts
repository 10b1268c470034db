// The newer peers users compare Lockstep with, for the benchmarks only (never the product's dependencies: its
// `typescript` stays 6): TypeScript 7's native `tsgo`, and oxlint with its type-aware backend (tsgolint) running
// only the two promise rules the ESLint reference runs. Installed like a corpus (bench/corpora.ts): one folder
// under the bench cache, reinstalled when the pinned versions below change.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildSync } from 'esbuild';
import type { TheirFinding } from './agreement';
import { CACHE_DIR, installOnce } from './corpora';

export const PEER_PACKAGES: Record<string, string> = {
  typescript: '7.0.2',
  oxlint: '1.95.0',
  'oxlint-tsgolint': '7.0.2008',
};

export const OXLINT_RULES = { floating: 'typescript/no-floating-promises', misused: 'typescript/no-misused-promises' } as const;

const PEERS_DIR = path.join(CACHE_DIR, 'peers');

/** Installs the peers once; returns the paths of what the benchmarks run. */
export function ensurePeers(log: (message: string) => void = (m) => console.error(m)): { dir: string; tsgo: string; oxlint: string; tsgolint: string; typescript7: string } {
  const dir = installOnce(PEERS_DIR, 'peers', PEER_PACKAGES, JSON.stringify(PEER_PACKAGES), log, () => {});
  const modules = path.join(dir, 'node_modules');
  return {
    dir,
    tsgo: path.join(modules, 'typescript/bin/tsc'),
    oxlint: path.join(modules, 'oxlint/bin/oxlint'),
    tsgolint: path.join(modules, '.bin/tsgolint'),
    typescript7: path.join(modules, 'typescript'),
  };
}

/** Writes the oxlint config (the two rules, nothing else) into the corpus folder; returns its path. */
export function writeOxlintConfig(corpusDir: string): string {
  const config = path.join(corpusDir, '.oxlintrc.json');
  const rules = Object.fromEntries(Object.values(OXLINT_RULES).map((rule) => [rule, 'error']));
  fs.writeFileSync(config, `${JSON.stringify({ categories: { correctness: 'off' }, plugins: ['typescript'], rules }, null, 2)}\n`);
  return config;
}

/**
 * Bundles the TypeScript 7 experiment (bench/ts7-floating-promise/check.ts) into the peers folder, where its
 * `typescript/unstable/*` imports resolve to the pinned typescript@7. Returns the script to run.
 */
export function buildTs7Experiment(peersDir: string): string {
  const outfile = path.join(peersDir, 'ts7-floating-promise.mjs');
  buildSync({
    entryPoints: [path.join(__dirname, 'ts7-floating-promise/check.ts')],
    outfile, bundle: true, platform: 'node', format: 'esm', target: 'node20', external: ['typescript', 'typescript/*'], logLevel: 'error',
  });
  return outfile;
}

interface OxlintReport {
  diagnostics: { code: string; message: string; filename: string; labels: { span: { line: number } }[] }[];
}

/** oxlint's `--format json` as findings: `typescript(no-floating-promises)` at its first label's line. */
export function oxlintFindings(stdout: string): TheirFinding[] {
  return (JSON.parse(stdout) as OxlintReport).diagnostics.map((diagnostic) => ({
    rule: diagnostic.code.replace(/^(\w+)\((.+)\)$/, '$1/$2'),
    at: `${diagnostic.filename}:${diagnostic.labels[0]?.span.line}`,
    kind: diagnostic.message,
    message: diagnostic.message,
  }));
}
