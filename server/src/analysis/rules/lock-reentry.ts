// lock-reentry: a non-reentrant lock taken again by the flow that already holds it — directly, in a nested
// scoped callback, or through a call. The second acquisition waits for the first to be released, which waits for
// the second: a certain self-deadlock.
import type * as ts from 'typescript';
import { calleeText, chainText, conflicts, deadlockLocks, givesUp, inFunction, insideInlineCallback, lockName, placeOf, reachNode, siteNode, takesText } from '../locks/describe';
import { lockAnalysis, type LockEdge, type LockSite, type Reach } from '../locks/lock-analysis';
import type { Rule, RuleContext } from '../types';

export const lockReentry: Rule = {
  meta: {
    id: 'lock-reentry',
    description: 'A non-reentrant lock taken again while the same flow holds it (directly, in a nested callback, or through a call): a self-deadlock.',
    defaultSeverity: 'error',
  },
  check(context) {
    const model = lockAnalysis(context.program, context.settings.locks);
    for (const fn of model.fileFacts(context.sourceFile).functions) {
      for (const { site, held } of fn.acquisitions) {
        const holder = held.find((h) => isSameHold(h, { site, instance: site.ref.instance, mode: site.ref.mode, chain: [] }));
        if (holder) reportDirect(context, site, holder);
      }
      for (const call of fn.calls) {
        for (const reach of model.reachOfCall(call).values()) {
          const holder = call.held.find((h) => isSameHold(h, reach));
          if (holder && !model.reachesThroughOwnerFlag(reach)) reportThroughCall(context, call.call, reach, holder);
        }
        for (const edge of model.callbackEdges(call)) {
          if (isSameHold(edge.held, edge.taken) && !model.reachesThroughOwnerFlag(edge.taken)) reportInCallback(context, edge);
        }
      }
    }
  },
};

/** The reach takes the very lock `held` holds (the same object, as far as can be told), and they exclude each other. */
function isSameHold(held: LockSite, reach: Reach): boolean {
  const identity = held.ref.identity;
  if (identity.key !== reach.site.ref.identity.key || identity.reentrant || identity.capacity !== 1) return false;
  if (identity.family && (held.ref.instance === undefined || held.ref.instance !== reach.instance)) return false;
  return conflicts(held.ref.mode, reach.mode);
}

function reportDirect(context: RuleContext, site: LockSite, holder: LockSite): void {
  const lock = lockName(site);
  const what = site.kind === 'wait' ? `waits here for ${lock} to be unlocked` : `takes ${lock} again here`;
  const library = givesUp(context, [holder]);
  const consequence = library
    ? `${lock} is not reentrant and ${library} gives up rather than wait, so this acquisition fails every time: this very flow holds it.`
    : `${lock} is not reentrant, so this waits for a release that can only come after it: a self-deadlock.`;
  const message = `${inFunction(holder)} ${what} while it already holds it (taken at ${placeOf(holder.call, context.sourceFile)}). ` +
    `${consequence} Release it first, or move the inner work into a function that expects the lock to be held.`;
  context.report(siteNode(site), message, { related: [{ node: siteNode(holder), message: `${lock} is taken here first` }], locks: deadlockLocks([holder]) });
}

/** A wrapper runs the callback with the lock held, and the callback takes it again. */
function reportInCallback(context: RuleContext, edge: LockEdge): void {
  const lock = lockName(edge.held);
  const wrapper = `${calleeText(edge.taken.chain[0]!)}()`;
  const inside = insideInlineCallback(edge.taken);
  const again = inside ? (inside.chain.length === 0 ? 'takes it again here' : `takes it again here (through ${chainText(inside)})`) : `takes it again (through ${chainText(edge.taken)})`;
  const holderText = edge.held.fn === edge.taken.site.fn ? '' : ` (taken in ${inFunction(edge.held)})`;
  const library = givesUp(context, [edge.held]);
  const consequence = library
    ? `${lock} is not reentrant and ${library} gives up rather than wait, so the inner acquisition fails every time: the wrapper holds it until the callback returns.`
    : `${lock} is not reentrant, so the inner acquisition waits for the wrapper to release it, which waits for the callback: a self-deadlock.`;
  const message = `${lock} is already held by ${wrapper} when it runs this callback${holderText}, and the callback ${again}. ` +
    `${consequence} Do the inner work without the lock (the callback already holds it), or outside the wrapper.`;
  context.report(reachNode(edge.taken), message, {
    related: [
      { node: siteNode(edge.held), message: `${wrapper} takes ${lock} here before it runs the callback` },
      { node: siteNode(edge.taken.site), message: `${inFunction(edge.taken.site)} takes ${lock} again here` },
    ],
    locks: deadlockLocks([edge.held]),
  });
}

function reportThroughCall(context: RuleContext, call: ts.CallExpression | ts.NewExpression, reach: Reach, holder: LockSite): void {
  const lock = lockName(holder);
  const library = givesUp(context, [holder]);
  const consequence = library
    ? `${lock} is not reentrant and ${library} gives up rather than wait, so the inner acquisition fails every time: the outer one holds it until the call returns.`
    : `${lock} is not reentrant, so the inner acquisition waits forever for the outer one: a self-deadlock.`;
  const message = `This call ${takesText(reach)} while ${lock} is already held here (taken at ${placeOf(holder.call, context.sourceFile)}). ` +
    `${consequence} Split the callee into a locked entry point and an unlocked helper, and call the helper here.`;
  context.report(call, message, {
    related: [
      { node: siteNode(holder), message: `${lock} is taken here first` },
      { node: siteNode(reach.site), message: `${inFunction(reach.site)} takes ${lock} again here` },
    ],
    locks: deadlockLocks([holder]),
  });
}
