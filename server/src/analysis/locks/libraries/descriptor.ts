// What the lock model knows of one lock library, as data: where its declarations live, which of its calls are
// lock operations and what each argument means, how a lock taken by hand is released, how many may hold it, and
// whether it is reentrant. api.ts recognises calls by these, identity.ts reads capacity, reentrancy and keys,
// release.ts follows the release (for flow.ts and the model's steps), lock-table.ts picks the model's lock kind,
// hover and the rules' words read the rest. Adding a library is one file here (listed in index.ts) and its fixtures.

/**
 * - acquire: `await m.acquire()` — held from here until released;
 * - scoped: `m.runExclusive(cb)`, `lock.acquire(key, cb)`, `limit(cb)` — held while cb runs;
 * - release: `m.release()`, `unlock(file)`;
 * - wait: `m.waitForUnlock()` — waits as an acquisition would, but holds nothing afterwards.
 */
export type LockOperationKind = 'acquire' | 'scoped' | 'release' | 'wait';

export interface LockLibrary {
  /** Stable id (identity keys of per-library keys start with it): the package name, `web-locks`, `user:Type`. */
  id: string;
  /** For hover and docs: `async-mutex`, `Web Locks`. */
  name: string;
  declaredIn: DeclaredIn;
  /** Holders in other processes (or machines) exclude each other: a lock file, a Redis key. */
  crossProcess: boolean;
  /**
   * What an acquisition does while another holds the lock: wait its turn (forever, if need be), or fail — at once
   * or after a bounded number of retries (proper-lockfile's ELOCKED, redlock's retryCount). Only the words of the
   * findings depend on it: a lock-order cycle or a reentry is a hang for the first and a certain failure for the second.
   */
  whenBusy: 'waits' | 'fails';
  /**
   * For keyed operations: whose names the keys are — each lock object's own (async-lock), or one namespace for
   * the whole library (Web Lock names, file paths, Redis keys), shown as `${label} 'key'`; `namespace` says
   * where a name means one lock (for hover: "per origin").
   */
  keys?: { scope: 'per-object' } | { scope: 'per-library'; label: string; namespace: string };
  types: readonly LockType[];
}

export type DeclaredIn =
  /** Files under `node_modules/<package>/` (or `node_modules/@types/<package>/`). */
  | { packages: readonly string[] }
  /** A default library (lib.dom.d.ts); the program has it when a file mentions one of these names. */
  | { defaultLibrary: true; mentionedAs: readonly string[] }
  /** Anywhere (lockstep.locks): the method's owner, the receiver's type or one of its bases is named as an owner. */
  | { anywhere: true };

export interface LockType {
  /**
   * The classes, interfaces or type aliases that declare the operations (by their name in the library's own
   * declarations), or `module` for functions the package itself exports (proper-lockfile's `lock(file)`).
   */
  owners: readonly string[] | 'module';
  /** Method (or exported function) name → operation; `call` is the owner's call signature (p-limit's `limit(fn)`). */
  operations: Readonly<Record<string, LockOperation>>;
  /**
   * Holders at once: fixed, or read where the lock is made — `new Semaphore(n)`, `pLimit(n)` — from that
   * argument, a number or an options object's `option` (`{ concurrency: n }`); unknown when not written as a
   * constant. `unsetIsUnlimited`: left out, there is no limit (p-queue's default), and no lock.
   */
  capacity: number | { argument: number; option?: string; unsetIsUnlimited?: boolean };
  /** Fixed, or an options object's property where the lock is made (async-lock's `{ domainReentrant: true }`). */
  reentrant: boolean | { argument: number; option: string };
  /** How the lock is made, for reading those: `new Semaphore(n)` (the default), or a factory's call (`pLimit(n)`). */
  madeBy?: 'new' | 'call';
}

export interface LockOperation {
  kind: LockOperationKind;
  /**
   * The argument that names the lock within the holder or library (a keyed lock). With `list`, it may be a list
   * of names, where a one-element array literal names its element; several are, when `atomic` (redlock's
   * resources, taken at once), one lock of the family, and when `in-order` (async-lock's keys of a scoped
   * operation, each taken inside the one before: its `_acquireBatch`), one lock per key, nested in the list's order.
   */
  key?: { argument: number; list?: 'atomic' | 'in-order' };
  /** The argument that runs while the lock is held (scoped operations). */
  callback?: number | 'last';
  /** Fewer arguments: not this operation (async-lock's `acquire(key, cb)` against its other forms). */
  minArguments?: number;
  /** Web Locks: this argument may be an options object saying `{ mode: 'shared' }` (when a callback follows it). */
  sharedModeArgument?: number;
  /** For acquire: what releases it. */
  releasedBy?: Releaser;
}

/**
 * How a lock taken by hand travels to its release, besides a release operation on the same lock (`m.release()`,
 * `unlock(file)`):
 * - function: the call resolves to a release function (`const release = await m.acquire(); release()`);
 * - tuple: to `[value, release]` (a Semaphore's `const [, release] = await s.acquire()`);
 * - handle: to an object whose `method` releases it (redlock's `const lock = await …; await lock.release()`).
 * `synchronous`: the call returns it rather than a promise of it (proper-lockfile's `lockSync(file)`).
 */
export interface Releaser {
  shape: 'function' | 'tuple' | 'handle';
  method?: string;
  synchronous?: boolean;
}
