// Hover on a lock expression (or a lock's declaration): its identity, where it is taken, and what is known of its
// order — "taken after `ledgerLock` in refund(), before `inventoryLock` in restock()". Pure: markdown out, every
// piece of the user's code in it escaped (markdown.ts).
import ts from 'typescript';
import { functionName } from '../functions';
import { markdownCode, markdownText } from '../markdown';
import type { UserLockType } from '../types';
import { lockApiCall } from './api';
import { placeOf } from './describe';
import type { LockLibrary } from './libraries';
import { isSelfEdge } from './cycles';
import { lockAnalysis, type LockEdge, type LockIdentity, type LockSite } from './lock-analysis';

export function lockHover(program: ts.Program, sourceFile: ts.SourceFile, offset: number, userTypes: readonly UserLockType[]): string | undefined {
  const model = lockAnalysis(program, userTypes);
  const sites = model.acquisitions().map((acquisition) => acquisition.site);
  const fileSites = model.fileFacts(sourceFile).functions.flatMap((fn) => fn.operations);
  const identity = identityAt(sourceFile, offset, sites, fileSites);
  if (!identity) return undefined;

  const mine = sites.filter((site) => site.ref.identity.key === identity.key);
  const edges = model.edges().filter((edge) => !isSelfEdge(edge));
  const after = unique(edges.filter((edge) => edge.taken.site.ref.identity.key === identity.key).map((edge) => `${markdownCode(edge.held.ref.identity.label)} in ${inFunction(edge.held)}`));
  const before = unique(edges.filter((edge) => edge.held.ref.identity.key === identity.key).map((edge) => `${markdownCode(edge.taken.site.ref.identity.label)} in ${inFunction(edge.held)}${through(edge)}`));

  const library = libraryOf(program, [...fileSites, ...mine].find((site) => site.ref.identity.key === identity.key), userTypes);
  const lines = [`**Lock** ${markdownCode(identity.label)} — ${describeIdentity(identity, sourceFile, library)}${library ? ` ${describeLibrary(library)}` : ''}`];
  lines.push(mine.length === 0 ? 'Not taken anywhere in this project.' : `Taken in ${unique(mine.map((site) => `${inFunction(site)} (${markdownText(placeOf(site.call, sourceFile))})`)).join(', ')}.`);
  const order = [after.length ? `taken after ${after.join(', ')}` : '', before.length ? `before ${before.join(', ')}` : ''].filter(Boolean);
  lines.push(order.length ? `Order: ${order.join('; ')}.` : 'Order: never nested with another lock.');
  return lines.join('\n\n');
}

/** The identity named at the offset: a lock operation's lock expression, or a reference to a lock's declaration. */
function identityAt(sourceFile: ts.SourceFile, offset: number, projectSites: LockSite[], fileSites: LockSite[]): LockIdentity | undefined {
  const covering = fileSites
    .filter((site) => site.lockExpression.getStart(sourceFile) <= offset && offset <= site.lockExpression.getEnd())
    .sort((a, b) => a.lockExpression.getWidth(sourceFile) - b.lockExpression.getWidth(sourceFile));
  if (covering[0]) return covering[0].ref.identity;
  const token = tokenAt(sourceFile, offset);
  if (!token || !ts.isIdentifier(token)) return undefined;
  const declaration = token.parent && ts.getNameOfDeclaration(token.parent as ts.Declaration) === token ? token.parent : undefined;
  return projectSites.find((site) => site.ref.identity.declaration === declaration && declaration !== undefined)?.ref.identity;
}

function tokenAt(sourceFile: ts.SourceFile, offset: number): ts.Node | undefined {
  const find = (node: ts.Node): ts.Node | undefined =>
    node.getStart(sourceFile) <= offset && offset <= node.getEnd() ? (ts.forEachChild(node, find) ?? node) : undefined;
  return find(sourceFile);
}

function describeIdentity(identity: LockIdentity, from: ts.SourceFile, library: LockLibrary | undefined): string {
  const namespace = library?.keys?.scope === 'per-library' ? ` (one ${library.keys.namespace})` : '';
  const kind = identity.family
    ? 'one name for every instance (a lock per object, ordered as one)'
    : identity.declaration ? `declared at ${markdownText(placeOf(identity.declaration, from))}` : `a named lock${namespace}`;
  const capacity = identity.capacity === 1 ? '' : identity.capacity === Infinity ? ', a semaphore of unknown capacity' : `, a semaphore of capacity ${identity.capacity}`;
  return `${kind}${capacity}${identity.reentrant ? ', reentrant' : ', not reentrant'}.`;
}

/** The library whose operation a site is. */
function libraryOf(program: ts.Program, site: LockSite | undefined, userTypes: readonly UserLockType[]): LockLibrary | undefined {
  return site && lockApiCall(program.getTypeChecker(), program, site.call, userTypes)?.library;
}

function describeLibrary(library: LockLibrary): string {
  return `From ${library.name} (${library.crossProcess ? 'shared with other processes' : 'this process only'}).`;
}

function through(edge: LockEdge): string {
  return edge.taken.chain.length ? ` (through ${edge.taken.chain.map((call) => markdownText(call.expression.getText())).join(' → ')}())` : '';
}

/** `refund()`: the function's name escaped. */
function inFunction(site: LockSite): string {
  return `${markdownText(functionName(site.fn))}()`;
}

function unique(items: string[]): string[] {
  return [...new Set(items)];
}
