// A bank transfer locks the account it takes money from, then the one it pays into. Alice pays Bob while Bob
// pays Alice: each holds its own account's lock and waits for the other's.
import { Mutex } from 'async-mutex';
import { setTimeout as delay } from 'node:timers/promises';

class Account {
  readonly lock = new Mutex();
  balance = 100;
  constructor(readonly id: number) {}
}

async function transfer(from: Account, to: Account, amount: number): Promise<void> {
  await from.lock.runExclusive(async () => {
    await delay(1); // checks the balance
    await to.lock.runExclusive(() => {
      from.balance -= amount;
      to.balance += amount;
    });
  });
}

const alice = new Account(1);
const bob = new Account(2);
await Promise.all([transfer(alice, bob, 10), transfer(bob, alice, 20)]);
