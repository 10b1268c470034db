// ESLint's (and oxlint's) disable comments, honoured for the Lockstep rule that has the disabled rule as its twin
// (a rule's `meta.eslintTwins`): code that already says `// eslint-disable-next-line
// @typescript-eslint/no-floating-promises` has dealt with the finding, and floating-promise stays quiet there.
//   // eslint-disable-next-line [rules] [-- reason]   the next line        (also /* … */)
//   // eslint-disable-line [rules]                     this line            (also /* … */)
//   /* eslint-disable [rules] */ … /* eslint-enable [rules] */   a range; to the end of the file without enable
// No rules means every rule, so every Lockstep rule that has a twin. Like Lockstep's own comments, only real
// comments count. These comments are ESLint's: unused-suppression never judges them.
import type ts from 'typescript';
import { isBefore } from './findings';
import { isCommentAt, namesBeforeReason } from './suppressions';
import type { AnyRule, Finding, Position } from './types';

const DIRECTIVE = /(\/\/|\/\*)[ \t]*(?:eslint|oxlint)-(disable-next-line|disable-line|disable|enable)(?=[\s,*]|$)((?:(?!\*\/)[^\r\n])*)/g;
const MARKER = /(?:eslint|oxlint)-(?:disable|enable)/;

interface LineDirective {
  ruleId: string;
  line: number;
}

interface RangeDirective {
  ruleId: string;
  from: Position;
  /** Undefined: to the end of the file. */
  to?: Position;
}

export interface EslintDirectives {
  covers(finding: Finding): boolean;
}

/** Lockstep rule id of each twin rule name the rules declare. */
export function twinsOf(rules: readonly AnyRule[]): ReadonlyMap<string, string> {
  return new Map(rules.flatMap((rule) => (rule.meta.eslintTwins ?? []).map((twin) => [twin, rule.meta.id] as const)));
}

/** The file's ESLint directives, as what they suppress of the rules that have twins. */
export function findEslintDirectives(sourceFile: ts.SourceFile, twins: ReadonlyMap<string, string>): EslintDirectives {
  const lines: LineDirective[] = [];
  const ranges: RangeDirective[] = [];
  const text = sourceFile.text;
  if (twins.size > 0 && MARKER.test(text)) collect(sourceFile, twins, lines, ranges);
  return {
    covers: (finding) =>
      lines.some((directive) => directive.ruleId === finding.ruleId && directive.line === finding.startPosition.line) ||
      ranges.some((range) => range.ruleId === finding.ruleId && !isBefore(finding.startPosition, range.from) && (!range.to || isBefore(finding.startPosition, range.to))),
  };
}

function collect(sourceFile: ts.SourceFile, twins: ReadonlyMap<string, string>, lines: LineDirective[], ranges: RangeDirective[]): void {
  const open = new Map<string, Position>();
  for (const match of sourceFile.text.matchAll(DIRECTIVE)) {
    const start = match.index;
    if (!isCommentAt(sourceFile, start, match[1] === '//' ? 'line' : 'block')) continue;
    const ruleIds = ruleIdsOf(match[3]!, twins);
    const at = sourceFile.getLineAndCharacterOfPosition(start);
    switch (match[2]) {
      case 'disable-next-line':
        lines.push(...ruleIds.map((ruleId) => ({ ruleId, line: at.line + 1 })));
        break;
      case 'disable-line':
        lines.push(...ruleIds.map((ruleId) => ({ ruleId, line: at.line })));
        break;
      case 'disable':
        for (const ruleId of ruleIds) if (!open.has(ruleId)) open.set(ruleId, at);
        break;
      case 'enable':
        for (const ruleId of ruleIds) {
          const from = open.get(ruleId);
          if (from) ranges.push({ ruleId, from, to: at });
          open.delete(ruleId);
        }
    }
  }
  for (const [ruleId, from] of open) ranges.push({ ruleId, from });
}

/** `a, b -- why` → the Lockstep rules twinned with a and b; no rules → every rule with a twin. */
function ruleIdsOf(rest: string, twins: ReadonlyMap<string, string>): string[] {
  const names = namesBeforeReason(rest);
  const ruleIds = names.length === 0 ? [...twins.values()] : names.flatMap((name) => twins.get(name) ?? []);
  return [...new Set(ruleIds)];
}
