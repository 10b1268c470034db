// Start-up with an event: `serve()` takes the config mutex and, holding it, waits for `ready`; `load()` sets
// `ready` only after writing the config, under the same mutex. When serve gets the mutex first, it waits for an
// event that load cannot set without that mutex: a deadlock (event-fixed.ts waits for ready before locking).
import { Mutex } from 'async-mutex';
import { setTimeout as delay } from 'node:timers/promises';

const config = new Mutex();
let setReady!: () => void;
const ready = new Promise<void>((resolve) => (setReady = resolve));

async function serve(): Promise<void> {
  await config.runExclusive(async () => {
    await ready; // waits for load() with the config held
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
