// Dining philosophers, fixed: each philosopher takes the lower-numbered of its two forks first, so the last one
// reaches for fork 0 before fork 4 and the circle of waits cannot close.
import { Mutex } from 'async-mutex';
import { setTimeout as delay } from 'node:timers/promises';

const SEATS = 5;
const forks = Array.from({ length: SEATS }, () => new Mutex());

async function dine(seat: number): Promise<void> {
  const neighbour = (seat + 1) % SEATS;
  const first = forks[Math.min(seat, neighbour)];
  const second = forks[Math.max(seat, neighbour)];
  await first.runExclusive(async () => {
    await delay(1);
    await second.runExclusive(() => delay(1));
  });
}

await Promise.all(Array.from({ length: SEATS }, (_, seat) => dine(seat)));
