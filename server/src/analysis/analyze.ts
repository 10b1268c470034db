// Runs the enabled rules over one source file, then applies the file's suppression comments: findings they
// cover are dropped, and the rules about suppressions (unused-suppression) hear which covered nothing. Every
// remaining finding gets the quick fix that suppresses it (unless the host has its own comments: ESLint). A rule
// that throws loses only its own findings.
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

export function runRules(
  program: ts.Program,
  sourceFile: ts.SourceFile,
  rules: readonly AnyRule[],
  settings: AnalysisSettings,
  options: RunOptions = {},
): RuleRun {
  const enabled = rules.flatMap((rule) => {
    const severity = severityOf(settings, rule.meta.id, rule.meta.defaultSeverity);
    return severity === 'off' ? [] : [{ rule, severity }];
  });
  const ruleErrors: RuleRun['ruleErrors'] = [];
  const guarded = (ruleId: string, work: () => Finding[]): Finding[] => {
    try {
      return work();
    } catch (error) {
      // Stopping the analysis is not a rule's failure: it ends the whole file's run.
      if (error instanceof AnalysisCancelled) throw error;
      ruleErrors.push({ ruleId, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
      return [];
    }
  };

  const findings: Finding[] = [];
  const ranRuleIds = new Set<string>();
  for (const { rule, severity } of enabled) {
    if (isSuppressionRule(rule)) continue;
    findings.push(...guarded(rule.meta.id, () => checkCode(rule, severity, program, sourceFile, settings)));
    if (!ruleErrors.some((failure) => failure.ruleId === rule.meta.id)) ranRuleIds.add(rule.meta.id);
  }

  const { kept, unused } = applySuppressions(sourceFile, findings, findSuppressions(sourceFile), ranRuleIds);
  // After Lockstep's own comments, so a finding both silence leaves the Lockstep comment used.
  const eslint = settings.eslintComments ? findEslintDirectives(sourceFile, twinsOf(rules)) : undefined;
  const shown = kept.filter((finding) => !eslint?.covers(finding));
  const withFix = options.suppressionFixes === false ? shown : shown.map((finding) => {
    const lineFix = suppressionFix(sourceFile, finding);
    return { ...finding, fixes: [...finding.fixes, ...(lineFix ? [lineFix] : []), fileSuppressionFix(sourceFile, finding)] };
  });
  for (const { rule, severity } of enabled) {
    if (isSuppressionRule(rule)) withFix.push(...guarded(rule.meta.id, () => checkSuppressions(rule, severity, sourceFile, unused)));
  }
  return { findings: withFix.sort(compareFindings), ruleErrors };
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
