// What every function walk of one extraction shares: the program, the lock and blocking facts, the lock table,
// the event table, the task templates (for spawns), and how to turn nodes into source ranges.
import ts from 'typescript';
import type { Approximation, SourceRange } from '../../../../model/schema';
import type { BlockingAnalysis } from '../blocking';
import { resolveCallee } from '../calls';
import type { FunctionWithBody } from '../functions';
import { lockApiCall, type LockApiCall } from '../locks/api';
import type { LockAnalysis, LockSite } from '../locks/lock-analysis';
import { isProjectFile } from '../program-files';
import type { UserLockType } from '../types';
import type { EventTable } from './events';
import type { LockTable } from './lock-table';
import { rangeOf, type UriOf } from './ranges';
import type { Bindings } from './values';

export interface LockCall {
  site: LockSite;
  /** Every lock the call takes, in order: more than the site for a list of keys (async-lock's `acquire(['a', 'b'], cb)`). */
  sites: readonly LockSite[];
  api: LockApiCall;
}

export class ExtractionContext {
  readonly checker: ts.TypeChecker;
  /** What the model could not say exactly, once each (by message and place). */
  readonly approximations = new Map<string, Approximation>();
  private readonly sitesByFile = new Map<ts.SourceFile, Map<ts.CallExpression, LockSite[]>>();

  constructor(
    readonly program: ts.Program,
    private readonly lockAnalysis: LockAnalysis,
    private readonly userTypes: readonly UserLockType[],
    readonly blocking: BlockingAnalysis,
    readonly locks: LockTable,
    readonly events: EventTable,
    private readonly uriOf: UriOf,
    /** The template a spawn of this function with these arguments starts (built on first use). */
    readonly templateFor: (fn: FunctionWithBody, bindings: Bindings) => string,
  ) {
    this.checker = program.getTypeChecker();
  }

  rangeOf(node: ts.Node): SourceRange {
    return rangeOf(node, this.uriOf);
  }

  /** Records something the model approximates, where the code does it. */
  approximate(message: string, at: ts.Node): void {
    const range = this.rangeOf(at);
    this.approximations.set(`${message}@${range.uri}:${range.start.line}:${range.start.character}`, { message, range });
  }

  /** The lock operation a call performs, as the lock model sees it (identity, kind), with its API details. */
  lockCall(call: ts.CallExpression): LockCall | undefined {
    const sites = this.sitesIn(call.getSourceFile()).get(call);
    const api = sites && lockApiCall(this.checker, this.program, call, this.userTypes);
    return sites && api ? { site: sites[0]!, sites, api } : undefined;
  }

  /** The function a call runs, when its body is the project's own code (not a library's). */
  modelledCallee(call: ts.CallExpression | ts.NewExpression): FunctionWithBody | undefined {
    const callee = resolveCallee(this.checker, call);
    return callee && this.isModelled(callee) ? callee : undefined;
  }

  isModelled(fn: FunctionWithBody): boolean {
    const sourceFile = fn.getSourceFile();
    return !sourceFile.isDeclarationFile && isProjectFile(this.program, sourceFile);
  }

  private sitesIn(sourceFile: ts.SourceFile): Map<ts.CallExpression, LockSite[]> {
    let sites = this.sitesByFile.get(sourceFile);
    if (!sites) {
      sites = new Map();
      for (const facts of this.lockAnalysis.fileFacts(sourceFile).functions) {
        for (const site of facts.operations) sites.set(site.call, [...(sites.get(site.call) ?? []), site]);
      }
      this.sitesByFile.set(sourceFile, sites);
    }
    return sites;
  }
}
