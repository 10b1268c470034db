import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RestartPolicy } from '../../client/src/restartPolicy';

const minute = 60_000;

function policyWithClock(maxRestarts = 5, windowMs = 3 * minute) {
  const clock = { now: 0 };
  const policy = new RestartPolicy({ maxRestarts, windowMs, now: () => clock.now });
  return { policy, clock };
}

describe('RestartPolicy', () => {
  it('restarts a crashed server up to the limit, then gives up with a reason', () => {
    const { policy, clock } = policyWithClock();
    for (let crash = 1; crash <= 5; crash++) {
      clock.now += 1000;
      assert.deepEqual(policy.onServerCrashed(), { restart: true, crashesInWindow: crash });
    }
    clock.now += 1000;
    const decision = policy.onServerCrashed();
    assert.ok(!decision.restart);
    assert.equal(decision.crashesInWindow, 6);
    assert.match(decision.reason, /crashed 6 times in the last 3 minutes/);
  });

  it('stays given up while crashes keep coming inside the window', () => {
    const { policy, clock } = policyWithClock(2);
    policy.onServerCrashed();
    policy.onServerCrashed();
    assert.equal(policy.onServerCrashed().restart, false);
    clock.now += 1000;
    assert.equal(policy.onServerCrashed().restart, false);
  });

  it('forgets crashes older than the window, so a rarely crashing server is always restarted', () => {
    const { policy, clock } = policyWithClock(2);
    for (let crash = 0; crash < 10; crash++) {
      clock.now += 2 * minute;
      assert.equal(policy.onServerCrashed().restart, true, `crash ${crash}`);
    }
  });

  it('counts crashes at exactly the window length as outside it', () => {
    const { policy, clock } = policyWithClock(1, minute);
    assert.equal(policy.onServerCrashed().restart, true);
    clock.now += minute;
    assert.equal(policy.onServerCrashed().restart, true);
  });

  it('starts over after a restart by hand', () => {
    const { policy } = policyWithClock(1);
    policy.onServerCrashed();
    assert.equal(policy.onServerCrashed().restart, false);
    policy.reset();
    assert.equal(policy.onServerCrashed().restart, true);
  });

  it('rides out a few connection errors and gives the connection up after that', () => {
    const { policy } = policyWithClock();
    assert.deepEqual([1, 2, 3, 4].map((count) => policy.keepConnectionAfterError(count)), [true, true, true, false]);
    assert.equal(policy.keepConnectionAfterError(undefined), false);
  });
});
