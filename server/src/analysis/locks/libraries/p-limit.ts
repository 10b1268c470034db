// p-limit: `const limit = pLimit(n)` (or `pLimit({ concurrency: n })`) makes a limiter; `limit(fn, …args)` runs
// fn holding one of its n slots — a mutex when n is 1. A task that calls its own limiter waits for a slot its
// caller holds. (`limit.map` and `limitFunction` are not modelled.)
import type { LockLibrary } from './descriptor';

export const pLimit: LockLibrary = {
  id: 'p-limit',
  name: 'p-limit',
  declaredIn: { packages: ['p-limit'] },
  crossProcess: false,
  whenBusy: 'waits',
  types: [{
    owners: ['LimitFunction'],
    operations: { call: { kind: 'scoped', callback: 0 } },
    capacity: { argument: 0, option: 'concurrency' },
    reentrant: false,
    madeBy: 'call',
  }],
};
