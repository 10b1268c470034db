// Starting the CLI or the server means compiling some 10 MB of JavaScript (TypeScript is most of it) before any
// work: ~0.25 s of a 2 s `lockstep check`. V8 can hand back what it compiled and take it again on the next start.
// Node ≥ 22.1 does that for modules when asked (`module.enableCompileCache`, which tsc itself calls); Node 20 has
// no such switch, so the launchers run their bundle through `vm.Script` with V8's cached data, kept in a private
// directory under the OS temp directory per bundle content, Node version, architecture and V8 flags. A missing,
// stale or rejected cache costs only the compile it would have cost anyway; failing to read or write one is ignored.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import Module from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vm from 'node:vm';

export type CacheUse = 'off' | 'missing' | 'rejected' | 'accepted';

export interface BundleRun {
  /** The bundle's `module.exports`. */
  exports: unknown;
  /** What happened to the cached data when the bundle was compiled. */
  cache: CacheUse;
  /** Writes the cache if this run compiled more than the one that wrote it (the launchers call it on exit). */
  saveCache(): void;
}

/** Header of a cache file: the CPU time of the run that wrote it, so a longer run (which compiled more) can replace it. */
const HEADER_BYTES = 8;

/** The cache is rewritten by a run that used this much more CPU than the run that wrote it. */
const REWRITE_FACTOR = 2;

/** Writing a cache removes the same bundle's caches untouched for this long (earlier versions, other Node versions). */
const STALE_AFTER_MS = 7 * 24 * 60 * 60 * 1000;

/** Node's own compile cache is disabled by this variable; ours follows it. */
export function defaultCacheDirectory(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.NODE_DISABLE_COMPILE_CACHE) return undefined;
  return env.LOCKSTEP_COMPILE_CACHE_DIR || path.join(os.tmpdir(), 'lockstep-compile-cache');
}

/**
 * Compiles and runs a CommonJS bundle as `require` would (its own `module`, `exports`, `require`, `__filename`,
 * `__dirname`), with V8's cached data from `cacheDirectory` when it holds some for exactly this bundle (none is
 * read or written without a directory).
 */
export function runBundle(bundlePath: string, cacheDirectory: string | undefined): BundleRun {
  const filename = path.resolve(bundlePath);
  const source = fs.readFileSync(filename);
  const usable = cacheDirectory !== undefined && isPrivateDirectory(cacheDirectory);
  const cacheFile = usable ? path.join(cacheDirectory, cacheFileName(filename, source)) : undefined;
  const cached = cacheFile ? readCache(cacheFile) : undefined;
  // The wrapper keeps the bundle's line numbers: it adds nothing before the first line but the parameter list.
  const wrapped = `(function (exports, require, module, __filename, __dirname) { ${source.toString('utf8')}\n})`;
  const script = new vm.Script(wrapped, { filename, cachedData: cached?.data });
  const cache: CacheUse = !cacheFile ? 'off' : !cached ? 'missing' : script.cachedDataRejected ? 'rejected' : 'accepted';
  const bundleModule = new Module(filename);
  bundleModule.filename = filename;
  bundleModule.paths = (Module as unknown as { _nodeModulePaths(from: string): string[] })._nodeModulePaths(path.dirname(filename));
  const bundleRequire = Module.createRequire(filename);
  (script.runInThisContext() as (...args: unknown[]) => void)
    .call(bundleModule.exports, bundleModule.exports, bundleRequire, bundleModule, filename, path.dirname(filename));
  bundleModule.loaded = true;
  return {
    exports: bundleModule.exports,
    cache,
    saveCache: () => {
      if (!cacheFile) return;
      const cpuMs = cpuTimeMs();
      if (cache === 'accepted' && cpuMs < REWRITE_FACTOR * cached!.cpuMs) return;
      writeCache(cacheFile, cpuMs, script.createCachedData());
    },
  };
}

/**
 * Code cache is code: V8 runs what it deserialises. So only a directory of this user's that no one else can write
 * (made so if missing, not a symbolic link) is used; in a shared temp dir another user could have made it first.
 */
function isPrivateDirectory(directory: string): boolean {
  try {
    fs.mkdirSync(directory, { recursive: true, mode: 0o700 });
    const stat = fs.lstatSync(directory);
    if (!stat.isDirectory()) return false;
    if (process.platform === 'win32') return true; // the temp dir is the user's own
    return stat.uid === process.getuid?.() && (stat.mode & 0o022) === 0;
  } catch {
    return false;
  }
}

/** One file per bundle content; V8 also rejects data made by another V8 or other flags, but then two setups would take turns. */
function cacheFileName(filename: string, source: Buffer): string {
  const key = createHash('sha256')
    .update(source)
    .update(`\0${process.version}\0${process.arch}\0${process.execArgv.join(' ')}`)
    .digest('hex')
    .slice(0, 24);
  return `${path.basename(filename, '.js')}-${key}.bin`;
}

function readCache(cacheFile: string): { cpuMs: number; data: Buffer } | undefined {
  try {
    const bytes = fs.readFileSync(cacheFile);
    if (bytes.length <= HEADER_BYTES) return undefined;
    return { cpuMs: bytes.readDoubleLE(0), data: bytes.subarray(HEADER_BYTES) };
  } catch {
    return undefined;
  }
}

/** Written beside and renamed into place, so a process starting meanwhile reads the old file or the new one, whole. */
function writeCache(cacheFile: string, cpuMs: number, data: Buffer): void {
  const partial = `${cacheFile}.${process.pid}.partial`;
  try {
    removeStaleCaches(cacheFile);
    const header = Buffer.alloc(HEADER_BYTES);
    header.writeDoubleLE(cpuMs, 0);
    fs.writeFileSync(partial, Buffer.concat([header, data]));
    fs.renameSync(partial, cacheFile);
  } catch {
    ignoreErrors(() => fs.rmSync(partial, { force: true }));
  }
}

/** Cache files are named `<bundle>-<key>.bin`: the others of the same bundle are earlier versions or other setups. */
function removeStaleCaches(cacheFile: string): void {
  const directory = path.dirname(cacheFile);
  const prefix = path.basename(cacheFile).replace(/[0-9a-f]+\.bin$/, '');
  for (const name of fs.readdirSync(directory)) {
    const file = path.join(directory, name);
    if (!name.startsWith(prefix) || file === cacheFile) continue;
    ignoreErrors(() => {
      if (Date.now() - fs.statSync(file).mtimeMs > STALE_AFTER_MS) fs.rmSync(file, { force: true });
    });
  }
}

function ignoreErrors(work: () => void): void {
  try {
    work();
  } catch {
    // A cache is an optimisation: the run goes on without it.
  }
}

function cpuTimeMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}
