// Benchmark and precision report on real code that takes locks (LOCK_CORPORA in bench/corpora.ts). For each corpus:
// - every lock-order / lock-reentry / lock-leak finding, read against the verdicts triaged by hand in
//   docs/lock-corpus-triage.md: the lock rules' precision (true / triaged), the findings no verdict covers, and
//   the verdicts whose finding is no longer reported;
// - every wrapper the lock model recognised (LockAnalysis.wrappers()), against those a reading of the code found;
// - time: `lockstep check` with only the lock rules on, with only lock-order on, and with every rule off (the
//   program and file walk alone), against `tsc --noEmit` on the same tsconfig, all measured in this run.
// Writes bench-results/lock-corpus.json.
//   npm run bench:lock-corpus               (builds first; installs the corpora into .bench-cache/locks/ once)
//   LOCKSTEP_BENCH_REPEATS=1 LOCKSTEP_BENCH_CORPORA=ethereumjs npm run bench:lock-corpus
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type ts from 'typescript';
import type { JsonFinding, JsonReport } from '../server/src/cli/format-json';
import { functionName } from '../server/src/analysis/functions';
import { lockAnalysis } from '../server/src/analysis/locks/lock-analysis';
import { RULE_IDS } from '../server/src/analysis/rules/index';
import { Workspace } from '../server/src/analysis/workspace';
import { LOCK_CORPORA, REPO, ensureLockCorpus, lockCorpusDir, selectedLockCorpora, type LockCorpus } from './corpora';
import { best, machine, runNodeScript, writeReport, type Measured } from './measure';

const REPEATS = Number(process.env.LOCKSTEP_BENCH_REPEATS ?? 3);
const CLI = path.join(REPO, 'dist/cli.js');
const TSC = path.join(REPO, 'node_modules/typescript/bin/tsc');
const TRIAGE = path.join(REPO, 'docs/lock-corpus-triage.md');
const LOCK_RULES = ['lock-order', 'lock-reentry', 'lock-leak'];

/** `lockstep check` with only these rules on. */
function checkWith(rules: readonly string[]): (dir: string, scratch: string) => Measured {
  const off = RULE_IDS.filter((id) => !rules.includes(id)).flatMap((id) => ['--rule', `${id}=off`]);
  return (dir, scratch) => runNodeScript(CLI, ['check', '--project', 'tsconfig.json', '--format', 'json', ...off], dir, { LOCKSTEP_COMPILE_CACHE_DIR: path.join(scratch, 'compile-cache') });
}

const RUNS = {
  tsc: (dir: string) => runNodeScript(TSC, ['-p', 'tsconfig.json', '--noEmit'], dir),
  lockRules: checkWith(LOCK_RULES),
  lockOrder: checkWith(['lock-order']),
  noRules: checkWith([]),
} satisfies Record<string, (dir: string, scratch: string) => Measured>;
type RunName = keyof typeof RUNS;

interface Finding {
  /** file:line, the file relative to the corpus folder (as the triage names it). */
  at: string;
  rule: string;
  message: string;
  verdict?: Verdict;
}

interface Verdict {
  truePositive: boolean;
  why: string;
}

interface Wrapper {
  at: string;
  fn: string;
  /** The parameters it runs, each with a lock it may hold then. */
  runs: string[];
}

interface CorpusResult {
  corpus: string;
  locks: string;
  files: number;
  /** Acquisitions the lock model sees (acquire, scoped, wait): none means the lock types did not resolve. */
  acquisitions: number;
  tscTypeErrors: number;
  knownTypeErrors?: string;
  best: Record<RunName, { ms: number; peakRssMB: number }>;
  ratios: { lockRulesVsTsc: number; lockRulesOwnVsTsc: number; lockOrderOwnVsTsc: number };
  findings: Finding[];
  precision: { triaged: number; truePositives: number; untriaged: number; value: number | null };
  wrappers: Wrapper[];
  knownWrappers: { file: string; fn: string; recognised: boolean }[];
}

function benchCorpus(corpus: LockCorpus, verdicts: Map<string, Verdict>): CorpusResult {
  const dir = ensureLockCorpus(corpus);
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), `lockstep-bench-${corpus.name}-`));
  const runs = Object.fromEntries(Object.keys(RUNS).map((name) => [name, [] as Measured[]])) as Record<RunName, Measured[]>;
  // Interleaved, so a slow patch of the machine weighs on every run alike.
  for (let i = 0; i < REPEATS; i++) {
    for (const [name, run] of Object.entries(RUNS) as [RunName, (typeof RUNS)[RunName]][]) {
      const measured = run(dir, scratch);
      if (![0, 1, 2].includes(measured.status ?? -1) || (name !== 'tsc' && measured.status === 2)) {
        throw new Error(`${corpus.name}: ${name} exited with ${measured.status}:\n${measured.stderr.slice(-2000)}`);
      }
      runs[name].push(measured);
    }
  }
  fs.rmSync(scratch, { recursive: true, force: true });
  const report = JSON.parse(runs.lockRules.at(-1)!.stdout) as JsonReport;
  if (report.ruleErrors.length > 0) throw new Error(`${corpus.name}: a rule failed: ${JSON.stringify(report.ruleErrors[0])}`);

  const findings = report.findings.filter((finding) => LOCK_RULES.includes(finding.rule)).map((finding) => findingOf(finding, corpus, verdicts));
  const triaged = findings.filter((finding) => finding.verdict);
  const truePositives = triaged.filter((finding) => finding.verdict!.truePositive).length;
  const model = lockModelOf(dir);
  const bestOf = Object.fromEntries(Object.entries(runs).map(([name, measured]) => [name, best(measured)])) as CorpusResult['best'];
  return {
    corpus: corpus.name,
    locks: corpus.locks,
    files: report.summary.filesChecked,
    acquisitions: model.acquisitions,
    tscTypeErrors: (runs.tsc.at(-1)!.stdout.match(/error TS\d+/g) ?? []).length,
    knownTypeErrors: corpus.knownTypeErrors,
    best: bestOf,
    ratios: {
      lockRulesVsTsc: bestOf.lockRules.ms / bestOf.tsc.ms,
      lockRulesOwnVsTsc: (bestOf.lockRules.ms - bestOf.noRules.ms) / bestOf.tsc.ms,
      lockOrderOwnVsTsc: (bestOf.lockOrder.ms - bestOf.noRules.ms) / bestOf.tsc.ms,
    },
    findings,
    precision: { triaged: triaged.length, truePositives, untriaged: findings.length - triaged.length, value: triaged.length ? truePositives / triaged.length : null },
    wrappers: model.wrappers,
    knownWrappers: corpus.knownWrappers.map((known) => ({ ...known, recognised: model.wrappers.some((found) => found.at.startsWith(`src/${known.file}:`) && found.fn === known.fn) })),
  };
}

function findingOf(finding: JsonFinding, corpus: LockCorpus, verdicts: Map<string, Verdict>): Finding {
  const at = `${finding.file}:${finding.start.line}`;
  return { at, rule: finding.rule, message: finding.message, verdict: verdicts.get(verdictKey(corpus.name, at, finding.rule)) };
}

/** The corpus's lock model, read in this process: its wrappers, and how many acquisitions it sees. */
function lockModelOf(dir: string): { wrappers: Wrapper[]; acquisitions: number } {
  const tsconfig = path.join(dir, 'tsconfig.json');
  const workspace = new Workspace({ configFile: tsconfig });
  try {
    const program = workspace.projectFor(tsconfig).program();
    const locks = workspace.configurationFor(program.getRootFileNames()[0]!).settings.locks;
    const analysis = lockAnalysis(program, locks);
    const at = (node: ts.Node) => {
      const sourceFile = node.getSourceFile();
      return `${path.relative(dir, sourceFile.fileName)}:${sourceFile.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
    };
    const wrappers = analysis.wrappers().map(({ fn, runs }) => ({
      at: at(fn),
      fn: functionName(fn),
      runs: [...new Set(runs.map((run) => `${fn.parameters[run.index]?.name.getText() ?? `#${run.index}`} holding ${run.held.ref.identity.label}`))],
    }));
    return { wrappers, acquisitions: analysis.acquisitions().length };
  } finally {
    workspace.dispose();
  }
}

/**
 * The verdicts of docs/lock-corpus-triage.md: under each `## <corpus>` heading, table rows
 * `| file:line | rule | TRUE or FALSE | why |`.
 */
function readVerdicts(): Map<string, Verdict> {
  const verdicts = new Map<string, Verdict>();
  if (!fs.existsSync(TRIAGE)) return verdicts;
  let corpus = '';
  for (const line of fs.readFileSync(TRIAGE, 'utf8').split('\n')) {
    const heading = /^## (\S+)/.exec(line);
    if (heading) corpus = heading[1]!;
    const row = /^\|\s*`?([^|`]+:\d+)`?\s*\|\s*(lock-[a-z]+)\s*\|\s*\**(TRUE|FALSE)\b[^|]*\|\s*(.*?)\s*\|\s*$/.exec(line);
    if (row) verdicts.set(verdictKey(corpus, row[1]!, row[2]!), { truePositive: row[3] === 'TRUE', why: row[4]! });
  }
  return verdicts;
}

function verdictKey(corpus: string, at: string, rule: string): string {
  return `${corpus}|${at}|${rule}`;
}

const x = (ratio: number) => `${ratio.toFixed(2)}x`;
const percent = (value: number | null) => (value === null ? '—' : `${(value * 100).toFixed(0)}%`);

function printCorpus(result: CorpusResult): void {
  const { best: b, ratios, precision } = result;
  const recognised = result.knownWrappers.filter((known) => known.recognised).length;
  console.log(`${result.corpus}: ${result.files} files, ${result.acquisitions} acquisitions, ${result.findings.length} lock findings, ` +
    `precision ${percent(precision.value)} (${precision.truePositives}/${precision.triaged} triaged${precision.untriaged ? `, ${precision.untriaged} NOT TRIAGED` : ''}), ` +
    `wrappers: ${result.wrappers.length} recognised, ${recognised}/${result.knownWrappers.length} known`);
  console.log(`  best of ${REPEATS}: tsc ${(b.tsc.ms / 1000).toFixed(2)} s (${result.tscTypeErrors} type errors), lock rules ${(b.lockRules.ms / 1000).toFixed(2)} s, ` +
    `lock-order ${(b.lockOrder.ms / 1000).toFixed(2)} s, no rules ${(b.noRules.ms / 1000).toFixed(2)} s — lock rules vs tsc ${x(ratios.lockRulesVsTsc)}, ` +
    `their own time vs tsc ${x(ratios.lockRulesOwnVsTsc)}, lock-order's own ${x(ratios.lockOrderOwnVsTsc)}`);
  for (const finding of result.findings) {
    const verdict = finding.verdict ? (finding.verdict.truePositive ? 'TRUE ' : 'FALSE') : 'UNTRIAGED';
    console.log(`  ${verdict} ${finding.rule} ${finding.at}: ${finding.verdict?.why ?? finding.message}`);
  }
  for (const wrapper of result.wrappers) console.log(`  wrapper ${wrapper.fn} (${wrapper.at}) runs ${wrapper.runs.join('; ')}`);
  for (const known of result.knownWrappers.filter((wrapper) => !wrapper.recognised)) console.log(`  wrapper NOT recognised: ${known.fn} (src/${known.file})`);
}

function main(): void {
  const verdicts = readVerdicts();
  const results = selectedLockCorpora().map((corpus) => {
    const result = benchCorpus(corpus, verdicts);
    printCorpus(result);
    return result;
  });
  const reported = new Set(results.flatMap((result) => result.findings.map((finding) => verdictKey(result.corpus, finding.at, finding.rule))));
  const measured = new Set(results.map((result) => result.corpus));
  for (const key of verdicts.keys()) {
    if (measured.has(key.split('|')[0]!) && !reported.has(key)) console.log(`verdict for a finding no longer reported (update ${path.relative(REPO, TRIAGE)}): ${key}`);
  }
  const triaged = results.reduce((sum, result) => sum + result.precision.triaged, 0);
  const truePositives = results.reduce((sum, result) => sum + result.precision.truePositives, 0);
  const known = results.flatMap((result) => result.knownWrappers);
  console.log(`overall: ${results.reduce((sum, result) => sum + result.findings.length, 0)} lock findings, precision ${percent(triaged ? truePositives / triaged : null)} ` +
    `(${truePositives}/${triaged} triaged), known wrappers recognised ${known.filter((wrapper) => wrapper.recognised).length}/${known.length}`);
  const report = writeReport('lock-corpus.json', {
    date: new Date().toISOString(), machine: machine(), repeats: REPEATS,
    corpora: LOCK_CORPORA.map((corpus) => ({ ...corpus, dir: lockCorpusDir(corpus) })),
    results,
  });
  console.log(`report: ${path.relative(process.cwd(), report)}`);
}

main();
