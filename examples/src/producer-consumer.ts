// A bounded buffer of two slots: `free` counts the slots a producer may fill, `filled` the items a consumer may
// take, and a mutex guards the array. The consumer takes the mutex BEFORE it waits for a filled slot: when it
// runs first the buffer is empty, so it waits for an item while holding the mutex — and the producer, which needs
// the mutex to put that item in, waits for it forever. A deadlock (producer-consumer-fixed.ts waits first).
import { Mutex, Semaphore } from 'async-mutex';

const ITEMS = 3;
const free = new Semaphore(2) // free slots;
const filled = new Semaphore(0); // filled slots
const buffer = new Mutex();
const items: number[] = [];

async function put(item: number): Promise<void> {
  await free.acquire();
  await buffer.runExclusive(() => {
    items.push(item);
  });
  filled.release();
}

async function take(): Promise<number | undefined> {
  return buffer.runExclusive(async () => {
    await filled.acquire(); // waits for an item with the buffer held
    const item = items.shift();
    free.release();
    return item;
  });
}

async function producer(): Promise<void> {
  for (let item = 0; item < ITEMS; item++) await put(item);
}

async function consumer(): Promise<void> {
  for (let taken = 0; taken < ITEMS; taken++) await take();
}

await Promise.all([consumer(), producer()]);
