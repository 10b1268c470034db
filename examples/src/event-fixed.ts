// event.ts, fixed: serve() waits for `ready` before it takes the config mutex, so load() can always take it,
// write the config and set `ready`. Every schedule ends with both done.
import { Mutex } from 'async-mutex';
import { setTimeout as delay } from 'node:timers/promises';

const config = new Mutex();
let setReady!: () => void;
const ready = new Promise<void>((resolve) => (setReady = resolve));

async function serve(): Promise<void> {
  await ready; // the event first, then the lock
  await config.runExclusive(async () => {
    await delay(1); // reads the config
  });
}

async function load(): Promise<void> {
  await delay(1); // reads the file
  await config.runExclusive(async () => {
    await delay(1); // writes the config
  });
  setReady();
}

await Promise.all([serve(), load()]);
