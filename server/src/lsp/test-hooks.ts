// Test hooks of the language server, read once at start-up from the environment. Documented in
// docs/configuration.md#test-hooks; no setting or client reaches them.
//
// LOCKSTEP_TEST_FAULTY_RULE=<rule-id>: that rule throws on every file it checks, so tests over the bundled server
// can prove that a failing rule is contained — the other rules' diagnostics still arrive, the failure is logged
// once with the file, and the server keeps serving. An unknown id changes nothing.
import { ALL_RULES } from '../analysis/rules/index';
import { isSuppressionRule, type AnyRule } from '../analysis/types';

export const FAULTY_RULE_VARIABLE = 'LOCKSTEP_TEST_FAULTY_RULE';

export function rulesWithTestFaults(env: NodeJS.ProcessEnv = process.env): readonly AnyRule[] {
  const faulty = env[FAULTY_RULE_VARIABLE];
  if (!faulty) return ALL_RULES;
  return ALL_RULES.map((rule) => (rule.meta.id === faulty ? throwingRule(rule) : rule));
}

function throwingRule(rule: AnyRule): AnyRule {
  const fail = (): never => {
    throw new Error(`${rule.meta.id} throws on purpose (${FAULTY_RULE_VARIABLE} is set)`);
  };
  return isSuppressionRule(rule) ? { meta: rule.meta, checkSuppressions: fail } : { meta: rule.meta, check: fail };
}
