// Starting the CLI or the server means compiling some 10 MB of JavaScript (TypeScript is most of it) before any
// work: ~0.25 s of a 2 s `lockstep check`. V8 can hand back what it compiled and take it again on the next start.
// Node ≥ 22.1 does that for modules when asked (`module.enableCompileCache`, which tsc itself calls); Node 20 has
// no such switch, so the launchers run their bundle through `vm.Script` with V8's cached data, kept in the user's
// cache directory per bundle content, Node version, architecture and V8 flags. A missing, stale, damaged or
// rejected cache costs only the compile it would have cost anyway; failing to read or write one is ignored.
//
// Code cache is code: V8 runs what it deserialises, and does not check the payload (a flipped byte is a fatal
// crash). So every read checks a digest of the whole payload, and every file is opened without following links,
// in a directory that no one else could have replaced — checked each time it is used, not once at start.
import { createHash, randomBytes } from 'node:crypto';
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

/**
 * Header of a cache file: the CPU time of the run that wrote it (so a longer run, which compiled more, can replace
 * it), then the SHA-256 of the payload.
 */
const CPU_BYTES = 8;
const DIGEST_BYTES = 32;
const HEADER_BYTES = CPU_BYTES + DIGEST_BYTES;

/** The cache is rewritten by a run that used this much more CPU than the run that wrote it. */
const REWRITE_FACTOR = 2;

/** Writing a cache removes the same bundle's caches untouched for this long (earlier versions, other Node versions). */
const STALE_AFTER_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * Node's own compile cache is disabled by this variable; ours follows it. By default the user's own cache folder
 * ($XDG_CACHE_HOME, else ~/.cache): a shared temp folder lets other users race to make the directory first.
 */
export function defaultCacheDirectory(env: NodeJS.ProcessEnv = process.env, home = os.homedir()): string | undefined {
  if (env.NODE_DISABLE_COMPILE_CACHE) return undefined;
  if (env.LOCKSTEP_COMPILE_CACHE_DIR) return env.LOCKSTEP_COMPILE_CACHE_DIR;
  if (process.platform === 'win32') return path.join(os.tmpdir(), 'lockstep-compile-cache'); // per user on Windows
  const cacheHome = env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : home ? path.join(home, '.cache') : undefined;
  return cacheHome && path.join(cacheHome, 'lockstep', 'compile-cache');
}

/**
 * Compiles and runs a CommonJS bundle as `require` would (its own `module`, `exports`, `require`, `__filename`,
 * `__dirname`), with V8's cached data from `cacheDirectory` when it holds some for exactly this bundle (none is
 * read or written without a directory).
 */
export function runBundle(bundlePath: string, cacheDirectory: string | undefined): BundleRun {
  const filename = path.resolve(bundlePath);
  const source = fs.readFileSync(filename);
  const usable = cacheDirectory !== undefined && makePrivateDirectory(cacheDirectory);
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

/** Makes the directory (private) if missing; whether it may hold a cache (isPrivateDirectory). */
function makePrivateDirectory(directory: string): boolean {
  try {
    fs.mkdirSync(directory, { recursive: true, mode: 0o700 });
  } catch {
    return false;
  }
  return isPrivateDirectory(directory);
}

/**
 * Only a directory that is this user's, that no one else can write to, and that no one else could rename away or
 * replace: itself not a symbolic link, and every folder above it owned by this user or root and writable by no
 * one else — or sticky, as /tmp is, so others cannot move what is in it.
 */
function isPrivateDirectory(directory: string): boolean {
  if (process.platform === 'win32') return true; // the cache lives in the user's own temp dir
  try {
    const own = fs.lstatSync(directory);
    if (!own.isDirectory() || own.uid !== process.getuid?.() || (own.mode & 0o022) !== 0) return false;
    for (let above = path.dirname(path.resolve(directory)); ; above = path.dirname(above)) {
      const stat = fs.statSync(above);
      const trusted = stat.uid === 0 || stat.uid === process.getuid?.();
      if (!trusted || ((stat.mode & 0o022) !== 0 && (stat.mode & 0o1000) === 0)) return false;
      if (path.dirname(above) === above) return true;
    }
  } catch {
    return false;
  }
}

/** A file of ours no one else can write, opened without following a link: its descriptor, or undefined. */
function openOwnFile(file: string, flags: number): number | undefined {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, flags | fs.constants.O_NOFOLLOW, 0o600);
    const stat = fs.fstatSync(fd);
    if (stat.isFile() && (process.platform === 'win32' || (stat.uid === process.getuid?.() && (stat.mode & 0o022) === 0))) return fd;
  } catch {
    // missing, a link, or not ours
  }
  if (fd !== undefined) ignoreErrors(() => fs.closeSync(fd!));
  return undefined;
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

/** The cached data, if the file is ours and its payload is exactly what was written (by its digest). */
function readCache(cacheFile: string): { cpuMs: number; data: Buffer } | undefined {
  const fd = openOwnFile(cacheFile, fs.constants.O_RDONLY);
  if (fd === undefined) return undefined;
  try {
    const bytes = fs.readFileSync(fd);
    if (bytes.length <= HEADER_BYTES) return undefined;
    const data = bytes.subarray(HEADER_BYTES);
    if (!digestOf(data).equals(bytes.subarray(CPU_BYTES, HEADER_BYTES))) return undefined;
    return { cpuMs: bytes.readDoubleLE(0), data };
  } catch {
    return undefined;
  } finally {
    ignoreErrors(() => fs.closeSync(fd));
  }
}

const digestOf = (data: Buffer) => createHash('sha256').update(data).digest();

/**
 * Written beside under a name no one else holds (exclusive create, no link followed) and renamed into place, so a
 * process starting meanwhile reads the old file or the new one, whole. The directory is checked again first.
 */
function writeCache(cacheFile: string, cpuMs: number, data: Buffer): void {
  if (!isPrivateDirectory(path.dirname(cacheFile))) return;
  const partial = `${cacheFile}.${process.pid}.${randomBytes(6).toString('hex')}.partial`;
  const fd = openOwnFile(partial, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL);
  if (fd === undefined) return;
  let written = false;
  try {
    removeStaleCaches(cacheFile);
    const header = Buffer.alloc(HEADER_BYTES);
    header.writeDoubleLE(cpuMs, 0);
    digestOf(data).copy(header, CPU_BYTES);
    fs.writeFileSync(fd, Buffer.concat([header, data]));
    written = true;
  } catch {
    // a full disk: no cache this time
  } finally {
    ignoreErrors(() => fs.closeSync(fd));
  }
  ignoreErrors(() => (written ? fs.renameSync(partial, cacheFile) : fs.rmSync(partial, { force: true })));
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
