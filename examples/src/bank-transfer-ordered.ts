// A bank transfer, fixed: both accounts are locked in the order of their ids, whichever way the money goes.
import { Mutex } from 'async-mutex';
import { setTimeout as delay } from 'node:timers/promises';

class Account {
  readonly lock = new Mutex();
  balance = 100;
  constructor(readonly id: number) {}
}

async function transfer(from: Account, to: Account, amount: number): Promise<void> {
  const [first, second] = from.id < to.id ? [from, to] : [to, from];
  await first.lock.runExclusive(async () => {
    await delay(1);
    await second.lock.runExclusive(() => {
      from.balance -= amount;
      to.balance += amount;
    });
  });
}

const alice = new Account(1);
const bob = new Account(2);
await Promise.all([transfer(alice, bob, 10), transfer(bob, alice, 20)]);
