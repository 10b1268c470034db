// Web Locks: `navigator.locks.request(name, [options,] callback)`, from the DOM's default library. Names are one
// namespace per origin, shared by its tabs and workers; `{ mode: 'shared' }` holders do not exclude each other.
import type { LockLibrary } from './descriptor';

export const webLocks: LockLibrary = {
  id: 'web-locks',
  name: 'Web Locks',
  // Where else would a LockManager come from: a program that mentions neither takes no Web Lock.
  declaredIn: { defaultLibrary: true, mentionedAs: ['locks', 'LockManager'] },
  crossProcess: true,
  whenBusy: 'waits',
  keys: { scope: 'per-library', label: 'Web Lock', namespace: 'per origin' },
  types: [{
    owners: ['LockManager'],
    operations: { request: { kind: 'scoped', key: { argument: 0 }, callback: 'last', minArguments: 2, sharedModeArgument: 1 } },
    capacity: 1,
    reentrant: false,
  }],
};
