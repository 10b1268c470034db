// The page export, fixed: the generator takes the store's lock to read each page and lets it go before it yields,
// so the loop body can take it to save the page.
import { Mutex } from 'async-mutex';
import { setTimeout as delay } from 'node:timers/promises';

const storeLock = new Mutex();

async function* pages(count: number): AsyncGenerator<number> {
  for (let page = 0; page < count; page++) {
    await storeLock.runExclusive(() => delay(1)); // reads a page
    yield page;
  }
}

export async function exportNotes(): Promise<void> {
  for await (const page of pages(3)) {
    await storeLock.runExclusive(async () => {
      await delay(page); // writes the page
    });
  }
}
