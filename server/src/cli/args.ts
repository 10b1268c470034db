// Command-line parsing for `lockstep`. Every mistake becomes a UsageError with a one-line reason, which the
// entry point prints and turns into exit code 2; nothing here touches the file system.
import { isSeverity } from '../analysis/settings';
import { SEVERITIES, type Severity } from '../analysis/types';

export const FORMATS = ['text', 'json', 'sarif'] as const;
export type Format = (typeof FORMATS)[number];

export interface CheckOptions {
  /** As given; empty when none were (the caller decides what that means). */
  paths: string[];
  project: string | undefined;
  format: Format;
  /** Severity per rule id from `--rule id=severity`; a later flag for the same rule wins. */
  rules: Record<string, Severity>;
}

export type Command = { kind: 'help' } | { kind: 'version' } | { kind: 'check'; options: CheckOptions };

export class UsageError extends Error {}

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
  -h, --help                  show this help
  -v, --version               show the version

Exit codes: 0 no error-level finding, 1 some error-level finding, 2 usage or configuration error.`;

/** Parses argv (without `node` and the script). `knownRuleIds` validates `--rule`. */
export function parseCommand(argv: readonly string[], knownRuleIds: readonly string[]): Command {
  const [command, ...rest] = argv;
  if (command === undefined) throw new UsageError('missing command (try: lockstep check .)');
  if (command === '-h' || command === '--help' || command === 'help') return { kind: 'help' };
  if (command === '-v' || command === '--version') return { kind: 'version' };
  if (command !== 'check') throw new UsageError(`unknown command "${command}" (the command is: check)`);
  if (rest.some((arg) => arg === '-h' || arg === '--help')) return { kind: 'help' };
  return { kind: 'check', options: parseCheckOptions(rest, knownRuleIds) };
}

function parseCheckOptions(args: readonly string[], knownRuleIds: readonly string[]): CheckOptions {
  const options: CheckOptions = { paths: [], project: undefined, format: 'text', rules: {} };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') {
      options.paths.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      options.paths.push(arg);
      continue;
    }
    // Both `--flag value` and `--flag=value`.
    const [flag, inlineValue] = splitInlineValue(arg);
    const value = (): string => {
      if (inlineValue !== undefined) return inlineValue;
      const next = args[++i];
      if (next === undefined || next.startsWith('--')) throw new UsageError(`${flag} needs a value`);
      return next;
    };
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
      default:
        throw new UsageError(`unknown option ${flag} (see lockstep --help)`);
    }
  }
  return options;
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
