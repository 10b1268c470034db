// An export streams notes page by page from an async generator that holds the store's lock while it reads, across
// its yields, and the loop consuming it saves each page under the same lock. A generator runs in the task that
// iterates it: that task waits for a lock it holds itself, and the first page is never saved.
import { Mutex } from 'async-mutex';
import { setTimeout as delay } from 'node:timers/promises';

const storeLock = new Mutex();

async function* pages(count: number): AsyncGenerator<number> {
  const release = await storeLock.acquire();
  try {
    for (let page = 0; page < count; page++) {
      await delay(1); // reads a page
      yield page; // still holding storeLock
    }
  } finally {
    release();
  }
}

export async function exportNotes(): Promise<void> {
  for await (const page of pages(3)) {
    await storeLock.runExclusive(async () => {
      await delay(page); // writes the page
    });
  }
}
