// One process of the corpus sweep (corpus-sweep.test.ts): it receives packages (a root folder and its files) one at
// a time, analyses each as its own host would see it — its tsconfig, else an inferred project — with a fresh
// Workspace disposed afterwards, and answers with what it found: counts, refusals, the slowest files, bounds broken.
import ts from 'typescript';
import { isAnalysableFile } from '../../server/src/analysis/project';
import { Workspace } from '../../server/src/analysis/workspace';
import { isTypeScriptStackOverflow } from './typescript-failures';

const PER_FILE_MS = 10_000;
/** A file TypeScript itself needs longer to check may take this many times TypeScript's time. */
const TYPESCRIPT_TIME_FACTOR = 1.5;
/**
 * The first file of a package pays for building its program: past this, it passes when TypeScript's own time to
 * build the program and check that file is nearly as long (a large package on a loaded machine, not a hang).
 */
const PROJECT_LOAD_MS = 120_000;

export interface SweepPackage {
  root: string;
  files: string[];
}

export interface Timed {
  file: string;
  ms: number;
}

export interface PackageResult {
  root: string;
  files: number;
  analysed: number;
  refused: number;
  findings: number;
  /** Refusal reasons with numbers and paths taken out, and how often each came. */
  refusals: Record<string, number>;
  slowest: Timed;
  slowestLoad: Timed;
  /** Files over PER_FILE_MS, with TypeScript's own time to check them (they pass under the factor). */
  outliers: (Timed & { typescriptMs: number })[];
  /** Rules that failed because TypeScript's checker overflowed its stack (contained: the other rules ran). */
  typescriptFailures: { file: string; ruleId: string }[];
  /** Broken bounds and failed rules: the test fails on any. */
  problems: string[];
  rssMB: number;
}

function sweepPackage({ root, files }: SweepPackage): PackageResult {
  const result: PackageResult = {
    root, files: files.length, analysed: 0, refused: 0, findings: 0, refusals: {},
    slowest: { file: '', ms: 0 }, slowestLoad: { file: '', ms: 0 }, outliers: [], typescriptFailures: [], problems: [], rssMB: 0,
  };
  const workspace = new Workspace({});
  try {
    // As `lockstep check` does: loose files join their inferred project together, so it is built once.
    for (const file of files) if (isAnalysableFile(file)) workspace.projectFor(file);
    let first = true;
    for (const file of files) {
      const started = performance.now();
      const analysis = workspace.analyzeFile(file);
      const ms = performance.now() - started;
      for (const failure of analysis.ruleErrors) {
        if (isTypeScriptStackOverflow(failure.error)) result.typescriptFailures.push({ file, ruleId: failure.ruleId });
        else result.problems.push(`${file}: rule ${failure.ruleId} failed: ${failure.error}`);
      }
      if (analysis.skipped) {
        result.refused++;
        const reason = analysis.skipped.replace(/\d+(\.\d+)?/g, 'N').replace(/ of \/.*$/, '');
        result.refusals[reason] = (result.refusals[reason] ?? 0) + 1;
        continue;
      }
      result.analysed++;
      result.findings += analysis.findings.length;
      if (first) {
        first = false;
        result.slowestLoad = { file, ms };
        if (ms >= PROJECT_LOAD_MS) checkLoad(workspace, file, ms, result);
        continue;
      }
      if (ms > result.slowest.ms) result.slowest = { file, ms };
      if (ms >= PER_FILE_MS) checkOutlier(workspace, file, ms, result);
    }
  } finally {
    workspace.dispose();
  }
  result.rssMB = process.memoryUsage().rss / 2 ** 20;
  return result;
}

/** A slow file passes when TypeScript's own check of it (checkJs on, in a fresh program) is nearly as slow. */
function checkOutlier(workspace: Workspace, file: string, ms: number, result: PackageResult): void {
  const typescriptMs = typeScriptMs(workspace.projectFor(file).program(), file, false);
  result.outliers.push({ file, ms, typescriptMs });
  if (ms >= TYPESCRIPT_TIME_FACTOR * typescriptMs) {
    result.problems.push(`${file}: ${ms.toFixed(0)} ms (bound ${PER_FILE_MS} ms, or ${TYPESCRIPT_TIME_FACTOR}x TypeScript's own ${typescriptMs.toFixed(0)} ms)`);
  }
}

/** Likewise for the first file, with TypeScript's time to build the program counted in. */
function checkLoad(workspace: Workspace, file: string, ms: number, result: PackageResult): void {
  const typescriptMs = typeScriptMs(workspace.projectFor(file).program(), file, true);
  result.outliers.push({ file, ms, typescriptMs });
  if (ms >= TYPESCRIPT_TIME_FACTOR * typescriptMs) {
    result.problems.push(`${file}: ${ms.toFixed(0)} ms to load its project and analyse it (bound ${PROJECT_LOAD_MS} ms, or ${TYPESCRIPT_TIME_FACTOR}x TypeScript's own ${typescriptMs.toFixed(0)} ms to build the program and check the file)`);
  }
}

function typeScriptMs(analysed: ts.Program, file: string, withProgram: boolean): number {
  const started = performance.now();
  const program = ts.createProgram({ rootNames: analysed.getRootFileNames(), options: { ...analysed.getCompilerOptions(), checkJs: true, noEmit: true } });
  const sourceFile = program.getSourceFile(file);
  const checking = performance.now();
  if (sourceFile) program.getSemanticDiagnostics(sourceFile);
  return performance.now() - (withProgram ? started : checking);
}

if (process.send) {
  process.on('message', (work: SweepPackage) => process.send!(sweepPackage(work)));
}
