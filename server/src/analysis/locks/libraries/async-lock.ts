// async-lock: `lock.acquire(key, fn)` holds the key of that lock object while fn runs; keys of one object are
// locks of their own. `lock.acquire(['a', 'b'], fn)` takes 'a', then 'b' inside it (duplicates once), then runs fn. `new AsyncLock({ domainReentrant: true })` lets a holder take its keys again.
import type { LockLibrary } from './descriptor';

export const asyncLock: LockLibrary = {
  id: 'async-lock',
  name: 'async-lock',
  declaredIn: { packages: ['async-lock'] },
  crossProcess: false,
  whenBusy: 'waits',
  keys: { scope: 'per-object' },
  types: [{
    owners: ['AsyncLock'],
    operations: { acquire: { kind: 'scoped', key: { argument: 0, list: 'in-order' }, callback: 1, minArguments: 2 } },
    capacity: 1,
    reentrant: { argument: 0, option: 'domainReentrant' },
  }],
};
