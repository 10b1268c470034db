// Runs the enabled rules over one source file, then applies the file's suppression comments: findings they
// cover are dropped, and the rules about suppressions (unused-suppression) hear which covered nothing. Every
// remaining finding gets the quick fix that suppresses it (unless the host has its own comments: ESLint). A rule
// that throws loses only its own findings. The two halves are apart (checkRules, finishRules) so a cache can
// reuse some rules' results and still judge the suppression comments against all of them.
import type * as ts from 'typescript';
import { AnalysisCancelled } from './cancellation';
import { makeFinding, makeFindingAt, compareFindings } from './findings';
import { severityOf } from './settings';
import { findEslintDirectives, twinsOf } from './eslint-directives';
import { applySuppressions, fileSuppressionFix, findSuppressions, suppressionFix } from './suppressions';
import {
  isSuppressionRule,
  type AnalysisSettings,
  type AnyRule,
  type Finding,
  type ReportedSeverity,
  type Rule,
  type SuppressionRule,
  type UnusedSuppression,
} from './types';

export interface RuleRun {
  findings: Finding[];
  ruleErrors: { ruleId: string; error: string }[];
}

export interface RunOptions {
  /** Offer the `lockstep-ignore` fixes (default true); the ESLint plugin leaves them out for ESLint's own disable comments. */
  suppressionFixes?: boolean;
}

/**
 * One rule's findings on a file before its suppression comments are applied, or how it failed: what a cache keeps
 * per rule scope, so a part can be reused while the rest is checked again.
 */
export interface RuleResult {
  ruleId: string;
  findings: Finding[];
  error?: string;
}

export function runRules(
  program: ts.Program,
  sourceFile: ts.SourceFile,
  rules: readonly AnyRule[],
  settings: AnalysisSettings,
  options: RunOptions = {},
): RuleRun {
  return finishRules(sourceFile, rules, settings, checkRules(program, sourceFile, rules, settings), options);
}

/** Runs the enabled rules among `rules` that check code (not the suppression rules), in their order. */
export function checkRules(program: ts.Program, sourceFile: ts.SourceFile, rules: readonly AnyRule[], settings: AnalysisSettings): RuleResult[] {
  return enabledRules(rules, settings).flatMap(({ rule, severity }) => {
    if (isSuppressionRule(rule)) return [];
    const result = guarded(() => checkCode(rule, severity, program, sourceFile, settings));
    return [{ ruleId: rule.meta.id, ...result }];
  });
}

/**
 * The file's findings from the code rules' results (in any order: they are put in `rules`' order, so results
 * checked in parts give what one run gives): the suppression comments applied — judged against every result —
 * the suppression fixes added, and the suppression rules run.
 */
export function finishRules(sourceFile: ts.SourceFile, rules: readonly AnyRule[], settings: AnalysisSettings, results: readonly RuleResult[], options: RunOptions = {}): RuleRun {
  const order = new Map(rules.map((rule, index) => [rule.meta.id, index]));
  const ordered = [...results].sort((a, b) => order.get(a.ruleId)! - order.get(b.ruleId)!);
  const findings = ordered.flatMap((result) => result.findings);
  const ruleErrors = ordered.flatMap((result) => (result.error === undefined ? [] : [{ ruleId: result.ruleId, error: result.error }]));
  const ranRuleIds = new Set(ordered.filter((result) => result.error === undefined).map((result) => result.ruleId));

  const { kept, unused } = applySuppressions(sourceFile, findings, findSuppressions(sourceFile), ranRuleIds);
  // After Lockstep's own comments, so a finding both silence leaves the Lockstep comment used.
  const eslint = settings.eslintComments ? findEslintDirectives(sourceFile, twinsOf(rules)) : undefined;
  const shown = kept.filter((finding) => !eslint?.covers(finding));
  const withFix = options.suppressionFixes === false ? shown : shown.map((finding) => {
    const lineFix = suppressionFix(sourceFile, finding);
    return { ...finding, fixes: [...finding.fixes, ...(lineFix ? [lineFix] : []), fileSuppressionFix(sourceFile, finding)] };
  });
  for (const { rule, severity } of enabledRules(rules, settings)) {
    if (!isSuppressionRule(rule)) continue;
    const result = guarded(() => checkSuppressions(rule, severity, sourceFile, unused));
    withFix.push(...result.findings);
    if (result.error !== undefined) ruleErrors.push({ ruleId: rule.meta.id, error: result.error });
  }
  return { findings: withFix.sort(compareFindings), ruleErrors };
}

function enabledRules(rules: readonly AnyRule[], settings: AnalysisSettings): { rule: AnyRule; severity: ReportedSeverity }[] {
  return rules.flatMap((rule) => {
    const severity = severityOf(settings, rule.meta.id, rule.meta.defaultSeverity);
    return severity === 'off' ? [] : [{ rule, severity }];
  });
}

/** A rule's findings, or how it failed: a throwing rule loses only its own findings. */
function guarded(work: () => Finding[]): { findings: Finding[]; error?: string } {
  try {
    return { findings: work() };
  } catch (error) {
    // Stopping the analysis is not a rule's failure: it ends the whole file's run.
    if (error instanceof AnalysisCancelled) throw error;
    return { findings: [], error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
}

function checkCode(rule: Rule, severity: ReportedSeverity, program: ts.Program, sourceFile: ts.SourceFile, settings: AnalysisSettings): Finding[] {
  const found: Finding[] = [];
  rule.check({
    sourceFile,
    program,
    checker: program.getTypeChecker(),
    settings,
    report: (node, message, options) => found.push(makeFinding(node, rule.meta.id, severity, message, options)),
  });
  return found;
}

function checkSuppressions(rule: SuppressionRule, severity: ReportedSeverity, sourceFile: ts.SourceFile, unused: readonly UnusedSuppression[]): Finding[] {
  const found: Finding[] = [];
  rule.checkSuppressions({
    sourceFile,
    unused,
    report: (span, message, options) => found.push(makeFindingAt(sourceFile, span.start, span.end, rule.meta.id, severity, message, options)),
  });
  return found;
}
