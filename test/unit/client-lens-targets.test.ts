// The "Visualize" lens goes only on entry points whose run touches a lock, an event or a blocking call
// (client/src/visualizer/lens-targets.ts): directly, through an inlined call, in a branch, or in a task they start.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Step, TaskTemplate } from '../../model/schema';
import { templatesWorthALens } from '../../client/src/visualizer/lens-targets';

const io: Step = { kind: 'io', ms: 10 };
const template = (name: string, steps: Step[]): TaskTemplate => ({ name, steps });

test('locks, events and blocking calls earn a lens, wherever in the run they are', () => {
  const templates = [
    template('locks', [{ kind: 'acquire', lock: 'm' }, io, { kind: 'release', lock: 'm' }]),
    template('blocks', [{ kind: 'block', ms: 50, call: 'fs.readFileSync' }]),
    template('waits', [{ kind: 'wait', event: 'ready' }]),
    template('through-a-call', [{ kind: 'call', function: 'save', steps: [io, { kind: 'signal', event: 'ready' }] }]),
    template('in-a-branch', [{ kind: 'branch', alternatives: [{ steps: [io] }, { steps: [{ kind: 'acquire', lock: 'm' }] }] }]),
    template('starts-one', [{ kind: 'spawn', template: 'worker' }, { kind: 'join' }]),
    template('worker', [{ kind: 'acquire', lock: 'm' }, { kind: 'release', lock: 'm' }]),
  ];
  assert.deepEqual([...templatesWorthALens(templates)].sort(), ['blocks', 'in-a-branch', 'locks', 'starts-one', 'through-a-call', 'waits', 'worker']);
});

test('near-misses: only I/O and timers, a task that starts only such tasks, itself included, get none', () => {
  const templates = [
    template('io-only', [io, { kind: 'timer', ms: 5 }]),
    template('starts-io', [{ kind: 'spawn', template: 'io-only' }, { kind: 'spawn', template: 'missing' }]),
    template('recursive', [{ kind: 'spawn', template: 'recursive' }, io]),
  ];
  assert.deepEqual([...templatesWorthALens(templates)], []);
});
