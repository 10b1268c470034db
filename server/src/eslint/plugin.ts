// Lockstep's rules as an ESLint plugin (dist/eslint-plugin.js): `lockstep/<rule-id>` for each rule that checks
// code, and `configs.recommended`, a flat config turning them on at Lockstep's default severities. The suppression
// rule (unused-suppression) is left out: inside ESLint, ESLint's disable comments and its own unused-directive
// report take its place.
import type { ESLint, Linter, Rule } from 'eslint';
import { ALL_RULES, RULE_IDS } from '../analysis/rules';
import { isSuppressionRule, type Rule as LockstepRule, type Severity } from '../analysis/types';
import { eslintRule } from './rule';

const CODE_RULES = ALL_RULES.filter((rule): rule is LockstepRule => !isSuppressionRule(rule));

const ESLINT_SEVERITY: Record<Severity, Linter.StringSeverity> = { off: 'off', hint: 'warn', information: 'warn', warning: 'warn', error: 'error' };

const rules: Record<string, Rule.RuleModule> = Object.fromEntries(CODE_RULES.map((rule) => [rule.meta.id, eslintRule(rule, RULE_IDS)]));

const plugin = {
  meta: { name: 'lockstep' },
  rules,
  configs: {} as Record<string, Linter.Config>,
} satisfies ESLint.Plugin;

plugin.configs['recommended'] = {
  name: 'lockstep/recommended',
  plugins: { lockstep: plugin },
  rules: Object.fromEntries(CODE_RULES.map((rule) => [`lockstep/${rule.meta.id}`, ESLINT_SEVERITY[rule.meta.defaultSeverity]])),
};

export default plugin;
