// Words for lock messages and hovers: lock names, where things happen, call chains.
import ts from 'typescript';
import { functionName } from '../functions';
import type { RuleContext } from '../types';
import { lockApiCall } from './api';
import type { LockEdge, LockSite, Reach } from './lock-analysis';
import type { LockMode } from './identity';

export function lockName(site: LockSite): string {
  return `\`${site.ref.identity.label}\``;
}

/**
 * The locks of a deadlock, once each, for the finding that reports it: the label the model names them by, and
 * the name at their declaration (where the model's locks say they are declared), so a host can find them in the
 * concurrency model whatever the model calls one instance of a family.
 */
export function deadlockLocks(sites: readonly LockSite[]): { label: string; family?: boolean; declaration?: ts.Node }[] {
  const byKey = new Map<string, { label: string; family?: boolean; declaration?: ts.Node }>();
  for (const { ref: { identity } } of sites) {
    if (byKey.has(identity.key)) continue;
    const lock: { label: string; family?: boolean; declaration?: ts.Node } = { label: identity.label };
    if (identity.family) lock.family = true;
    if (identity.declaration) lock.declaration = ts.getNameOfDeclaration(identity.declaration as ts.Declaration) ?? identity.declaration;
    byKey.set(identity.key, lock);
  }
  return [...byKey.values()];
}

/**
 * The first of these sites' libraries that gives up on a held lock rather than wait (proper-lockfile, redlock),
 * if any: what would be a deadlock with a waiting lock is then a failure, and the messages say so.
 */
export function givesUp(context: RuleContext, sites: readonly LockSite[]): string | undefined {
  for (const site of sites) {
    const library = lockApiCall(context.checker, context.program, site.call, context.settings.locks)?.library;
    if (library?.whenBusy === 'fails') return library.name;
  }
  return undefined;
}

/** `from.lock` as written at the site, when it says more than the identity (members of a family). */
export function writtenAs(site: LockSite): string {
  return `\`${site.lockExpression.getText().replace(/\s+/g, ' ')}\``;
}

export function inFunction(site: LockSite): string {
  return `${functionName(site.fn)}()`;
}

/** `file.ts:12` relative to the file the message is shown in (just `line 12` there). */
export function placeOf(node: ts.Node, from: ts.SourceFile): string {
  const sourceFile = node.getSourceFile();
  const line = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile)).line + 1;
  return sourceFile === from ? `line ${line}` : `${baseName(sourceFile.fileName)}:${line}`;
}

function baseName(fileName: string): string {
  return fileName.slice(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1);
}

/** `save() → flush()`: the functions a reach passes through, ending where the lock is taken. */
export function chainText(reach: Reach): string {
  const names = reach.chain.map((call) => `${calleeText(call)}()`);
  if (reach.callback && names.length > 0) names[0] = `the callback given to ${names[0]}`;
  return names.join(' → ');
}

/**
 * A reach that runs in a callback written inline at the call that hands it to a wrapper, as seen from inside
 * that callback: the calls after the wrapper's. Undefined for any other reach.
 */
export function insideInlineCallback(reach: Reach): Reach | undefined {
  const callback = reach.callback;
  // An object literal's method is written inline too (`obtainLock({ async callback() { … } })`).
  const inline = callback && (ts.isArrowFunction(callback) || ts.isFunctionExpression(callback) ||
    (ts.isMethodDeclaration(callback) && ts.isObjectLiteralExpression(callback.parent)));
  if (!inline) return undefined;
  return { ...reach, chain: reach.chain.slice(1), callback: undefined };
}

/** Where a reach is shown: inside the inline callback it runs in, else at the first call on its way, else where it is taken. */
export function reachNode(reach: Reach): ts.Node {
  const inside = insideInlineCallback(reach) ?? reach;
  return inside.chain[0] ?? siteNode(inside.site);
}

export function calleeText(call: ts.CallExpression | ts.NewExpression): string {
  const callee = call.expression;
  const text = ts.isPropertyAccessExpression(callee) ? callee.name.text : callee.getText();
  return ts.isNewExpression(call) ? `new ${text}` : text;
}

/** "takes `B`" or "takes `B` (through save() → flush())". */
export function takesText(reach: Reach): string {
  return reach.chain.length === 0 ? `takes ${lockName(reach.site)}` : `takes ${lockName(reach.site)} (through ${chainText(reach)})`;
}

/** Two holds of a lock exclude each other unless both are shared (Web Locks' `mode: 'shared'`). */
export function conflicts(a: LockMode, b: LockMode): boolean {
  return a === 'exclusive' || b === 'exclusive';
}

/** Related places for one side of a cycle: where it takes the first lock, the calls on the way, where it takes the second. */
export function sideRelated(edge: LockEdge, from: ts.SourceFile): { node: ts.Node; message: string }[] {
  const holder = inFunction(edge.held);
  const related: { node: ts.Node; message: string }[] = [{ node: siteNode(edge.held), message: `${holder} takes ${lockName(edge.held)} here…` }];
  edge.taken.chain.forEach((call, index) => {
    const rest = { ...edge.taken, chain: edge.taken.chain.slice(index + 1) };
    related.push({ node: call, message: `…calls ${calleeText(call)}() here, which ${takesText(rest)}…` });
  });
  related.push({ node: siteNode(edge.taken.site), message: `…and ${lockName(edge.taken.site)} here (${placeOf(edge.taken.site.call, from)}) while holding ${lockName(edge.held)}` });
  return related;
}

/** Where a lock operation is shown: its callee (`m.acquire`, `navigator.locks.request`), not the whole callback. */
export function siteNode(site: LockSite): ts.Node {
  return site.call.expression;
}
