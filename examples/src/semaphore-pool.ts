// A pool of three connections (a Semaphore(3)). Each job takes a connection, then a second one while it still
// holds the first (to copy from one to the other). Three jobs started together can each take one connection and
// then all wait for a second: every permit is held by a job waiting for another one. A deadlock
// (semaphore-pool-fixed.ts takes one connection per job).
import { Semaphore } from 'async-mutex';
import { setTimeout as delay } from 'node:timers/promises';

const JOBS = 3;
const pool = new Semaphore(3) // three connections;

async function copyJob(id: number): Promise<void> {
  const [, releaseSource] = await pool.acquire();
  try {
    await delay(1); // opens the source
    const [, releaseTarget] = await pool.acquire(); // a second connection while holding the first
    try {
      await delay(1); // copies
    } finally {
      releaseTarget();
    }
  } finally {
    releaseSource();
  }
  console.log(`job ${id} done`);
}

await Promise.all(Array.from({ length: JOBS }, (_, id) => copyJob(id)));
