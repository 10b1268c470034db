// semaphore-pool.ts, fixed: each job uses one connection, so four jobs share the pool of three — three at once,
// the fourth waits for one of them to finish — and every schedule ends with all four done.
import { Semaphore } from 'async-mutex';
import { setTimeout as delay } from 'node:timers/promises';

const JOBS = 4;
const pool = new Semaphore(3) // three connections;

async function copyJob(id: number): Promise<void> {
  const [, release] = await pool.acquire();
  try {
    await delay(1); // copies within one connection
  } finally {
    release();
  }
  console.log(`job ${id} done`);
}

await Promise.all(Array.from({ length: JOBS }, (_, id) => copyJob(id)));
