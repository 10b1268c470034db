// p-queue: `queue.add(fn)` runs fn holding one of the queue's `new PQueue({ concurrency: n })` slots — a mutex
// when n is 1; without a concurrency the queue has no limit and excludes nothing.
import type { LockLibrary } from './descriptor';

export const pQueue: LockLibrary = {
  id: 'p-queue',
  name: 'p-queue',
  declaredIn: { packages: ['p-queue'] },
  crossProcess: false,
  whenBusy: 'waits',
  types: [{
    owners: ['PQueue'],
    operations: { add: { kind: 'scoped', callback: 0 } },
    capacity: { argument: 0, option: 'concurrency', unsetIsUnlimited: true },
    reentrant: false,
  }],
};
