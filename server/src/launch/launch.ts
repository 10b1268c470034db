// What both launchers do: run their bundle through the compile cache, and leave the cache for the next start
// when the process ends (a run's cache holds every function it compiled, so it is made last).
import * as path from 'node:path';
import { defaultCacheDirectory, runBundle } from './compile-cache';

export function launch(bundleName: string): void {
  const run = runBundle(path.join(__dirname, bundleName), defaultCacheDirectory());
  process.on('exit', () => run.saveCache());
}
