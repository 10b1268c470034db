// The bank transfer with methods, fixed: both accounts are locked in the order of their ids, whichever pays.
import { Mutex } from 'async-mutex';
import { setTimeout as delay } from 'node:timers/promises';

class Account {
  readonly lock = new Mutex();
  balance = 100;
  constructor(readonly id: number) {}

  async transferTo(to: Account, amount: number): Promise<void> {
    const [first, second] = this.id < to.id ? [this, to] : [to, this];
    await first.lock.runExclusive(async () => {
      await delay(1);
      await second.lock.runExclusive(() => {
        this.balance -= amount;
        to.balance += amount;
      });
    });
  }
}

const alice = new Account(1);
const bob = new Account(2);
await Promise.all([alice.transferTo(bob, 10), bob.transferTo(alice, 20)]);
