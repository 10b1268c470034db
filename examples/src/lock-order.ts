// A lock-order deadlock: transfer() takes accounts then ledger, audit() takes ledger then accounts. Run them
// together and each can hold one lock while waiting forever for the other. (Found by the lock-order rule.)
import { setTimeout as delay } from 'node:timers/promises';
import { Mutex } from 'async-mutex';

const accountsMutex = new Mutex();
const ledgerMutex = new Mutex();

const balances = new Map<string, number>([['alice', 100], ['bob', 0]]);
const ledger: string[] = [];

export async function transfer(from: string, to: string, amount: number): Promise<void> {
  await accountsMutex.acquire();
  try {
    balances.set(from, (balances.get(from) ?? 0) - amount);
    balances.set(to, (balances.get(to) ?? 0) + amount);
    await delay(1); // e.g. a fraud check: other tasks run here
    await ledgerMutex.acquire();
    try {
      ledger.push(`${from} -> ${to}: ${amount}`);
    } finally {
      ledgerMutex.release();
    }
  } finally {
    accountsMutex.release();
  }
}

export async function audit(): Promise<number> {
  await ledgerMutex.acquire();
  try {
    await delay(1);
    await accountsMutex.acquire(); // opposite order to transfer(): the cycle
    try {
      const total = [...balances.values()].reduce((sum, balance) => sum + balance, 0);
      ledger.push(`audit: ${total}`);
      return total;
    } finally {
      accountsMutex.release();
    }
  } finally {
    ledgerMutex.release();
  }
}

export async function endOfDay(): Promise<void> {
  // Both start, both take their first lock, both wait for the other's: neither ever settles.
  await Promise.all([transfer('alice', 'bob', 10), audit()]);
}
