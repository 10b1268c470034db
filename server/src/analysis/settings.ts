// The `lockstep.*` settings object, as the editor sends it, as `lockstep.config.json` holds it, and as the
// `"lockstep"` key of package.json holds it: one shape, one parser. Settings arrive from untrusted places, so
// parsing never throws: every bad value is named by its key and left out, and what it would have set keeps the
// value of the layer below (the configuration file's, else the default).
//
// Each top-level section has its own small parser in SECTIONS. To add a setting: a section parser here, its
// field in AnalysisSettings (types.ts), a contribution with `"default": null` in package.json, and a line in
// docs/configuration.md — test/unit/manifest.test.ts keeps the parser and package.json in step.
import { SEVERITIES, type AnalysisSettings, type BlockingCallPattern, type BlockingCallsSettings, type Severity, type UserLockType } from './types';

export const DEFAULT_SETTINGS: AnalysisSettings = {
  rules: {},
  floatingPromise: { ignoreAsyncIife: false },
  blockingCalls: { add: [], allow: [] },
  locks: [],
  maxFileSizeKB: 2048,
  ignore: [],
  eslintComments: true,
};

export interface ParsedSettings {
  settings: AnalysisSettings;
  errors: string[];
}

export interface ParseOptions {
  /** The settings the parsed values are laid over (default: DEFAULT_SETTINGS); it is not modified. */
  base?: AnalysisSettings;
  /** Put before every key in messages: `lockstep.` (the default) for editor settings and package.json, '' for lockstep.config.json. */
  keyPrefix?: string;
}

/** Collects one message per bad key; `key` is the path below the settings object (`rules.floating-promise`). */
interface Problems {
  add(key: string, problem: string): void;
}

interface SectionParser {
  /** The setting paths this section understands, as package.json contributes them (without `lockstep.`). */
  keys(ruleIds: readonly string[]): string[];
  /** Lays the valid parts of `value` (never undefined or null) over `settings`, and names each bad part. */
  parse(value: unknown, settings: AnalysisSettings, problems: Problems, ruleIds: readonly string[]): void;
}

export function isSeverity(value: unknown): value is Severity {
  return typeof value === 'string' && (SEVERITIES as readonly string[]).includes(value);
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `null` means "not set": VS Code reports settings contributed with a null default that way. */
function isUnset(value: unknown): value is null | undefined {
  return value === undefined || value === null;
}

/** Severity per rule id: merged rule by rule, so a layer sets only the rules it names. */
const rulesSection: SectionParser = {
  keys: (ruleIds) => ruleIds.map((id) => `rules.${id}`),
  parse(value, settings, problems, ruleIds) {
    if (!isRecord(value)) return problems.add('rules', 'must be an object of rule id → severity');
    for (const [id, severity] of Object.entries(value)) {
      if (isUnset(severity)) continue;
      if (!ruleIds.includes(id)) problems.add(`rules.${id}`, `unknown rule (known: ${ruleIds.join(', ')})`);
      else if (!isSeverity(severity)) problems.add(`rules.${id}`, `"${String(severity)}" is not one of ${SEVERITIES.join(' | ')}`);
      else settings.rules[id] = severity;
    }
  },
};

const floatingPromiseSection: SectionParser = {
  keys: () => ['floatingPromise.ignoreAsyncIife'],
  parse(value, settings, problems) {
    if (!isRecord(value)) return problems.add('floatingPromise', 'must be an object');
    for (const [key, option] of Object.entries(value)) {
      if (isUnset(option)) continue;
      if (key !== 'ignoreAsyncIife') problems.add(`floatingPromise.${key}`, 'unknown setting (known: ignoreAsyncIife)');
      else if (typeof option !== 'boolean') problems.add('floatingPromise.ignoreAsyncIife', 'must be true or false');
      else settings.floatingPromise.ignoreAsyncIife = option;
    }
  },
};

const maxFileSizeSection: SectionParser = {
  keys: () => ['maxFileSizeKB'],
  parse(value, settings, problems) {
    if (typeof value === 'number' && Number.isFinite(value) && value > 0) settings.maxFileSizeKB = value;
    else problems.add('maxFileSizeKB', 'must be a positive number');
  },
};

const eslintCommentsSection: SectionParser = {
  keys: () => ['eslintComments'],
  parse(value, settings, problems) {
    if (typeof value === 'boolean') settings.eslintComments = value;
    else problems.add('eslintComments', 'must be true or false');
  },
};

/** Globs of files not to analyse; a layer's list replaces the one below it. */
const ignoreSection: SectionParser = {
  keys: () => ['ignore'],
  parse(value, settings, problems) {
    if (!Array.isArray(value)) return problems.add('ignore', 'must be an array of glob strings');
    const globs: string[] = [];
    value.forEach((glob, index) => {
      if (typeof glob !== 'string' || glob.trim() === '') return problems.add(`ignore[${index}]`, 'must be a non-empty glob string');
      if (braceExpansions(glob) > MAX_GLOB_EXPANSIONS) return problems.add(`ignore[${index}]`, `its braces expand to more than ${MAX_GLOB_EXPANSIONS} patterns, each matched against every file: split it`);
      globs.push(glob.trim());
    });
    settings.ignore = globs;
  },
};

/** `{a,b}{c,d}…` multiplies: a short glob can stand for millions of patterns. */
const MAX_GLOB_EXPANSIONS = 256;

/** How many patterns brace expansion makes of a glob (`{a,b}{c,d}` 4, `{1..50}` 50), counted without expanding it. */
export function braceExpansions(glob: string): number {
  let at = 0;
  const sequence = (): number => {
    let count = 1;
    while (at < glob.length && glob[at] !== '}' && glob[at] !== ',') {
      if (glob[at] === '\\') at += 2;
      else if (glob[at++] === '{') count *= group(at);
    }
    return count;
  };
  const group = (start: number): number => {
    let total = sequence();
    let alternatives = 1;
    for (; glob[at] === ','; alternatives++) {
      at++;
      total += sequence();
    }
    const body = glob.slice(start, at);
    if (glob[at] === '}') at++;
    return alternatives > 1 ? total : rangeSize(body);
  };
  let count = 1;
  while (at < glob.length) {
    count *= sequence();
    at++; // a `}` or `,` outside any group is literal
  }
  return count;
}

/** `{1..50}` or `{a..z}` (with an optional step): how many it stands for; 1 for anything else. */
function rangeSize(body: string): number {
  const numeric = /^(-?\d+)\.\.(-?\d+)(?:\.\.(-?\d+))?$/.exec(body);
  const alphabetic = /^([a-zA-Z])\.\.([a-zA-Z])(?:\.\.(-?\d+))?$/.exec(body);
  const match = numeric ?? alphabetic;
  if (!match) return 1;
  const [from, to] = numeric ? [Number(match[1]), Number(match[2])] : [match[1]!.charCodeAt(0), match[2]!.charCodeAt(0)];
  const step = Math.abs(Number(match[3] ?? 1)) || 1;
  return Math.floor(Math.abs(to - from) / step) + 1;
}

/**
 * `blockingCalls`: `{ add: [pattern, …], allow: [pattern, …] }`, each pattern either `{ module, export }` or
 * `{ type, method, module? }`. A bad entry is named and skipped; the good ones stay. A layer's lists replace
 * the ones below it.
 */
const blockingCallsSection: SectionParser = {
  keys: () => ['blockingCalls'],
  parse(value, settings, problems) {
    if (!isRecord(value)) return problems.add('blockingCalls', 'must be an object with "add" and/or "allow" lists');
    const parsed: BlockingCallsSettings = { add: [], allow: [] };
    for (const key of Object.keys(value)) {
      if (key !== 'add' && key !== 'allow') problems.add(`blockingCalls.${key}`, 'unknown key (known: add, allow)');
    }
    for (const list of ['add', 'allow'] as const) {
      const entries = value[list];
      if (isUnset(entries)) continue;
      if (!Array.isArray(entries)) {
        problems.add(`blockingCalls.${list}`, 'must be a list');
        continue;
      }
      entries.forEach((entry, index) => {
        const pattern = blockingCallPattern(entry);
        if (pattern) parsed[list].push(pattern);
        else problems.add(`blockingCalls.${list}[${index}]`, 'expected { "module", "export" } or { "type", "method", "module"? } with non-empty strings');
      });
    }
    settings.blockingCalls = parsed;
  },
};

function blockingCallPattern(entry: unknown): BlockingCallPattern | undefined {
  if (!isRecord(entry)) return undefined;
  const text = (key: string) => (typeof entry[key] === 'string' && entry[key] !== '' ? (entry[key] as string) : undefined);
  const known = new Set(['module', 'export', 'type', 'method']);
  if (Object.keys(entry).some((key) => !known.has(key))) return undefined;
  const module = text('module')?.replace(/^node:/, '');
  if (entry.module !== undefined && module === undefined) return undefined;
  if (entry.export !== undefined) {
    const name = text('export');
    return name && module && entry.type === undefined && entry.method === undefined ? { module, export: name } : undefined;
  }
  const type = text('type');
  const method = text('method');
  if (!type || !method) return undefined;
  return module ? { type, method, module } : { type, method };
}

const LOCK_STYLES = ['callback', 'release-function'] as const;
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** `locks`: user lock types. A bad entry is named and skipped; the good ones stand. A layer's list replaces the one below it. */
const locksSection: SectionParser = {
  keys: () => ['locks'],
  parse(value, settings, problems) {
    if (!Array.isArray(value)) return problems.add('locks', 'must be an array of { type, acquire, release?, style?, callback?, reentrant? }');
    const types: UserLockType[] = [];
    value.forEach((entry: unknown, index) => {
      const problem = lockTypeProblem(entry);
      if (problem) problems.add(`locks[${index}]${problem.key}`, problem.message);
      else types.push(entry as UserLockType);
    });
    settings.locks = types.map(({ type, acquire, release, style = 'release-function', callback, reentrant = false }) =>
      ({ type, acquire, ...(release === undefined ? {} : { release }), style, ...(callback === undefined ? {} : { callback }), reentrant }));
  },
};

function lockTypeProblem(entry: unknown): { key: string; message: string } | undefined {
  if (!isRecord(entry)) return { key: '', message: 'must be an object' };
  const { type, acquire, release, style, callback, reentrant } = entry;
  if (typeof type !== 'string' || !IDENTIFIER.test(type)) return { key: '.type', message: 'must be a type name' };
  if (typeof acquire !== 'string' || !IDENTIFIER.test(acquire)) return { key: '.acquire', message: 'must be a method name' };
  if (release !== undefined && (typeof release !== 'string' || !IDENTIFIER.test(release))) return { key: '.release', message: 'must be a method name' };
  if (style !== undefined && !(LOCK_STYLES as readonly unknown[]).includes(style)) return { key: '.style', message: `must be one of ${LOCK_STYLES.join(' | ')}` };
  if (callback !== undefined && style !== 'callback') return { key: '.callback', message: 'applies to "style": "callback" only' };
  if (callback !== undefined && callback !== 'last' && !(Number.isInteger(callback) && (callback as number) >= 0)) {
    return { key: '.callback', message: 'must be the index of the callback argument (0 for the first) or "last"' };
  }
  if (reentrant !== undefined && typeof reentrant !== 'boolean') return { key: '.reentrant', message: 'must be true or false' };
  return undefined;
}

/** Every top-level key of the settings object. A Map: keys come from the user (`constructor`, `__proto__` are just unknown). */
const SECTIONS = new Map<string, SectionParser>([
  ['rules', rulesSection],
  ['floatingPromise', floatingPromiseSection],
  ['blockingCalls', blockingCallsSection],
  ['locks', locksSection],
  ['maxFileSizeKB', maxFileSizeSection],
  ['ignore', ignoreSection],
  ['eslintComments', eslintCommentsSection],
]);

/** Every setting path the parser understands (without `lockstep.`), for the manifest test and the docs. */
export function settingKeys(ruleIds: readonly string[]): string[] {
  return [...SECTIONS.values()].flatMap((section) => section.keys(ruleIds));
}

/** Reads a `lockstep.*` settings object (the part after `lockstep.`) over `options.base`. */
export function parseSettings(raw: unknown, knownRuleIds: readonly string[], options: ParseOptions = {}): ParsedSettings {
  const keyPrefix = options.keyPrefix ?? 'lockstep.';
  const errors: string[] = [];
  const problems: Problems = { add: (key, problem) => void errors.push(`${keyPrefix}${key}: ${problem}`) };
  const settings: AnalysisSettings = structuredClone(options.base ?? DEFAULT_SETTINGS);
  if (isUnset(raw)) return { settings, errors };
  if (!isRecord(raw)) return { settings, errors: [`${keyPrefix || 'settings'}: must be an object`.replace('.:', ':')] };

  for (const [key, value] of Object.entries(raw)) {
    if (isUnset(value)) continue;
    const section = SECTIONS.get(key);
    if (section) section.parse(value, settings, problems, knownRuleIds);
    else problems.add(key, `unknown setting (known: ${[...SECTIONS.keys()].join(', ')})`);
  }
  return { settings, errors };
}

export function severityOf(settings: AnalysisSettings, ruleId: string, fallback: Severity): Severity {
  return settings.rules[ruleId] ?? fallback;
}
