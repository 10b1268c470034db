// producer-consumer.ts, fixed: the consumer waits for a filled slot first and takes the mutex only to remove the
// item, so the producer can always get in to put one. Every schedule ends with the three items taken.
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
  await filled.acquire(); // an item first, then the buffer
  const item = await buffer.runExclusive(() => items.shift());
  free.release();
  return item;
}

async function producer(): Promise<void> {
  for (let item = 0; item < ITEMS; item++) await put(item);
}

async function consumer(): Promise<void> {
  for (let taken = 0; taken < ITEMS; taken++) await take();
}

await Promise.all([consumer(), producer()]);
