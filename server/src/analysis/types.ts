// The vocabulary shared by the analysis, the rules and their hosts (LSP server, CLI). No LSP types here:
// positions are 0-based lines and UTF-16 columns, which both LSP and TypeScript use.
import type * as ts from 'typescript';

export const SEVERITIES = ['off', 'hint', 'information', 'warning', 'error'] as const;
export type Severity = (typeof SEVERITIES)[number];
export type ReportedSeverity = Exclude<Severity, 'off'>;

export interface Position {
  line: number;
  character: number;
}

export interface Span {
  file: string;
  start: number;
  end: number;
  startPosition: Position;
  endPosition: Position;
}

export interface TextEdit extends Span {
  newText: string;
}

export interface Fix {
  title: string;
  edits: TextEdit[];
  /** The fix most users want; the LSP marks it preferred. */
  preferred?: boolean;
}

export interface RelatedLocation extends Span {
  message: string;
}

/** A lock a deadlock finding is about: how the lock model names it, and where it is declared in code. */
export interface FindingLock {
  label: string;
  /** One name for many locks (`Account.lock`, `forks[*]`, a key computed at run time). */
  family?: boolean;
  declaration?: Span;
}

export interface Finding extends Span {
  ruleId: string;
  severity: ReportedSeverity;
  message: string;
  related: RelatedLocation[];
  fixes: Fix[];
  /** The locks of the deadlock the finding reports (lock-order, lock-reentry): hosts offer to show it run. */
  locks?: FindingLock[];
}

export interface RuleMeta {
  id: string;
  /** One line, shown in rule lists and SARIF. */
  description: string;
  /** `off` for opt-in rules (unused-suppression). */
  defaultSeverity: Severity;
  /**
   * 'file' (default): findings depend on the file and what it imports. 'project': on every file of the project
   * (a lock-order cycle can close in files that do not import each other), so any edit in the project re-checks it.
   */
  scope?: 'file' | 'project';
  /** ESLint / oxlint rules that report the same thing: their disable comments silence this rule too (eslint-directives.ts). */
  eslintTwins?: readonly string[];
}

export interface ReportOptions {
  related?: { node: ts.Node; message: string }[];
  fixes?: { title: string; edits: { start: number; end: number; newText: string }[]; preferred?: boolean }[];
  /** The locks of the deadlock reported; a declaration is the node that names the lock where it is declared. */
  locks?: { label: string; family?: boolean; declaration?: ts.Node }[];
}

export interface RuleContext {
  sourceFile: ts.SourceFile;
  program: ts.Program;
  checker: ts.TypeChecker;
  settings: AnalysisSettings;
  report(node: ts.Node, message: string, options?: ReportOptions): void;
}

export interface Rule {
  meta: RuleMeta;
  check(context: RuleContext): void;
}

/** A suppression comment that suppressed nothing: all of it, or some of the rules it names. */
export interface UnusedSuppression {
  kind: SuppressionKind;
  /** The comment's offsets. */
  start: number;
  end: number;
  /** The named rules that suppressed nothing; empty when the whole comment did (or it names no rule). */
  unusedRules: string[];
  /** Edits that remove the comment (or the unused rule ids from it). */
  removal: { start: number; end: number; newText: string }[];
}

export type SuppressionKind = 'next-line' | 'file';

export interface SuppressionRuleContext {
  sourceFile: ts.SourceFile;
  unused: readonly UnusedSuppression[];
  report(span: { start: number; end: number }, message: string, options?: ReportOptions): void;
}

/** A rule about the suppression comments themselves: it runs after the other rules' findings were suppressed. */
export interface SuppressionRule {
  meta: RuleMeta;
  checkSuppressions(context: SuppressionRuleContext): void;
}

export type AnyRule = Rule | SuppressionRule;

export function isSuppressionRule(rule: AnyRule): rule is SuppressionRule {
  return 'checkSuppressions' in rule;
}

export interface AnalysisSettings {
  /** Severity per rule id; a rule absent here runs at its default severity. */
  rules: Record<string, Severity>;
  floatingPromise: { ignoreAsyncIife: boolean };
  /** Calls blocking-in-async treats as blocking beyond Node's built-in ones, and calls it never reports. */
  blockingCalls: BlockingCallsSettings;
  /** Lock types declared by the user (`lockstep.locks`), beside the libraries the lock model knows. */
  locks: UserLockType[];
  /** Files larger than this are not analysed (a log line says so). */
  maxFileSizeKB: number;
  /** Globs of files not to analyse, relative to the configuration's root (see config.ts). */
  ignore: string[];
  /** Whether ESLint's disable comments silence the rules that have an ESLint twin (eslint-directives.ts). */
  eslintComments: boolean;
}

/**
 * A call named by what it resolves to: an export of a module (a package, or a Node built-in without `node:`),
 * or a method of a class or interface (optionally only the one a given module declares).
 */
export type BlockingCallPattern = { module: string; export: string } | { type: string; method: string; module?: string };

export interface BlockingCallsSettings {
  add: BlockingCallPattern[];
  allow: BlockingCallPattern[];
}

export interface FileAnalysis {
  file: string;
  findings: Finding[];
  /** Why the file was not analysed, when it was not. */
  skipped?: string;
  /** Not analysed because an `ignore` glob matches it (hosts need not mention such files). */
  ignored?: boolean;
  /** Errors thrown by individual rules; the other rules' findings still stand. */
  ruleErrors: { ruleId: string; error: string }[];
  /** What limited the analysis of this file, in source order. */
  notes: Note[];
}

/**
 * Something the user should know about a file's analysis that is not a finding — a lock library whose types do not
 * resolve, so the lock rules cannot see its locks. No rule, no severity: not suppressible, no effect on exit status.
 */
export interface Note extends Span {
  message: string;
}

/**
 * A user-declared lock type: values whose type is (or extends / implements) `type` are locks. `acquire` takes it;
 * in 'callback' style the lock is held while the callback argument runs (`callback`: its index, or the last one,
 * the default), in 'release-function' style until the function that `acquire()` resolves to is called or the
 * `release` method is.
 */
export interface UserLockType {
  type: string;
  acquire: string;
  release?: string;
  style: 'callback' | 'release-function';
  /** Callback style: which argument runs while the lock is held; unset, the last. */
  callback?: number | 'last';
  reentrant: boolean;
}
