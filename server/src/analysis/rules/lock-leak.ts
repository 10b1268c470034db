// lock-leak: an acquire() whose release is not reached on some way out of the function — an early return, a
// throw, an exception from a call in between, or simply the end — unless the release function escapes
// (returned, stored, passed on). Every later acquirer then waits forever. A semaphore that some function of the
// file releases without holding it is a counter (a bounded buffer's slots: the consumer takes, the producer gives):
// its permits are nobody's, so taking one is no leak.
import type * as ts from 'typescript';
import { clippedText } from '../syntax';
import { givesUp, lockName, placeOf } from '../locks/describe';
import { tryFinallyFix } from '../locks/fixes';
import { lockKeyOf } from '../locks/flow';
import { lockAnalysis, type Leak } from '../locks/lock-analysis';
import type { Rule } from '../types';

export const lockLeak: Rule = {
  meta: {
    id: 'lock-leak',
    description: 'A lock acquired by hand and not released on some path out of the function (early return, throw, no finally).',
    defaultSeverity: 'warning',
  },
  check(context) {
    const model = lockAnalysis(context.program, context.settings.locks);
    const functions = model.fileFacts(context.sourceFile).functions;
    const givenBack = new Set(functions.flatMap((fn) => fn.givenBack));
    for (const fn of functions) {
      for (const leak of fn.leaks) {
        if (leak.site.ref.identity.capacity !== 1 && givenBack.has(lockKeyOf(leak.site.ref))) continue;
        const fix = tryFinallyFix(context, leak);
        context.report(leak.site.call, messageFor(leak, context.sourceFile, givesUp(context, [leak.site])), {
          related: leak.exit === 'end' ? [] : [{ node: leak.exitNode, message: `${lockName(leak.site)} is still held here` }],
          fixes: fix ? [fix] : [],
        });
      }
    }
  },
};

function messageFor(leak: Leak, sourceFile: ts.SourceFile, givingUpLibrary: string | undefined): string {
  const lock = lockName(leak.site);
  const where = placeOf(leak.exitNode, sourceFile);
  const path = {
    return: `on the return at ${where}`,
    throw: `when the throw at ${where} leaves the function`,
    'implicit-throw': `if \`${clippedText(leak.exitNode)}\` throws (${where})`,
    end: 'when the function ends',
  }[leak.exit];
  const later = givingUpLibrary
    ? `every later acquirer then fails (${givingUpLibrary} gives up rather than wait) until the lock goes stale or expires`
    : 'every later acquirer then waits forever';
  return `${lock} is acquired here but not released ${path}: ${later}. Release it in a finally block (or use a scoped form such as runExclusive).`;
}

