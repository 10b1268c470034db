// Settings arrive from untrusted places (editor configuration, CLI flags). Parsing never throws: every bad
// value is named in an error message and replaced by its default, so the host keeps running.
import { SEVERITIES, type AnalysisSettings, type Severity, type UserLockType } from './types';

export const DEFAULT_SETTINGS: AnalysisSettings = {
  rules: {},
  floatingPromise: { ignoreAsyncIife: false },
  locks: [],
  maxFileSizeKB: 2048,
};

export interface ParsedSettings {
  settings: AnalysisSettings;
  errors: string[];
}

export function isSeverity(value: unknown): value is Severity {
  return typeof value === 'string' && (SEVERITIES as readonly string[]).includes(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads the `lockstep.*` settings object (the part after `lockstep.`). */
export function parseSettings(raw: unknown, knownRuleIds: readonly string[]): ParsedSettings {
  const errors: string[] = [];
  const settings: AnalysisSettings = structuredClone(DEFAULT_SETTINGS);
  if (raw === undefined || raw === null) return { settings, errors };
  if (!isRecord(raw)) return { settings, errors: ['lockstep: settings must be an object'] };

  const rules = raw.rules;
  if (rules !== undefined && !isRecord(rules)) errors.push('lockstep.rules: must be an object of rule id → severity');
  for (const [id, severity] of Object.entries(isRecord(rules) ? rules : {})) {
    if (!knownRuleIds.includes(id)) errors.push(`lockstep.rules.${id}: unknown rule (known: ${knownRuleIds.join(', ')})`);
    else if (!isSeverity(severity)) errors.push(`lockstep.rules.${id}: "${String(severity)}" is not one of ${SEVERITIES.join(' | ')}`);
    else settings.rules[id] = severity;
  }

  const floating = raw.floatingPromise;
  if (floating !== undefined) {
    const ignore = isRecord(floating) ? floating.ignoreAsyncIife : undefined;
    if (typeof ignore === 'boolean') settings.floatingPromise.ignoreAsyncIife = ignore;
    else if (!isRecord(floating) || ignore !== undefined) errors.push('lockstep.floatingPromise.ignoreAsyncIife: must be true or false');
  }

  const maxSize = raw.maxFileSizeKB;
  if (typeof maxSize === 'number' && Number.isFinite(maxSize) && maxSize > 0) settings.maxFileSizeKB = maxSize;
  else if (maxSize !== undefined) errors.push('lockstep.maxFileSizeKB: must be a positive number');

  settings.locks = parseLockTypes(raw.locks, errors);

  return { settings, errors };
}

const LOCK_STYLES = ['callback', 'release-function'] as const;
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** `lockstep.locks`: an array of user lock types. A bad entry is named and skipped; the good ones stand. */
export function parseLockTypes(raw: unknown, errors: string[]): UserLockType[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) {
    errors.push('lockstep.locks: must be an array of { type, acquire, release?, style?, reentrant? }');
    return [];
  }
  const types: UserLockType[] = [];
  raw.forEach((entry: unknown, index) => {
    const problem = lockTypeProblem(entry);
    if (problem) errors.push(`lockstep.locks[${index}]${problem}`);
    else types.push(entry as unknown as UserLockType);
  });
  return types.map(({ type, acquire, release, style = 'release-function', reentrant = false }) =>
    ({ type, acquire, ...(release === undefined ? {} : { release }), style, reentrant }));
}

function lockTypeProblem(entry: unknown): string | undefined {
  if (!isRecord(entry)) return ': must be an object';
  const { type, acquire, release, style, reentrant } = entry;
  if (typeof type !== 'string' || !IDENTIFIER.test(type)) return '.type: must be a type name';
  if (typeof acquire !== 'string' || !IDENTIFIER.test(acquire)) return '.acquire: must be a method name';
  if (release !== undefined && (typeof release !== 'string' || !IDENTIFIER.test(release))) return '.release: must be a method name';
  if (style !== undefined && !(LOCK_STYLES as readonly unknown[]).includes(style)) return `.style: must be one of ${LOCK_STYLES.join(' | ')}`;
  if (reentrant !== undefined && typeof reentrant !== 'boolean') return '.reentrant: must be true or false';
  return undefined;
}

export function severityOf(settings: AnalysisSettings, ruleId: string, fallback: Severity): Severity {
  return settings.rules[ruleId] ?? fallback;
}
