// async-mutex: `Mutex` (one holder) and `Semaphore` (n holders, `new Semaphore(n)`), and their interfaces (what
// `withTimeout` and `tryAcquire` return). A Mutex's acquire resolves to its release function, a Semaphore's to
// `[value, release]`; both also release by `m.release()`.
import type { LockLibrary, LockOperation } from './descriptor';

const shared: Readonly<Record<string, LockOperation>> = {
  runExclusive: { kind: 'scoped', callback: 0 },
  release: { kind: 'release' },
  waitForUnlock: { kind: 'wait' },
};

export const asyncMutex: LockLibrary = {
  id: 'async-mutex',
  name: 'async-mutex',
  declaredIn: { packages: ['async-mutex'] },
  crossProcess: false,
  whenBusy: 'waits',
  types: [
    {
      owners: ['Mutex', 'MutexInterface'],
      operations: { ...shared, acquire: { kind: 'acquire', releasedBy: { shape: 'function' } } },
      capacity: 1,
      reentrant: false,
    },
    {
      owners: ['Semaphore', 'SemaphoreInterface'],
      operations: { ...shared, acquire: { kind: 'acquire', releasedBy: { shape: 'tuple' } } },
      capacity: { argument: 0 },
      reentrant: false,
    },
  ],
};
