// redlock (v5): `redlock.acquire(resources, ttl)` resolves to a Lock whose `release()` releases it;
// `redlock.using(resources, ttl, [settings,] routine)` holds them while routine runs. The resource keys name the
// lock, in Redis, for every process using it. A held resource makes acquire retry (`retryCount`, 10 by default)
// and then reject, rather than wait; a lock never released expires after its ttl.
import type { LockLibrary } from './descriptor';

const resources = { argument: 0, list: 'atomic' } as const;

export const redlock: LockLibrary = {
  id: 'redlock',
  name: 'redlock',
  declaredIn: { packages: ['redlock'] },
  crossProcess: true,
  whenBusy: 'fails',
  keys: { scope: 'per-library', label: 'Redlock', namespace: 'per resource, in Redis' },
  types: [{
    owners: ['Redlock'],
    operations: {
      acquire: { kind: 'acquire', key: resources, releasedBy: { shape: 'handle', method: 'release' } },
      using: { kind: 'scoped', key: resources, callback: 'last', minArguments: 3 },
    },
    capacity: 1,
    reentrant: false,
  }],
};
