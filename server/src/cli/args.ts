// Command-line parsing for `lockstep`. Every mistake becomes a UsageError with a one-line reason, which the
// entry point prints and turns into exit code 2; nothing here touches the file system.
import { isSeverity } from '../analysis/settings';
import { SEVERITIES, type Severity } from '../analysis/types';
import { parseConcurrency, type Concurrency } from './concurrency';
import { parseShard, type Shard } from './shard';
import { UsageError } from './usage-error';

export { UsageError };

export const FORMATS = ['text', 'json', 'sarif'] as const;
export type Format = (typeof FORMATS)[number];

export interface CheckOptions {
  /** As given; empty when none were (the caller decides what that means). */
  paths: string[];
  project: string | undefined;
  format: Format;
  /** Severity per rule id from `--rule id=severity`; a later flag for the same rule wins. */
  rules: Record<string, Severity>;
  /** Apply each finding's preferred fix to the files, then report what is left (`--fix`). */
  fix: boolean;
  /** Keep findings between runs (`--cache`), in `--cache-location` (a file or folder) if given. */
  cache: boolean;
  cacheLocation: string | undefined;
  /** Worker threads (`--concurrency`): off (one thread, the default), a count, or auto. */
  concurrency: Concurrency;
  /** Report only this part of the files (`--shard i/n`). */
  shard: Shard | undefined;
}

export const POLICIES = ['fifo', 'random', 'explore'] as const;
export type Policy = (typeof POLICIES)[number];
export const SIMULATE_FORMATS = ['text', 'json', 'chrome-trace'] as const;
export const TIMINGS = ['virtual', 'any'] as const;
export type SimulateFormat = (typeof SIMULATE_FORMATS)[number];

export interface SimulateOptions {
  /** A `*.model.json` file, or a source file (through the model extractor). */
  file: string;
  policy: Policy;
  seed: number | undefined;
  /** Copies per task template from `--tasks name=count,…`. */
  tasks: Record<string, number>;
  format: SimulateFormat;
  /** `explore`'s bound on distinct states (`--max-states`). */
  maxStates: number | undefined;
  /** `--timing`: whether timers keep their due-time order (scheduler/types.ts Timing). */
  timing: (typeof TIMINGS)[number];
}

export type Command =
  | { kind: 'help' }
  | { kind: 'version' }
  | { kind: 'check'; options: CheckOptions }
  | { kind: 'simulate'; options: SimulateOptions }
  | { kind: 'merge'; reports: string[] };

export const USAGE = `Usage: lockstep check [paths...] [options]

Finds concurrency bugs in TypeScript and JavaScript.

Paths default to the current directory. Directories are searched for .ts .tsx .mts .cts .js .jsx .mjs .cjs
files (not .d.ts), skipping node_modules, dist and dot-folders; files named explicitly are always analysed.
Each file is analysed with the nearest tsconfig.json/jsconfig.json above it that includes it, else with
inferred settings (allowJs, strict).

Options:
  --project <tsconfig.json>   analyse the files of this project (filtered by paths, if given) with its settings
  --format <text|json|sarif>  output format (default: text)
  --rule <id>=<severity>      set a rule's severity: ${SEVERITIES.join(' | ')} (repeatable)
  --fix                       apply each finding's preferred fix to the files (as the editor's Fix all does),
                              then report the findings left (always on one thread)
  --concurrency <auto|off|n>  analyse on n worker threads (auto: by cores and files; default: off); the
                              output is the same as with off
  --shard <i>/<n>             report only the i-th of n parts of the files (for a CI matrix); the programs
                              are still built from every file. lockstep merge joins the shards' reports
  --cache                     reuse the findings of files whose inputs are unchanged since the last run
  --cache-location <path>     the cache file, or a folder for it (default: ./.lockstepcache)
  -h, --help                  show this help
  -v, --version               show the version

Exit codes: 0 no error-level finding, 1 some error-level finding, 2 usage or configuration error.

Usage: lockstep merge <report>...

Joins the json or SARIF reports of \`lockstep check --shard i/n\` runs (all of one format, any order) into the
report the unsharded run would have printed, and exits with its exit code.

Usage: lockstep simulate <file> [options]

Runs a concurrency model in the scheduler and prints the schedule and each task's final state. <file> is a
TypeScript/JavaScript source file (its exported async functions and methods become tasks) or a *.model.json file.

Options:
  --policy <fifo|random|explore>  fifo: Node's order; random: seeded; explore: search every schedule for a
                                  deadlock (default: fifo)
  --seed <n>                      the random policy's seed (default: 1)
  --tasks <name=count,...>        run this many copies of each named task template
  --max-states <n>                explore's bound on distinct states (default: 200000)
  --timing <virtual|any>          virtual: timers fire in due-time order on a virtual clock; any: assume
                                  nothing of time, any pending timer or io may complete next (a proof then
                                  covers every timing) (default: virtual)
  --format <text|json|chrome-trace>
                                  output format (default: text); chrome-trace: trace-event JSON
                                  for Perfetto (ui.perfetto.dev) or chrome://tracing

Exit codes: 0 no deadlock, 1 a deadlock (its schedule and wait-for cycle are printed), 2 usage error.`;

/** Parses argv (without `node` and the script). `knownRuleIds` validates `--rule`. */
export function parseCommand(argv: readonly string[], knownRuleIds: readonly string[]): Command {
  const [command, ...rest] = argv;
  if (command === undefined) throw new UsageError('missing command (try: lockstep check .)');
  if (command === '-h' || command === '--help' || command === 'help') return { kind: 'help' };
  if (command === '-v' || command === '--version') return { kind: 'version' };
  if (command !== 'check' && command !== 'simulate' && command !== 'merge') throw new UsageError(`unknown command "${command}" (the commands are: check, merge, simulate)`);
  if (rest.some((arg) => arg === '-h' || arg === '--help')) return { kind: 'help' };
  if (command === 'simulate') return { kind: 'simulate', options: parseSimulateOptions(rest) };
  if (command === 'merge') return { kind: 'merge', reports: parseMergeArguments(rest) };
  return { kind: 'check', options: parseCheckOptions(rest, knownRuleIds) };
}

/** Reads the flags of argv, `--flag value` or `--flag=value`; positional arguments go to `positional`. */
function forEachFlag(args: readonly string[], positional: (arg: string) => void, flag: (name: string, value: () => string) => void): void {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') {
      args.slice(i + 1).forEach(positional);
      return;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positional(arg);
      continue;
    }
    const [name, inlineValue] = splitInlineValue(arg);
    flag(name, () => {
      if (inlineValue !== undefined) return inlineValue;
      const next = args[++i];
      if (next === undefined || next.startsWith('--')) throw new UsageError(`${name} needs a value`);
      return next;
    });
  }
}

function parseSimulateOptions(args: readonly string[]): SimulateOptions {
  const options: SimulateOptions = { file: '', policy: 'fifo', seed: undefined, tasks: {}, format: 'text', maxStates: undefined, timing: 'virtual' };
  const files: string[] = [];
  forEachFlag(args, (arg) => files.push(arg), (flag, value) => {
    switch (flag) {
      case '--policy':
        options.policy = oneOf('policy', value(), POLICIES);
        break;
      case '--seed':
        options.seed = wholeNumber('--seed', value());
        break;
      case '--tasks':
        Object.assign(options.tasks, parseTaskCounts(value()));
        break;
      case '--max-states':
        options.maxStates = wholeNumber('--max-states', value(), 1);
        break;
      case '--format':
      case '-f':
        options.format = oneOf('format', value(), SIMULATE_FORMATS);
        break;
      case '--timing':
        options.timing = oneOf('timing', value(), TIMINGS);
        break;
      default:
        throw new UsageError(`unknown option ${flag} (see lockstep --help)`);
    }
  });
  if (files.length !== 1) throw new UsageError(`simulate takes exactly one file (given: ${files.length})`);
  options.file = files[0]!;
  if (options.seed !== undefined && options.policy !== 'random') throw new UsageError('--seed only applies to --policy random');
  return options;
}

function oneOf<T extends string>(what: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`unknown ${what} "${value}" (expected one of: ${allowed.join(', ')})`);
}

function wholeNumber(flag: string, value: string, minimum = 0): number {
  const parsed = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(parsed) || parsed < minimum) throw new UsageError(`${flag} ${value}: expected a whole number ≥ ${minimum}`);
  return parsed;
}

function parseTaskCounts(value: string): Record<string, number> {
  // Task names come from user code: `constructor` or `__proto__` is a name like any other, not Object.prototype's.
  const counts: Record<string, number> = Object.create(null) as Record<string, number>;
  // An instance's name has commas of its own (`transfer(alice, bob)`): only those outside parentheses separate.
  for (const entry of value.split(/,(?![^(]*\))/)) {
    const equals = entry.lastIndexOf('=');
    if (equals <= 0) throw new UsageError(`--tasks ${value}: expected <name>=<count>,…`);
    counts[entry.slice(0, equals)] = wholeNumber(`--tasks ${entry.slice(0, equals)}`, entry.slice(equals + 1));
  }
  return counts;
}

function parseCheckOptions(args: readonly string[], knownRuleIds: readonly string[]): CheckOptions {
  const options: CheckOptions = { paths: [], project: undefined, format: 'text', rules: {}, fix: false, cache: false, cacheLocation: undefined, concurrency: 'off', shard: undefined };
  forEachFlag(args, (arg) => options.paths.push(arg), (flag, value) => {
    switch (flag) {
      case '--project':
      case '-p':
        options.project = value();
        break;
      case '--format':
      case '-f':
        options.format = parseFormat(value());
        break;
      case '--rule':
        Object.assign(options.rules, parseRuleFlag(value(), knownRuleIds));
        break;
      case '--fix':
        options.fix = true;
        break;
      case '--cache':
        options.cache = true;
        break;
      case '--cache-location':
        options.cacheLocation = value();
        break;
      case '--concurrency':
        options.concurrency = parseConcurrency(value());
        break;
      case '--shard':
        options.shard = parseShard(value());
        break;
      default:
        throw new UsageError(`unknown option ${flag} (see lockstep --help)`);
    }
  });
  return options;
}

function parseMergeArguments(args: readonly string[]): string[] {
  const reports: string[] = [];
  forEachFlag(args, (arg) => reports.push(arg), (flag) => {
    throw new UsageError(`unknown option ${flag} for merge (see lockstep --help)`);
  });
  if (reports.length === 0) throw new UsageError('merge needs the reports to join (lockstep merge shard-1.json shard-2.json …)');
  return reports;
}

function splitInlineValue(arg: string): [string, string | undefined] {
  const equals = arg.indexOf('=');
  return equals === -1 ? [arg, undefined] : [arg.slice(0, equals), arg.slice(equals + 1)];
}

function parseFormat(value: string): Format {
  if ((FORMATS as readonly string[]).includes(value)) return value as Format;
  throw new UsageError(`unknown format "${value}" (expected one of: ${FORMATS.join(', ')})`);
}

function parseRuleFlag(value: string, knownRuleIds: readonly string[]): Record<string, Severity> {
  const equals = value.indexOf('=');
  if (equals === -1) throw new UsageError(`--rule ${value}: expected <rule-id>=<severity>`);
  const id = value.slice(0, equals);
  const severity = value.slice(equals + 1);
  if (!knownRuleIds.includes(id)) {
    throw new UsageError(`--rule ${value}: unknown rule "${id}" (known: ${knownRuleIds.join(', ') || 'none'})`);
  }
  if (!isSeverity(severity)) {
    throw new UsageError(`--rule ${value}: unknown severity "${severity}" (expected one of: ${SEVERITIES.join(', ')})`);
  }
  return { [id]: severity };
}
