// The launchers' compile cache (server/src/launch/compile-cache.ts): a bundle runs as `require` would run it,
// with or without cached data, and the cache is kept per bundle content.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import { defaultCacheDirectory, runBundle, type CacheUse } from '../../server/src/launch/compile-cache';

const BUNDLE = [
  "const helper = require('./helper.js');",
  'module.exports = { filename: __filename, dirname: __dirname, helper, sameExports: module.exports === exports, line: lineOfThrow() };',
  'function lineOfThrow() {',
  '  try { throw new Error("where"); } catch (error) { return /bundle\\.js:(\\d+)/.exec(error.stack)[1]; }',
  '}',
].join('\n');

function setUp(source = BUNDLE): { bundle: string; cacheDirectory: string } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'lockstep-compile-cache-test-'));
  fs.writeFileSync(path.join(root, 'bundle.js'), source);
  fs.writeFileSync(path.join(root, 'helper.js'), 'module.exports = "beside the bundle";');
  return { bundle: path.join(root, 'bundle.js'), cacheDirectory: path.join(root, 'cache') };
}

/** Runs the bundle in a fresh process, saving the cache after it; what the run found and the bundle's exports. */
function runInProcess(bundle: string, cacheDirectory: string): { cache: CacheUse; exports: Record<string, unknown> } {
  const driver = path.join(__dirname, 'compile-cache-driver.ts');
  return JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', driver, bundle, cacheDirectory, 'save'], { encoding: 'utf8' }));
}

const cacheFiles = (directory: string) => (fs.existsSync(directory) ? fs.readdirSync(directory).sort() : []);

test('a bundle runs as require would run it: its own module, require, __filename, __dirname and line numbers', () => {
  const { bundle, cacheDirectory } = setUp();
  const run = runBundle(bundle, cacheDirectory);
  assert.deepEqual(run.exports, { filename: bundle, dirname: path.dirname(bundle), helper: 'beside the bundle', sameExports: true, line: '4' });
});

test('the first run finds no cache and leaves one; the next run takes it', () => {
  const { bundle, cacheDirectory } = setUp();
  const first = runInProcess(bundle, cacheDirectory);
  assert.equal(first.cache, 'missing');
  assert.match(cacheFiles(cacheDirectory).join(), /^bundle-[0-9a-f]{24}\.bin$/);
  const second = runInProcess(bundle, cacheDirectory);
  assert.equal(second.cache, 'accepted');
  assert.deepEqual(second.exports, first.exports);
});

test('a damaged cache (header, or a byte flipped anywhere after it) never reaches V8: the bundle compiles, and the cache is written again', () => {
  const { bundle, cacheDirectory } = setUp();
  runInProcess(bundle, cacheDirectory);
  const [name] = cacheFiles(cacheDirectory);
  const file = path.join(cacheDirectory, name!);
  const good = fs.readFileSync(file);
  const flipped = Buffer.from(good);
  flipped[Math.floor((40 + good.length) / 2)]! ^= 0xff;
  for (const damage of [Buffer.concat([Buffer.alloc(40), Buffer.from('not V8 code cache data at all')]), flipped, good.subarray(0, good.length - 1)]) {
    fs.writeFileSync(file, damage);
    const damaged = runInProcess(bundle, cacheDirectory);
    assert.equal(damaged.cache, 'missing');
    assert.equal(damaged.exports.helper, 'beside the bundle');
    assert.equal(runInProcess(bundle, cacheDirectory).cache, 'accepted');
  }
});

test('a cache file that is a link, or that others could write, is not read; a planted link is not written through', () => {
  const { bundle, cacheDirectory } = setUp();
  runInProcess(bundle, cacheDirectory);
  const [name] = cacheFiles(cacheDirectory);
  const file = path.join(cacheDirectory, name!);
  fs.chmodSync(file, 0o666);
  assert.equal(runBundle(bundle, cacheDirectory).cache, 'missing');
  const elsewhere = path.join(path.dirname(bundle), 'victim.txt');
  fs.writeFileSync(elsewhere, 'keep me');
  fs.rmSync(file);
  fs.symlinkSync(elsewhere, file);
  const run = runBundle(bundle, cacheDirectory);
  assert.equal(run.cache, 'missing');
  run.saveCache();
  assert.equal(fs.readFileSync(elsewhere, 'utf8'), 'keep me');
  assert.ok(!fs.lstatSync(file).isSymbolicLink(), 'the link was replaced by a cache file, not followed');
});

test('a cache directory inside a folder others can write to (not sticky) is not used: they could swap it', () => {
  const { bundle } = setUp();
  const shared = path.join(path.dirname(bundle), 'shared');
  fs.mkdirSync(shared);
  fs.chmodSync(shared, 0o777);
  assert.equal(runBundle(bundle, path.join(shared, 'cache')).cache, 'off');
  fs.chmodSync(shared, 0o1777);
  assert.equal(runBundle(bundle, path.join(shared, 'cache2')).cache, 'missing', 'sticky, as /tmp is: others cannot move what is in it');
});

test('a changed bundle does not use the cache of the old one; the old one stays until it is a week old', () => {
  const { bundle, cacheDirectory } = setUp();
  runInProcess(bundle, cacheDirectory);
  const [old] = cacheFiles(cacheDirectory);
  fs.writeFileSync(bundle, `${BUNDLE}\nmodule.exports.changed = true;`);
  const changed = runInProcess(bundle, cacheDirectory);
  assert.equal(changed.cache, 'missing');
  assert.equal(changed.exports.changed, true);
  assert.equal(cacheFiles(cacheDirectory).length, 2);
  const weekAgo = new Date(Date.now() - 8 * 24 * 60 * 60 * 1000);
  fs.utimesSync(path.join(cacheDirectory, old!), weekAgo, weekAgo);
  fs.writeFileSync(bundle, `${BUNDLE}\nmodule.exports.changedAgain = true;`);
  runInProcess(bundle, cacheDirectory);
  const kept = cacheFiles(cacheDirectory);
  assert.equal(kept.length, 2);
  assert.ok(!kept.includes(old!));
});

test('without a cache directory nothing is read or written; NODE_DISABLE_COMPILE_CACHE turns it off', () => {
  const { bundle, cacheDirectory } = setUp();
  const run = runBundle(bundle, undefined);
  assert.equal(run.cache, 'off');
  run.saveCache();
  assert.deepEqual(cacheFiles(cacheDirectory), []);
  assert.equal(defaultCacheDirectory({ NODE_DISABLE_COMPILE_CACHE: '1' }), undefined);
  assert.equal(defaultCacheDirectory({ LOCKSTEP_COMPILE_CACHE_DIR: cacheDirectory }), cacheDirectory);
  assert.equal(defaultCacheDirectory({}, '/home/someone'), '/home/someone/.cache/lockstep/compile-cache');
  assert.equal(defaultCacheDirectory({ XDG_CACHE_HOME: '/var/cache/someone' }, '/home/someone'), '/var/cache/someone/lockstep/compile-cache');
  assert.equal(defaultCacheDirectory({ XDG_CACHE_HOME: 'relative' }, '/home/someone'), '/home/someone/.cache/lockstep/compile-cache');
  assert.equal(defaultCacheDirectory({}, ''), undefined, 'no home: no cache');
});

test('a cache directory that is not private to this user is not used: the bundle runs without a cache', () => {
  const { bundle, cacheDirectory } = setUp();
  fs.mkdirSync(cacheDirectory, { mode: 0o700 });
  fs.chmodSync(cacheDirectory, 0o777);
  const shared = runBundle(bundle, cacheDirectory);
  assert.equal(shared.cache, 'off');
  shared.saveCache();
  assert.deepEqual(cacheFiles(cacheDirectory), []);

  const linked = path.join(path.dirname(bundle), 'linked-cache');
  fs.chmodSync(cacheDirectory, 0o700);
  fs.symlinkSync(cacheDirectory, linked);
  assert.equal(runBundle(bundle, linked).cache, 'off');

  const made = path.join(path.dirname(bundle), 'made', 'cache');
  assert.equal(runBundle(bundle, made).cache, 'missing');
  assert.equal(fs.statSync(made).mode & 0o777, 0o700);
});

test('a cache directory that cannot be made costs nothing but the cache', () => {
  const { bundle } = setUp();
  const blocked = path.join(path.dirname(bundle), 'a-file');
  fs.writeFileSync(blocked, '');
  const run = runBundle(bundle, path.join(blocked, 'cache'));
  assert.equal(run.cache, 'off');
  assert.doesNotThrow(() => run.saveCache());
});
