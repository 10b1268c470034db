// Dining philosophers: five forks, five philosophers started in a loop, each taking the fork on its left, then
// the one on its right. If all five take their left fork at once, each waits for its neighbour: a deadlock.
import { Mutex } from 'async-mutex';
import { setTimeout as delay } from 'node:timers/promises';

const SEATS = 5;
const forks = Array.from({ length: SEATS }, () => new Mutex());

async function dine(seat: number): Promise<void> {
  const left = forks[seat];
  const right = forks[(seat + 1) % SEATS];
  const releaseLeft = await left.acquire();
  try {
    await delay(1); // picks up the second fork a moment later
    const releaseRight = await right.acquire();
    try {
      await delay(1); // eats
    } finally {
      releaseRight();
    }
  } finally {
    releaseLeft();
  }
}

const dinner: Promise<void>[] = [];
for (let seat = 0; seat < SEATS; seat++) dinner.push(dine(seat));
await Promise.all(dinner);
