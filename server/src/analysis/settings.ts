// Settings arrive from untrusted places (editor configuration, CLI flags). Parsing never throws: every bad
// value is named in an error message and replaced by its default, so the host keeps running.
import { SEVERITIES, type AnalysisSettings, type BlockingCallPattern, type BlockingCallsSettings, type Severity } from './types';

export const DEFAULT_SETTINGS: AnalysisSettings = {
  rules: {},
  floatingPromise: { ignoreAsyncIife: false },
  blockingCalls: { add: [], allow: [] },
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

  if (raw.blockingCalls !== undefined) settings.blockingCalls = parseBlockingCalls(raw.blockingCalls, errors);

  const maxSize = raw.maxFileSizeKB;
  if (typeof maxSize === 'number' && Number.isFinite(maxSize) && maxSize > 0) settings.maxFileSizeKB = maxSize;
  else if (maxSize !== undefined) errors.push('lockstep.maxFileSizeKB: must be a positive number');

  return { settings, errors };
}

/**
 * `lockstep.blockingCalls`: `{ add: [pattern, …], allow: [pattern, …] }`, each pattern either
 * `{ module, export }` or `{ type, method, module? }`. A bad entry is named and skipped; the good ones stay.
 */
export function parseBlockingCalls(raw: unknown, errors: string[]): BlockingCallsSettings {
  const parsed: BlockingCallsSettings = { add: [], allow: [] };
  if (!isRecord(raw)) {
    errors.push('lockstep.blockingCalls: must be an object with "add" and/or "allow" lists');
    return parsed;
  }
  for (const key of Object.keys(raw)) {
    if (key !== 'add' && key !== 'allow') errors.push(`lockstep.blockingCalls.${key}: unknown key (known: add, allow)`);
  }
  for (const list of ['add', 'allow'] as const) {
    const entries = raw[list];
    if (entries === undefined) continue;
    if (!Array.isArray(entries)) {
      errors.push(`lockstep.blockingCalls.${list}: must be a list`);
      continue;
    }
    entries.forEach((entry, index) => {
      const pattern = blockingCallPattern(entry);
      if (pattern) parsed[list].push(pattern);
      else errors.push(`lockstep.blockingCalls.${list}[${index}]: expected { "module", "export" } or { "type", "method", "module"? } with non-empty strings`);
    });
  }
  return parsed;
}

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

export function severityOf(settings: AnalysisSettings, ruleId: string, fallback: Severity): Severity {
  return settings.rules[ruleId] ?? fallback;
}
