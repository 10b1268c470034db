// Real TypeScript no one here wrote, for the benchmarks and the robustness sweep: npm packages that ship their
// .ts sources, fetched from the registry at pinned versions into a cache folder (.bench-cache/, or
// $LOCKSTEP_BENCH_CACHE), with their dependencies' types. Each corpus is a folder with the package's sources
// copied to src/, its node_modules, and a tsconfig.json written here. Installed once; reinstalled when the
// definition below changes.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const REPO = path.resolve(__dirname, '..');
export const CACHE_DIR = process.env.LOCKSTEP_BENCH_CACHE ? path.resolve(process.env.LOCKSTEP_BENCH_CACHE) : path.join(REPO, '.bench-cache');

/** Every corpus gets the same Node types as this repository. */
const NODE_TYPES = { '@types/node': '20.19.43' };

export interface Corpus {
  name: string;
  /** What kind of code it is, for the report. */
  style: string;
  /** npm packages installed at exact versions: the one whose sources we take, and types its sources need. */
  packages: Record<string, string>;
  /** The package whose sources become src/, and the folder inside it that holds them ('.' for the root). */
  sourcePackage: string;
  sourceFolder: string;
  /** Top-level entries of sourceFolder left out of src/ (build output, manifests). */
  leaveOut: string[];
  compilerOptions: Record<string, unknown>;
  /** A large source file (relative to src/) for the editor-latency benchmark. */
  largeFile: string;
  /**
   * Why `tsc --noEmit` is not clean, when it is not: these sources were written against TypeScript 5.x and we
   * check them with this repository's TypeScript (6.0), whose libraries and narrowing are stricter.
   */
  knownTypeErrors?: string;
}

export const CORPORA: readonly Corpus[] = [
  {
    name: 'rxjs',
    style: 'a reactive-streams library: classes, generics, Observables rather than promises (251 files)',
    packages: { rxjs: '7.8.2', ...NODE_TYPES },
    sourcePackage: 'rxjs',
    sourceFolder: 'src',
    leaveOut: ['tsconfig.base.json', 'tsconfig.cjs.json', 'tsconfig.cjs.spec.json', 'tsconfig.esm.json', 'tsconfig.esm5.json', 'tsconfig.esm5.rollup.json', 'tsconfig.types.json', 'tsconfig.types.spec.json'],
    compilerOptions: { strict: true, noImplicitReturns: true, target: 'ES2022', lib: ['ES2022', 'DOM'], module: 'ESNext', moduleResolution: 'Bundler', types: [] },
    largeFile: 'internal/ajax/ajax.ts',
    knownTypeErrors: '1 error in WebSocketSubject.ts: TypeScript 6 types ArrayBufferView<ArrayBufferLike> apart from BufferSource',
  },
  {
    name: 'mongodb',
    style: 'the MongoDB Node driver: async/await, sockets, event emitters, callbacks (129 files)',
    // The driver's optional peer dependencies are imported for their types.
    packages: { mongodb: '7.0.0', 'mongodb-client-encryption': '7.0.0', kerberos: '7.0.0', 'gcp-metadata': '7.0.1', ...NODE_TYPES },
    sourcePackage: 'mongodb',
    sourceFolder: 'src',
    leaveOut: [],
    compilerOptions: {
      strict: true, target: 'ES2021', module: 'Node16', moduleResolution: 'Node16', lib: ['ES2023'], types: ['node'], skipLibCheck: true,
      noImplicitOverride: true, noImplicitReturns: true, useUnknownInCatchVariables: false,
    },
    largeFile: 'collection.ts',
    knownTypeErrors: '55 errors, all in mongo_logger.ts: TypeScript 6 no longer narrows `LoggableEvent | Record<string, any>` by its `name`',
  },
  {
    name: 'viem',
    style: 'an Ethereum client: heavy type-level generics, async actions, 480 small chain definitions (1,028 files)',
    packages: { viem: '2.21.55', ...NODE_TYPES },
    sourcePackage: 'viem',
    sourceFolder: '.',
    leaveOut: ['_cjs', '_esm', '_types', 'package.json', 'CHANGELOG.md', 'README.md', 'LICENSE'],
    compilerOptions: { strict: true, target: 'ES2021', lib: ['ES2022', 'DOM'], module: 'ESNext', moduleResolution: 'Bundler', types: ['node'], skipLibCheck: true },
    largeFile: 'clients/decorators/public.ts',
    knownTypeErrors: '2 errors (namehash.ts, ipc.ts): TypeScript 6 tells Uint8Array<ArrayBufferLike> from Uint8Array<ArrayBuffer>',
  },
];

/** The corpora a run measures: all, or those named in $LOCKSTEP_BENCH_CORPORA (comma-separated). */
export function selectedCorpora(): Corpus[] {
  const only = process.env.LOCKSTEP_BENCH_CORPORA?.split(',').filter(Boolean);
  return CORPORA.filter((corpus) => !only?.length || only.includes(corpus.name));
}

export function corpusDir(corpus: Corpus): string {
  return path.join(CACHE_DIR, corpus.name);
}

export function tsconfigOf(corpus: Corpus): string {
  return path.join(corpusDir(corpus), 'tsconfig.json');
}

/** Installs the corpus unless the cache already holds this exact definition. Returns its folder. */
export function ensureCorpus(corpus: Corpus, log: (message: string) => void = (m) => console.error(m)): string {
  const dir = corpusDir(corpus);
  return installOnce(dir, corpus.name, corpus.packages, JSON.stringify(corpus), log, () => {
    copySources(corpus, dir);
    fs.writeFileSync(tsconfigOf(corpus), `${JSON.stringify({ compilerOptions: { ...corpus.compilerOptions, noEmit: true }, include: ['src/**/*.ts'] }, null, 2)}\n`);
  });
}

/**
 * Real code that takes locks, for the lock rules' precision (bench/lock-corpus.bench.ts, triaged by hand in
 * docs/lock-corpus-triage.md): npm packages that publish their TypeScript sources, with the lock libraries they
 * use installed so that the locks' types resolve. Lock types this analysis does not know are declared in the
 * corpus's lockstep.config.json, as a user of these packages would declare them.
 */
export interface LockCorpus {
  name: string;
  /** The locks it takes, and through what. */
  locks: string;
  /** npm packages installed at exact versions: the analysed ones, their lock libraries, types their sources need. */
  packages: Record<string, string>;
  /** The packages analysed, each with the folder of its sources: copied to src/<package>/<folder>/, beside the
   * package's package.json (some sources import it). Imports of one by another are mapped to the copies by
   * compilerOptions.paths. */
  sources: Record<string, string>;
  compilerOptions: Record<string, unknown>;
  /** tsconfig.json `exclude` (tests, fixtures). */
  exclude?: string[];
  /** `locks` of the corpus's lockstep.config.json. */
  lockTypes?: { type: string; acquire: string; release?: string; style?: 'callback' | 'release-function'; callback?: number | 'last' }[];
  /** Every wrapper a reading of the code finds: a function that runs a callback parameter while it holds a lock
   * (the file relative to src/, the function as the report names it). */
  knownWrappers: { file: string; fn: string }[];
  /** Why `tsc --noEmit` is not clean (see Corpus.knownTypeErrors). */
  knownTypeErrors?: string;
}

/** What the sources' tsconfigs have in common: whole packages checked loosely, as their authors build them. */
const LOCK_CORPUS_OPTIONS = { strict: false, skipLibCheck: true, target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler', lib: ['ES2023', 'DOM', 'DOM.Iterable'] };

export const LOCK_CORPORA: readonly LockCorpus[] = [
  {
    name: 'ethereumjs',
    locks: "@ethereumjs/util's own Lock class (acquire()/release(), a semaphore of one) in Blockchain and MPT",
    packages: { '@ethereumjs/blockchain': '10.1.3', '@ethereumjs/util': '10.1.3', '@ethereumjs/mpt': '10.1.3', ...NODE_TYPES },
    sources: { '@ethereumjs/blockchain': 'src', '@ethereumjs/util': 'src', '@ethereumjs/mpt': 'src' },
    compilerOptions: {
      ...LOCK_CORPUS_OPTIONS, types: ['node'],
      // The other @ethereumjs packages resolve to the TypeScript sources they ship under the "typescript" condition.
      customConditions: ['typescript'], allowImportingTsExtensions: true,
      paths: {
        '@ethereumjs/blockchain': ['./src/@ethereumjs/blockchain/src/index.ts'],
        '@ethereumjs/util': ['./src/@ethereumjs/util/src/index.ts'],
        '@ethereumjs/mpt': ['./src/@ethereumjs/mpt/src/index.ts'],
      },
    },
    lockTypes: [{ type: 'Lock', acquire: 'acquire', release: 'release', style: 'release-function' }],
    knownWrappers: [
      { file: '@ethereumjs/blockchain/src/blockchain.ts', fn: 'Blockchain.runWithLock' },
      { file: '@ethereumjs/blockchain/src/blockchain.ts', fn: 'Blockchain.iterator' },
    ],
    knownTypeErrors: '3 errors (manager.ts, mpt constructors.ts, account.ts): TypeScript 6 tells Uint8Array<ArrayBufferLike> from Uint8Array<ArrayBuffer>, and a BigIntLike narrowing',
  },
  {
    name: 'supabase-auth-js',
    // 2.106.2: the last version whose client takes navigatorLock by default.
    locks: 'Web Locks (navigator.locks.request) and an in-process promise-chain lock, behind a reentrant GoTrueClient._acquireLock',
    packages: { '@supabase/auth-js': '2.106.2', ...NODE_TYPES },
    sources: { '@supabase/auth-js': 'src' },
    compilerOptions: { ...LOCK_CORPUS_OPTIONS, types: ['node'], useDefineForClassFields: false },
    knownWrappers: [
      { file: '@supabase/auth-js/src/lib/locks.ts', fn: 'navigatorLock' },
      { file: '@supabase/auth-js/src/lib/locks.ts', fn: 'processLock' },
      { file: '@supabase/auth-js/src/GoTrueClient.ts', fn: 'GoTrueClient._acquireLock' },
    ],
    knownTypeErrors: "8 errors: TypeScript 6's DOM types for WebAuthn credentials, spread arguments in helpers.ts, one response type in GoTrueClient.ts",
  },
  {
    name: 'libp2p-peer-store',
    locks: "mortice's read/write lock per peer, taken through PersistentStore.getReadLock/getWriteLock (which return the release)",
    packages: { '@libp2p/peer-store': '12.0.28', mortice: '3.3.1', ...NODE_TYPES },
    sources: { '@libp2p/peer-store': 'src' },
    compilerOptions: { ...LOCK_CORPUS_OPTIONS, types: [], allowImportingTsExtensions: true, resolveJsonModule: true },
    lockTypes: [
      { type: 'Mortice', acquire: 'readLock', style: 'release-function' },
      { type: 'Mortice', acquire: 'writeLock', style: 'release-function' },
    ],
    knownWrappers: [],
  },
  {
    name: 'livekit-client',
    locks: "@livekit/mutex's Mutex (lock() resolves to the unlock function), 37 sites, behind AsyncQueue.run",
    packages: { 'livekit-client': '2.23.0', '@livekit/mutex': '1.1.1', '@livekit/throws-transformer': '0.1.8' },
    sources: { 'livekit-client': 'src' },
    compilerOptions: { ...LOCK_CORPUS_OPTIONS, types: [], useDefineForClassFields: false, resolveJsonModule: true },
    exclude: ['**/*.test.ts', 'src/livekit-client/src/test/**'],
    lockTypes: [{ type: 'Mutex', acquire: 'lock', style: 'release-function' }],
    knownWrappers: [
      { file: 'livekit-client/src/utils/AsyncQueue.ts', fn: 'AsyncQueue.run' },
      // Each runs the processor's init(), a function-typed property of its parameter, holding trackChangeLock.
      { file: 'livekit-client/src/room/track/LocalTrack.ts', fn: 'LocalTrack.setProcessor' },
      { file: 'livekit-client/src/room/track/LocalVideoTrack.ts', fn: 'LocalVideoTrack.setProcessor' },
      { file: 'livekit-client/src/room/track/LocalAudioTrack.ts', fn: 'LocalAudioTrack.setProcessor' },
    ],
    knownTypeErrors: '4 errors (Room.ts, errors.ts): void | AudioContext, and never-typed exhaustiveness checks under strict: false',
  },
  {
    name: 'xmtp-js',
    locks: "async-mutex's Mutex.runExclusive, behind JobRunner.run",
    packages: { '@xmtp/xmtp-js': '13.0.4', '@xmtp/proto': '3.87.0', 'async-mutex': '0.5.0', '@metamask/providers': '17.2.1', ...NODE_TYPES },
    sources: { '@xmtp/xmtp-js': 'src' },
    compilerOptions: {
      ...LOCK_CORPUS_OPTIONS, types: ['node'], resolveJsonModule: true,
      paths: { '@/*': ['./src/@xmtp/xmtp-js/src/*'], '@xmtp/proto/ts/dist/types/*': ['./node_modules/@xmtp/proto/ts/dist/types/*'] },
    },
    knownWrappers: [{ file: '@xmtp/xmtp-js/src/conversations/JobRunner.ts', fn: 'JobRunner.run' }],
    knownTypeErrors: '12 errors: @xmtp/proto 3.87 methods that now take an argument, unknown[] from untyped reductions, Uint8Array as BufferSource',
  },
  {
    name: 'powersync',
    locks: 'its own Mutex (acquire() resolves to the unlock function; runExclusive wraps it) and Semaphore, and Web Locks',
    packages: {
      '@powersync/web': '2.4.0', '@powersync/common': '2.3.0', '@powersync/shared-internals': '1.3.0', ...NODE_TYPES,
      // Imported by the sources for their types only.
      'cross-fetch': '4.1.0', 'rsocket-core': '1.0.0-alpha.3', 'rsocket-websocket-client': '1.0.0-alpha.3',
    },
    sources: { '@powersync/web': 'src', '@powersync/common': 'src', '@powersync/shared-internals': 'src' },
    compilerOptions: {
      ...LOCK_CORPUS_OPTIONS, target: 'ES2024', lib: ['ES2024', 'ESNext.Disposable', 'DOM', 'DOM.Iterable', 'WebWorker.ImportScripts'], types: ['node'],
      paths: {
        '@powersync/common': ['./src/@powersync/common/src/index.ts'],
        '@powersync/shared-internals': ['./src/@powersync/shared-internals/src/index.ts'],
        '@powersync/shared-internals/websockets': ['./src/@powersync/shared-internals/src/client/sync/stream/WebSocketSupport.ts'],
      },
    },
    exclude: ['**/*.test.ts'],
    // runExclusive(fn, abort?) is held while fn, its first argument, runs.
    lockTypes: [
      { type: 'Mutex', acquire: 'acquire', style: 'release-function' },
      { type: 'Mutex', acquire: 'runExclusive', style: 'callback', callback: 0 },
    ],
    knownWrappers: [
      { file: '@powersync/shared-internals/src/utils/mutex.ts', fn: 'Mutex.runExclusive' },
      { file: '@powersync/shared-internals/src/client/BasePowerSyncDatabase.ts', fn: 'BasePowerSyncDatabase.runExclusive' },
      { file: '@powersync/web/src/db/PowerSyncDatabase.ts', fn: 'WebPowerSyncDatabase.runExclusive' },
      { file: '@powersync/common/src/attachments/AttachmentService.ts', fn: 'AttachmentService.withContext' },
      { file: '@powersync/common/src/attachments/AttachmentQueue.ts', fn: 'AttachmentQueue.withAttachmentContext' },
      { file: '@powersync/web/src/db/adapters/wa-sqlite/ConcurrentConnection.ts', fn: 'ConnectionLeaseToken.use' },
      { file: '@powersync/web/src/db/adapters/acquireFromPool.ts', fn: 'acquireFromPool' },
      { file: '@powersync/web/src/db/sync/WebStreamingSyncImplementation.ts', fn: 'WebStreamingSyncImplementation.obtainLock' },
      { file: '@powersync/web/src/db/sync/SSRWebStreamingSyncImplementation.ts', fn: 'SSRStreamingSyncImplementation.obtainLock' },
      // Through acquireFromPool, which may hand the writer connection (and its mutex) to reads too.
      { file: '@powersync/web/src/db/adapters/memory-pool/client.ts', fn: 'InMemoryWriteAheadLogPool.#withWorker' },
      { file: '@powersync/web/src/db/adapters/memory-pool/client.ts', fn: 'InMemoryWriteAheadLogPool.readLock' },
      { file: '@powersync/web/src/db/adapters/memory-pool/client.ts', fn: 'InMemoryWriteAheadLogPool.writeLock' },
    ],
    knownTypeErrors: '5 errors: a unique symbol, three unused @ts-expect-error in vfs.ts, SharedWorkerGlobalScope (a worker lib) in worker.ts',
  },
  {
    name: 'openzeppelin-upgrades-core',
    locks: "proper-lockfile's lock() on the network manifest, behind Manifest.lockedRun",
    packages: { '@openzeppelin/upgrades-core': '1.46.0', 'proper-lockfile': '4.1.2', '@types/proper-lockfile': '4.1.4', ...NODE_TYPES },
    sources: { '@openzeppelin/upgrades-core': 'src' },
    compilerOptions: { ...LOCK_CORPUS_OPTIONS, types: ['node'] },
    exclude: ['**/*.test.ts'],
    knownWrappers: [
      { file: '@openzeppelin/upgrades-core/src/manifest.ts', fn: 'Manifest.lockedRun' },
      // Calls its lens parameter inside the callback it hands to lockedRun.
      { file: '@openzeppelin/upgrades-core/src/impl-store.ts', fn: 'fetchOrDeployGeneric' },
    ],
  },
];

/** The lock corpora a run measures: all, or those named in $LOCKSTEP_BENCH_CORPORA (comma-separated). */
export function selectedLockCorpora(): LockCorpus[] {
  const only = process.env.LOCKSTEP_BENCH_CORPORA?.split(',').filter(Boolean);
  return LOCK_CORPORA.filter((corpus) => !only?.length || only.includes(corpus.name));
}

export function lockCorpusDir(corpus: LockCorpus): string {
  return path.join(CACHE_DIR, 'locks', corpus.name);
}

/** Installs the lock corpus unless the cache already holds this exact definition. Returns its folder. */
export function ensureLockCorpus(corpus: LockCorpus, log: (message: string) => void = (m) => console.error(m)): string {
  const dir = lockCorpusDir(corpus);
  const { packages, sources, compilerOptions, exclude, lockTypes } = corpus;
  return installOnce(dir, corpus.name, packages, JSON.stringify({ packages, sources, compilerOptions, exclude, lockTypes }), log, () => {
    for (const [pkg, folder] of Object.entries(sources)) {
      for (const entry of [folder, 'package.json']) fs.cpSync(path.join(dir, 'node_modules', pkg, entry), path.join(dir, 'src', pkg, entry), { recursive: true });
    }
    const tsconfig = { compilerOptions: { ...corpus.compilerOptions, noEmit: true }, include: ['src/**/*.ts'], exclude: corpus.exclude ?? [] };
    fs.writeFileSync(path.join(dir, 'tsconfig.json'), `${JSON.stringify(tsconfig, null, 2)}\n`);
    if (corpus.lockTypes) fs.writeFileSync(path.join(dir, 'lockstep.config.json'), `${JSON.stringify({ locks: corpus.lockTypes }, null, 2)}\n`);
  });
}

/**
 * More installed dependencies for the robustness sweep only (no benchmark reads them): widely used packages of
 * shapes the corpora's own dependencies lack, so the sweep meets tens of thousands of files of real code.
 */
export const SWEEP_PACKAGES: Record<string, string> = {
  // Thousands of one-function modules, each as ESM and CommonJS with .d.ts and .d.cts.
  'date-fns': '4.4.0',
  // Polyfills that patch the globals, as small CommonJS modules.
  'core-js': '3.51.0',
  // Classic CommonJS and a UMD bundle; declarations with hundreds of overloads.
  lodash: '4.18.1',
  '@types/lodash': '4.17.27',
  // Generated multi-megabyte declarations; callback-and-promise request objects.
  'aws-sdk': '2.1693.0',
  // Type-level-heavy TypeScript sources next to their compiled output.
  effect: '4.1.0',
  // Large classes and a 1 MB+ single-file build.
  three: '0.187.0',
  '@types/three': '0.187.0',
  // JavaScript typed by JSDoc; tapable's async hooks; terser, ajv and friends.
  webpack: '5.112.2',
  // React components compiled from JSX; props declared with deep generics.
  '@mui/material': '9.5.0',
  react: '19.3.1',
  '@types/react': '19.3.0',
  // Babel 8 and its plugins, with generated Unicode data tables.
  '@babel/core': '8.1.2',
  '@babel/preset-env': '8.0.7',
  ...NODE_TYPES,
};

/** Installs SWEEP_PACKAGES (once) and returns the folder holding their node_modules. */
export function ensureSweepPackages(log: (message: string) => void = (m) => console.error(m)): string {
  return installOnce(path.join(CACHE_DIR, 'sweep-packages'), 'sweep-packages', SWEEP_PACKAGES, JSON.stringify(SWEEP_PACKAGES), log, () => {});
}

/** npm-installs the packages into dir unless its stamp says this exact definition is already there. */
export function installOnce(dir: string, name: string, packages: Record<string, string>, stamp: string, log: (message: string) => void, then: () => void): string {
  const stampFile = path.join(dir, '.corpus.json');
  if (fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8') === stamp) return dir;

  log(`${name}: installing ${Object.entries(packages).map(([pkg, version]) => `${pkg}@${version}`).join(', ')} into ${dir}`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify({ name: `lockstep-bench-${name}`, private: true, dependencies: packages }, null, 2)}\n`);
  // --ignore-scripts: we want sources and types, never native builds or anything a package would run.
  execFileSync('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
  then();
  fs.writeFileSync(stampFile, stamp);
  return dir;
}

function copySources(corpus: Corpus, dir: string): void {
  const from = path.join(dir, 'node_modules', corpus.sourcePackage, corpus.sourceFolder);
  const leftOut = new Set(corpus.leaveOut.map((entry) => path.join(from, entry)));
  fs.cpSync(from, path.join(dir, 'src'), { recursive: true, filter: (source) => !leftOut.has(source) });
}

/** Every file under a folder (following no links), depth first, sorted per folder. */
export function* filesUnder(dir: string): Generator<string> {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* filesUnder(full);
    else if (entry.isFile()) yield full;
  }
}

export function sourceFileCount(corpus: Corpus): number {
  let count = 0;
  for (const file of filesUnder(path.join(corpusDir(corpus), 'src'))) if (file.endsWith('.ts')) count++;
  return count;
}
