// proper-lockfile: `lock(file)` resolves to a release function (`lockSync(file)` returns one); `unlock(file)`
// releases too. The file's path names the lock, for every process on the machine. A lock already held makes
// `lock` reject with ELOCKED — at once, or after its `retries` — rather than wait.
import type { LockLibrary } from './descriptor';

const byPath = { argument: 0 };

export const properLockfile: LockLibrary = {
  id: 'proper-lockfile',
  name: 'proper-lockfile',
  declaredIn: { packages: ['proper-lockfile'] },
  crossProcess: true,
  whenBusy: 'fails',
  keys: { scope: 'per-library', label: 'lock file', namespace: 'per path, on the machine' },
  types: [{
    owners: 'module',
    operations: {
      lock: { kind: 'acquire', key: byPath, releasedBy: { shape: 'function' } },
      lockSync: { kind: 'acquire', key: byPath, releasedBy: { shape: 'function', synchronous: true } },
      unlock: { kind: 'release', key: byPath },
      unlockSync: { kind: 'release', key: byPath },
    },
    capacity: 1,
    reentrant: false,
  }],
};
