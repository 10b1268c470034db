// A lock type the user declared in `lockstep.locks`, as a library of its own: recognised by the type's name
// wherever it is declared. 'callback' style: held while the callback argument runs (the last, unless `callback`
// says which); 'release-function' style: held until the function `acquire()` resolves to is called, or the
// `release` method is.
import type { UserLockType } from '../../types';
import type { LockLibrary, LockOperation } from './descriptor';

export function userLockLibrary(user: UserLockType): LockLibrary {
  const acquire: LockOperation = user.style === 'callback'
    ? { kind: 'scoped', callback: user.callback ?? 'last' }
    : { kind: 'acquire', releasedBy: { shape: 'function' } };
  // Written after the release, so a method named as both acquires (as it always has).
  const release: Record<string, LockOperation> = user.release === undefined ? {} : { [user.release]: { kind: 'release' } };
  return {
    id: `user:${user.type}`,
    name: 'lockstep.locks',
    declaredIn: { anywhere: true },
    crossProcess: false,
    whenBusy: 'waits',
    types: [{ owners: [user.type], operations: { ...release, [user.acquire]: acquire }, capacity: 1, reentrant: user.reentrant }],
  };
}
