// One Lockstep rule as an ESLint rule: ESLint parses (typescript-eslint, with type information), Lockstep's
// analysis checks the program typescript-eslint built, and each finding becomes an ESLint report with the same
// message, its preferred fix as the autofix and its other fixes as suggestions.
import type { Rule, SourceCode } from 'eslint';
import ts from 'typescript';
import { runRules } from '../analysis/analyze';
import { ruleDocsUrl } from '../analysis/docs';
import { parseSettings } from '../analysis/settings';
import type { AnalysisSettings, Finding, Fix, Position, Rule as LockstepRule } from '../analysis/types';

/** What typescript-eslint's parser puts in `sourceCode.parserServices` (only the parts used here). */
interface TypeScriptParserServices {
  program?: ts.Program | null;
  esTreeNodeToTSNodeMap?: { get(node: unknown): ts.Node | undefined };
}

export const NO_TYPE_INFORMATION =
  'Lockstep needs type information: lint this file with typescript-eslint\'s parser and `parserOptions.projectService: true` ' +
  '(or `parserOptions.project`), and make sure a tsconfig includes the file.';

/**
 * The lockstep/* rules of one file share one note about missing type information, or about a foreign TypeScript.
 * Keyed by the file's tree: oxlint hands every file the same SourceCode object.
 */
const notedFiles = new WeakSet<object>();
/** Parsed `settings.lockstep`, per settings object; its errors are reported by the first file linted with it. */
const parsedSettings = new WeakMap<object, { settings: AnalysisSettings; errors: string[] }>();

export function eslintRule(rule: LockstepRule, ruleIds: readonly string[]): Rule.RuleModule {
  return {
    meta: {
      type: 'problem',
      docs: { description: rule.meta.description, url: ruleDocsUrl(rule.meta.id) },
      fixable: 'code',
      hasSuggestions: true,
      schema: [],
    },
    create(context) {
      const { sourceCode } = context;
      const sourceFile = typedSourceFile(sourceCode.parserServices as TypeScriptParserServices, sourceCode);
      const program = (sourceCode.parserServices as TypeScriptParserServices).program;
      const problem = !program || !sourceFile ? NO_TYPE_INFORMATION : foreignTypeScript(sourceFile);
      if (problem) {
        if (!notedFiles.has(sourceCode.ast)) context.report({ loc: { line: 1, column: 0 }, message: problem });
        notedFiles.add(sourceCode.ast);
        return {};
      }
      const { settings, errors } = lockstepSettings(context.settings, ruleIds);
      for (const error of errors.splice(0)) context.report({ loc: { line: 1, column: 0 }, message: `Lockstep settings: ${error}` });
      // ESLint's configuration decides whether and how loudly the rule reports; Lockstep's own severities do not.
      const enabled = { ...settings, rules: { [rule.meta.id]: 'error' as const } };
      const run = runRules(program!, sourceFile!, [rule], enabled, { suppressionFixes: false });
      // A failing rule costs its findings on this file, not the lint run (as in the editor and the CLI).
      for (const failure of run.ruleErrors) context.report({ loc: { line: 1, column: 0 }, message: `Lockstep's ${failure.ruleId} failed on this file: ${failure.error.split('\n')[0]}` });
      for (const finding of run.findings) context.report(reportOf(finding));
      return {};
    },
  };
}

/** The ts.SourceFile typescript-eslint parsed this file into, when it parsed with a program. */
function typedSourceFile(services: TypeScriptParserServices | undefined, sourceCode: SourceCode): ts.SourceFile | undefined {
  if (!services?.program) return undefined;
  const node = services.esTreeNodeToTSNodeMap?.get(sourceCode.ast);
  return node && ts.isSourceFile(node) ? node : undefined;
}

/**
 * The analysis compares syntax kinds and calls the checker with the TypeScript module it imports; a program built
 * by another copy (another version, or the same one installed twice) numbers its kinds its own way. A copy makes
 * its own SourceFile class, so the prototype says whether the program is this copy's.
 */
export function foreignTypeScript(sourceFile: ts.SourceFile): string | undefined {
  const probe = ts.createSourceFile('probe.ts', '', ts.ScriptTarget.Latest);
  if (Object.getPrototypeOf(probe) === Object.getPrototypeOf(sourceFile)) return undefined;
  return `Lockstep runs on TypeScript ${ts.version}, but typescript-eslint built this file's program ` +
    'with another copy of TypeScript: install one TypeScript that both resolve (see docs/eslint-plugin.md).';
}

/** Settings the editor and the CLI apply around the analysis; inside ESLint, ESLint's configuration does that. */
const HOST_SETTINGS = ['rules', 'ignore', 'maxFileSizeKB'];
const HOST_SETTING_NOTE = 'not used inside ESLint: its own `rules` and `ignores` decide which files and rules run';

function lockstepSettings(all: Record<string, unknown>, ruleIds: readonly string[]): { settings: AnalysisSettings; errors: string[] } {
  const raw = all['lockstep'];
  const lockstep = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : undefined;
  const key = lockstep ?? all;
  let parsed = parsedSettings.get(key);
  if (!parsed) {
    parsed = parseSettings(raw, ruleIds, { keyPrefix: 'settings.lockstep.' });
    const unused = HOST_SETTINGS.filter((name) => lockstep?.[name] !== undefined);
    parsed.errors.push(...unused.map((name) => `settings.lockstep.${name}: ${HOST_SETTING_NOTE}`));
    parsedSettings.set(key, parsed);
  }
  return parsed;
}

function reportOf(finding: Finding): Rule.ReportDescriptor {
  const preferred = finding.fixes.find((fix) => fix.preferred);
  const others = finding.fixes.filter((fix) => fix !== preferred);
  return {
    loc: { start: eslintPosition(finding.startPosition), end: eslintPosition(finding.endPosition) },
    message: finding.message,
    ...(preferred ? { fix: fixer(preferred) } : {}),
    ...(others.length > 0 ? { suggest: others.map((fix) => ({ desc: fix.title, fix: fixer(fix) })) } : {}),
  };
}

/** ESLint lines are 1-based, columns 0-based (both UTF-16, as TypeScript's). */
function eslintPosition(position: Position): { line: number; column: number } {
  return { line: position.line + 1, column: position.character };
}

/** A fix's edits as ESLint fixes; the analysis makes every edit in the finding's own file. */
function fixer(fix: Fix): Rule.ReportFixer {
  return (fixer) => fix.edits.map((edit) => fixer.replaceTextRange([edit.start, edit.end], edit.newText));
}
