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
      const input = typedInput(sourceCode);
      if (typeof input === 'string') {
        if (!notedFiles.has(sourceCode.ast)) context.report({ loc: { line: 1, column: 0 }, message: input });
        notedFiles.add(sourceCode.ast);
        return {};
      }
      const { settings, errors } = lockstepSettings(context.settings, ruleIds);
      for (const error of errors.splice(0)) context.report({ loc: { line: 1, column: 0 }, message: `Lockstep settings: ${error}` });
      // ESLint's configuration decides whether and how loudly the rule reports; Lockstep's own severities do not.
      const enabled = { ...settings, rules: { [rule.meta.id]: 'error' as const } };
      const run = runRules(input.program, input.sourceFile, [rule], enabled, { suppressionFixes: false });
      // A failing rule costs its findings on this file, not the lint run (as in the editor and the CLI).
      for (const failure of run.ruleErrors) context.report({ loc: { line: 1, column: 0 }, message: `Lockstep's ${failure.ruleId} failed on this file: ${failure.error.split('\n')[0]}` });
      for (const finding of run.findings) context.report(reportOf(finding));
      return {};
    },
  };
}

/** The program typescript-eslint built and this file's ts.SourceFile in it, or why the analysis cannot run. */
function typedInput(sourceCode: SourceCode): { program: ts.Program; sourceFile: ts.SourceFile } | string {
  const services = sourceCode.parserServices as TypeScriptParserServices | undefined;
  const node = services?.program ? services.esTreeNodeToTSNodeMap?.get(sourceCode.ast) : undefined;
  if (!services?.program || !node) return NO_TYPE_INFORMATION;
  // Before reading the node's kind: another copy's kinds may be numbered otherwise.
  const foreign = foreignTypeScript(node);
  if (foreign) return foreign;
  return ts.isSourceFile(node) ? { program: services.program, sourceFile: node } : NO_TYPE_INFORMATION;
}

/**
 * The analysis compares syntax kinds and calls the checker with the TypeScript module it imports; a program built
 * by another copy (another version, or the same one installed twice) numbers its kinds its own way. A copy makes
 * its own SourceFile class, so the prototype says whether the program is this copy's.
 */
export function foreignTypeScript(sourceFile: ts.Node): string | undefined {
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
  // ESLint edits only the file it lints (as fix-all.ts, a fix reaching another file is left out).
  const fixes = finding.fixes.filter((fix) => fix.edits.every((edit) => edit.file === finding.file));
  const preferred = fixes.find((fix) => fix.preferred);
  const others = fixes.filter((fix) => fix !== preferred);
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

/** A fix's edits as ESLint fixes (offsets in the file's text, which ESLint and TypeScript share). */
function fixer(fix: Fix): Rule.ReportFixer {
  return (fixer) => fix.edits.map((edit) => fixer.replaceTextRange([edit.start, edit.end], edit.newText));
}
