// One run of a bundle through the compile cache, in its own process (V8 keeps what a process compiled, so a second
// compile of the same source in the same process never consults cached data): prints what happened as JSON.
//   node --import tsx compile-cache-driver.ts <bundle> <cache directory> [save]
import { runBundle } from '../../server/src/launch/compile-cache';

const [bundle, cacheDirectory, save] = process.argv.slice(2);
const run = runBundle(bundle!, cacheDirectory);
if (save === 'save') run.saveCache();
process.stdout.write(JSON.stringify({ cache: run.cache, exports: run.exports }));
