// What every function walk of one extraction shares: the program, the lock and blocking facts, the lock table,
// the task templates (for spawns), and how to turn nodes into source ranges.
import ts from 'typescript';
import type { SourceRange } from '../../../../model/schema';
import type { BlockingAnalysis } from '../blocking';
import { resolveCallee } from '../calls';
import type { FunctionWithBody } from '../functions';
import { lockApiCall, type LockApiCall } from '../locks/api';
import type { LockAnalysis, LockSite } from '../locks/lock-analysis';
import { isProjectFile } from '../program-files';
import type { UserLockType } from '../types';
import type { LockTable } from './lock-table';
import { rangeOf, type UriOf } from './ranges';

export interface LockCall {
  site: LockSite;
  api: LockApiCall;
}

export class ExtractionContext {
  readonly checker: ts.TypeChecker;
  private readonly sitesByFile = new Map<ts.SourceFile, Map<ts.CallExpression, LockSite>>();

  constructor(
    readonly program: ts.Program,
    private readonly lockAnalysis: LockAnalysis,
    private readonly userTypes: readonly UserLockType[],
    readonly blocking: BlockingAnalysis,
    readonly locks: LockTable,
    private readonly uriOf: UriOf,
    /** The template a spawn of this function starts (built on first use). */
    readonly templateFor: (fn: FunctionWithBody) => string,
  ) {
    this.checker = program.getTypeChecker();
  }

  rangeOf(node: ts.Node): SourceRange {
    return rangeOf(node, this.uriOf);
  }

  /** The lock operation a call performs, as the lock model sees it (identity, kind), with its API details. */
  lockCall(call: ts.CallExpression): LockCall | undefined {
    const site = this.sitesIn(call.getSourceFile()).get(call);
    const api = site && lockApiCall(this.checker, this.program, call, this.userTypes);
    return site && api ? { site, api } : undefined;
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

  private sitesIn(sourceFile: ts.SourceFile): Map<ts.CallExpression, LockSite> {
    let sites = this.sitesByFile.get(sourceFile);
    if (!sites) {
      sites = new Map(this.lockAnalysis.fileFacts(sourceFile).functions.flatMap((facts) => facts.operations.map((site) => [site.call, site] as const)));
      this.sitesByFile.set(sourceFile, sites);
    }
    return sites;
  }
}
