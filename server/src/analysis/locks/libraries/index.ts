// The lock libraries Lockstep knows, and the ones a user declares: every other module asks here.
import type { UserLockType } from '../../types';
import { asyncLock } from './async-lock';
import { asyncMutex } from './async-mutex';
import type { LockLibrary } from './descriptor';
import { pLimit } from './p-limit';
import { pQueue } from './p-queue';
import { properLockfile } from './proper-lockfile';
import { redlock } from './redlock';
import { userLockLibrary } from './user';
import { webLocks } from './web-locks';

export type { DeclaredIn, LockLibrary, LockOperation, LockOperationKind, LockType, Releaser } from './descriptor';

/** In the order their declarations are tried; user-declared types come after them all. */
export const BUILT_IN_LOCK_LIBRARIES: readonly LockLibrary[] = [asyncMutex, asyncLock, webLocks, pLimit, pQueue, properLockfile, redlock];

const userLibraries = new WeakMap<readonly UserLockType[], readonly LockLibrary[]>();

/** The libraries built from `lockstep.locks` (one per declared type, in order), the same array for the same settings. */
export function userLockLibraries(userTypes: readonly UserLockType[]): readonly LockLibrary[] {
  let libraries = userLibraries.get(userTypes);
  if (!libraries) userLibraries.set(userTypes, (libraries = userTypes.map(userLockLibrary)));
  return libraries;
}

/** Whether a file is one of the library's own (its package folder, or its @types folder). */
export function isLibraryFile(library: LockLibrary, fileName: string): boolean {
  if (!('packages' in library.declaredIn)) return false;
  const file = fileName.replace(/\\/g, '/');
  return library.declaredIn.packages.some((name) => file.includes(`/node_modules/${name}/`) || file.includes(`/node_modules/@types/${typesFolder(name)}/`));
}

/** `@scope/name` is typed in `@types/scope__name`. */
function typesFolder(packageName: string): string {
  return packageName.startsWith('@') ? packageName.slice(1).replace('/', '__') : packageName;
}
