// A minimal non-reentrant async mutex, declared here because the examples have no dependencies. Lockstep
// learns user-declared lock classes by their acquire/release methods.
export class Mutex {
  private locked = false;
  private readonly waiting: (() => void)[] = [];

  /** Resolves once the caller holds the lock; the caller must release() it. */
  async acquire(): Promise<void> {
    while (this.locked) {
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    this.locked = true;
  }

  release(): void {
    this.locked = false;
    this.waiting.shift()?.();
  }
}
