// The bank transfer written with methods: an account pays another by locking itself, then the account it pays.
// Alice pays Bob while Bob pays Alice: each holds its own lock (`this.lock`) and waits for the other's.
import { Mutex } from 'async-mutex';
import { setTimeout as delay } from 'node:timers/promises';

class Account {
  readonly lock = new Mutex();
  balance = 100;
  constructor(readonly id: number) {}

  async transferTo(to: Account, amount: number): Promise<void> {
    await this.lock.runExclusive(async () => {
      await delay(1); // checks the balance
      await to.lock.runExclusive(() => {
        this.balance -= amount;
        to.balance += amount;
      });
    });
  }
}

const alice = new Account(1);
const bob = new Account(2);
await Promise.all([alice.transferTo(bob, 10), bob.transferTo(alice, 20)]);
