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

export interface Finding extends Span {
  ruleId: string;
  severity: ReportedSeverity;
  message: string;
  related: RelatedLocation[];
  fixes: Fix[];
}

export interface RuleMeta {
  id: string;
  /** One line, shown in rule lists and SARIF. */
  description: string;
  defaultSeverity: ReportedSeverity;
  /**
   * 'file' (default): findings depend on the file and what it imports. 'project': on every file of the project
   * (a lock-order cycle can close in files that do not import each other), so any edit in the project re-checks it.
   */
  scope?: 'file' | 'project';
}

export interface ReportOptions {
  related?: { node: ts.Node; message: string }[];
  fixes?: { title: string; edits: { start: number; end: number; newText: string }[]; preferred?: boolean }[];
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

export interface AnalysisSettings {
  /** Severity per rule id; a rule absent here runs at its default severity. */
  rules: Record<string, Severity>;
  floatingPromise: { ignoreAsyncIife: boolean };
  /** Lock types declared by the user (`lockstep.locks`), beside the libraries the lock model knows. */
  locks: UserLockType[];
  /** Files larger than this are not analysed (a log line says so). */
  maxFileSizeKB: number;
}

export interface FileAnalysis {
  file: string;
  findings: Finding[];
  /** Why the file was not analysed, when it was not. */
  skipped?: string;
  /** Errors thrown by individual rules; the other rules' findings still stand. */
  ruleErrors: { ruleId: string; error: string }[];
}

/**
 * A user-declared lock type: values whose type is (or extends / implements) `type` are locks. `acquire` takes it;
 * in 'callback' style the lock is held while the last argument runs, in 'release-function' style until the
 * function that `acquire()` resolves to is called or the `release` method is.
 */
export interface UserLockType {
  type: string;
  acquire: string;
  release?: string;
  style: 'callback' | 'release-function';
  reentrant: boolean;
}
