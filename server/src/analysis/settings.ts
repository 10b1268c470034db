// Settings arrive from untrusted places (editor configuration, CLI flags). Parsing never throws: every bad
// value is named in an error message and replaced by its default, so the host keeps running.
import { SEVERITIES, type AnalysisSettings, type Severity } from './types';

export const DEFAULT_SETTINGS: AnalysisSettings = {
  rules: {},
  floatingPromise: { ignoreAsyncIife: false },
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

  return { settings, errors };
}

export function severityOf(settings: AnalysisSettings, ruleId: string, fallback: Severity): Severity {
  return settings.rules[ruleId] ?? fallback;
}
