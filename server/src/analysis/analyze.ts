// Runs the enabled rules over one source file. A rule that throws loses only its own findings.
import type * as ts from 'typescript';
import { makeFinding, compareFindings } from './findings';
import { severityOf } from './settings';
import type { AnalysisSettings, Finding, Rule } from './types';

export interface RuleRun {
  findings: Finding[];
  ruleErrors: { ruleId: string; error: string }[];
}

export function runRules(
  program: ts.Program,
  sourceFile: ts.SourceFile,
  rules: readonly Rule[],
  settings: AnalysisSettings,
): RuleRun {
  const checker = program.getTypeChecker();
  const findings: Finding[] = [];
  const ruleErrors: RuleRun['ruleErrors'] = [];
  for (const rule of rules) {
    const severity = severityOf(settings, rule.meta.id, rule.meta.defaultSeverity);
    if (severity === 'off') continue;
    const ruleFindings: Finding[] = [];
    try {
      rule.check({
        sourceFile,
        program,
        checker,
        settings,
        report: (node, message, options) => ruleFindings.push(makeFinding(node, rule.meta.id, severity, message, options)),
      });
      findings.push(...ruleFindings);
    } catch (error) {
      ruleErrors.push({ ruleId: rule.meta.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    }
  }
  return { findings: findings.sort(compareFindings), ruleErrors };
}
