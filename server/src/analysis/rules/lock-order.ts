// lock-order: two locks taken in opposite orders on two paths — the mutexA/mutexB deadlock. Reported at each
// acquisition (or call leading to one) that closes a cycle in the project's lock-order graph, naming both locks
// and each side's order, with the other side's acquisitions and call chain as related information.
import type * as ts from 'typescript';
import { cycleFixes } from '../locks/fixes';
import { LockGraph, isSameClassNesting } from '../locks/cycles';
import { calleeText, deadlockLocks, givesUp, inFunction, insideInlineCallback, lockName, reachNode, sideRelated, siteNode, takesText, writtenAs } from '../locks/describe';
import { lockAnalysis, type LockEdge } from '../locks/lock-analysis';
import { isTakenInOrder } from '../locks/ordering';
import type { Rule, RuleContext } from '../types';

export const lockOrder: Rule = {
  meta: {
    id: 'lock-order',
    description: 'Two locks taken in opposite orders on two paths (directly, through calls, across files): a potential deadlock.',
    defaultSeverity: 'error',
    scope: 'project',
  },
  check(context) {
    const model = lockAnalysis(context.program, context.settings.locks);
    const graph = perModelGraph(model.edges());
    const reported = new Set<string>();
    for (const fn of model.fileFacts(context.sourceFile).functions) {
      for (const edge of model.edgesOf(fn)) {
        const key = `${reachNode(edge.taken).pos}|${edge.held.ref.identity.key}|${edge.taken.site.ref.identity.key}`;
        if (reported.has(key)) continue;
        if (isSameClassNesting(edge) && !isOrderedNesting(context, edge) && !graph.isOrderedByFields(edge) && !model.reachesThroughOwnerFlag(edge.taken)) {
          reported.add(key);
          reportSameClass(context, edge);
          continue;
        }
        const cycle = graph.cycleThrough(edge);
        if (!cycle) continue;
        reported.add(key);
        reportCycle(context, edge, cycle);
      }
    }
  },
};

/** The two members are taken in an order the code fixes (sorted, compared, min before max): not a deadlock. */
function isOrderedNesting(context: RuleContext, edge: LockEdge): boolean {
  if (edge.taken.chain.length > 0) return false;
  return isTakenInOrder(context.program.getTypeChecker(), edge.held.lockExpression, edge.taken.site.lockExpression);
}

const graphs = new WeakMap<readonly LockEdge[], LockGraph>();

/** One graph per edge list (the edge list is per program and lock settings). */
function perModelGraph(edges: readonly LockEdge[]): LockGraph {
  let graph = graphs.get(edges);
  if (!graph) graphs.set(edges, (graph = new LockGraph(edges)));
  return graph;
}

function reportCycle(context: RuleContext, edge: LockEdge, rest: LockEdge[]): void {
  const here = hereText(edge);
  const others = rest.length === 1
    ? `but ${inFunction(rest[0]!.held)} ${takesText(rest[0]!.taken)} while holding ${lockName(rest[0]!.held)}`
    : `closing a cycle: ${[edge, ...rest].map((step) => `${lockName(step.held)} → ${lockName(step.taken.site)} in ${inFunction(step.held)}`).join(', ')}`;
  const library = givesUp(context, [edge, ...rest].flatMap((step) => [step.held, step.taken.site]));
  const consequence = library
    ? `Run concurrently, each can hold one lock while its next acquisition fails (${library} gives up rather than wait): one of them fails, by timing alone.`
    : 'Run concurrently, each can hold one lock and wait forever for the next (a lock-order deadlock).';
  const message = `${here}, ${others}. ${consequence}${permitsText([edge, ...rest])} Take these locks in one global order everywhere.`;
  const related = rest.flatMap((step) => sideRelated(step, context.sourceFile));
  const locks = deadlockLocks([edge, ...rest].map((step) => step.held));
  context.report(reportNode(edge), message, { related, fixes: rest.length === 1 ? cycleFixes(context, edge) : [], locks });
}

function reportSameClass(context: RuleContext, edge: LockEdge): void {
  const family = lockName(edge.held);
  const inner = edge.taken.chain.length === 0 ? writtenAs(edge.taken.site) : `another ${family} (through ${edge.taken.chain.map((c) => c.expression.getText()).join(' → ')}())`;
  const message = `Two locks of the same kind, ${family}, are nested here: ${inner} is taken while ${writtenAs(edge.held)} is held (in ${inFunction(edge.held)}). ` +
    `They are different objects with one name, so two tasks that pass them in opposite orders (a with b, and b with a) each hold one and ${sameKindConsequence(context, edge)}. ` +
    `Take them in a global order (e.g. sorted by an id), or use one lock for both.`;
  context.report(reportNode(edge), message, { related: [{ node: siteNode(edge.held), message: `${writtenAs(edge.held)} is taken here first` }], locks: deadlockLocks([edge.held]) });
}

/** A semaphore in the cycle closes it once all its permits are held by tasks waiting for the next lock. */
function permitsText(cycle: LockEdge[]): string {
  const semaphores = new Map<string, { label: string; capacity: number }>();
  for (const step of cycle) {
    const identity = step.held.ref.identity;
    if (identity.capacity > 1) semaphores.set(identity.key, identity);
  }
  return [...semaphores.values()].map(({ label, capacity }) => ` \`${label}\` admits ${capacity} holders: it takes part once all ${capacity} are held by tasks waiting here.`).join('');
}

function sameKindConsequence(context: RuleContext, edge: LockEdge): string {
  const library = givesUp(context, [edge.held]);
  return library ? `fail to take the other (${library} gives up rather than wait)` : 'wait forever for the other';
}

/** What happens where the edge is reported: an acquisition, a call that leads to one, or either inside a wrapper's callback. */
function hereText(edge: LockEdge): string {
  const held = lockName(edge.held);
  const inside = insideInlineCallback(edge.taken);
  const taken = inside ?? edge.taken;
  const holder = inside ? `by ${calleeText(edge.taken.chain[0]!)}(), which runs this callback` : `in ${inFunction(edge.held)}`;
  return taken.chain.length === 0
    ? `${lockName(taken.site)} is taken here while ${held} is held (${holder})`
    : `This call ${takesText(taken)} while ${held} is held (${holder})`;
}

/** A lock operation is reported at its callee (`m.acquire`, not the whole callback); a call leading to one, whole. */
function reportNode(edge: LockEdge): ts.Node {
  return reachNode(edge.taken);
}
