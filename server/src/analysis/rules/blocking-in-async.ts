// blocking-in-async: a call that holds the event loop, inside an async function. While it runs no other task,
// timer or I/O callback runs — the counterpart of a plain time.sleep in asyncio code. The facts (what blocks,
// through which chain) come from blocking.ts; this file decides what to say and where.
import type * as ts from 'typescript';
import { asyncTwinFixes } from '../async-twins';
import { blockingAnalysisFor, chainNames, sourceName, type BlockingPath, type BlockingStep } from '../blocking';
import { functionName, functionsIn, isAsyncFunction, type FunctionWithBody } from '../functions';
import type { Rule, RuleContext } from '../types';

export const blockingInAsync: Rule = {
  meta: {
    id: 'blocking-in-async',
    description: 'A call that blocks the event loop (a sync fs/child_process/crypto/zlib call, Atomics.wait, a busy-wait loop, or a sync helper reaching one) inside an async function.',
    defaultSeverity: 'warning',
    eslintTwins: ['n/no-sync', 'node/no-sync', 'no-sync'],
  },
  check(context) {
    const analysis = blockingAnalysisFor(context.program, context.settings.blockingCalls);
    for (const fn of functionsIn(context.sourceFile)) {
      if (!isAsyncFunction(fn)) continue;
      for (const step of analysis.stepsIn(fn)) report(context, fn, step);
    }
  },
};

function report(context: RuleContext, fn: FunctionWithBody, step: BlockingStep): void {
  const { path } = step;
  const fixes = path.through.length === 0 && path.source.kind === 'call' ? asyncTwinFixes(context, path.source.node, path.source.api) : [];
  context.report(step.node, messageFor(fn, path), { related: relatedFor(path), fixes });
}

function messageFor(fn: FunctionWithBody, path: BlockingPath): string {
  const where = `inside async function \`${functionName(fn)}\``;
  const effect = 'until it returns, no other task, timer or I/O callback runs.';
  const { source } = path;
  if (path.through.length > 0) {
    const first = functionName(path.through[0]!.callee);
    return `\`${first}\` blocks the event loop ${where} (${chainNames(fn, path).join(' → ')}): ${effect} ` +
      `Make the chain async (await the async form of \`${sourceName(source)}\`), or do the work before the async code runs.`;
  }
  if (source.kind === 'busy-wait') {
    return `This loop spins on the clock ${where} without awaiting: ${effect} Await a timer instead ` +
      '(`await setTimeout(ms)` from node:timers/promises).';
  }
  const what = source.api.origin === 'settings' ? `\`${source.api.name}\` (listed in lockstep.blockingCalls)` : `\`${source.api.name}\``;
  return `${what} blocks the event loop ${where}: ${effect} ${adviceFor(source.api.owner, source.api.name)}`;
}

function adviceFor(owner: string, name: string): string {
  if (name === 'Atomics.wait') return 'Use Atomics.waitAsync, or wait in a worker thread.';
  if (owner === 'fs') return `Use the promise form from node:fs/promises (or fs.promises) and await it.`;
  if (owner === 'child_process') return 'Use the callback or promisified form (exec, execFile, spawn) and await it.';
  if (owner === 'crypto' || owner === 'zlib') return `Use the callback form (promisified) and await it, or move the work to a worker thread.`;
  return 'Use an async alternative and await it, or move the work to a worker thread.';
}

/** Each further link of the chain, and the source itself; the first link is the finding's own place. */
function relatedFor(path: BlockingPath): { node: ts.Node; message: string }[] {
  const links = path.through.slice(1).map((link, index) => ({
    node: link.node,
    message: `\`${functionName(path.through[index]!.callee)}\` calls \`${functionName(link.callee)}\` here`,
  }));
  if (path.through.length === 0) return links;
  const holder = functionName(path.through.at(-1)!.callee);
  const blocks = path.source.kind === 'call'
    ? `\`${holder}\` blocks here: \`${path.source.api.name}\``
    : `\`${holder}\` blocks here: a busy-wait loop on the clock`;
  return [...links, { node: path.source.node, message: blocks }];
}
