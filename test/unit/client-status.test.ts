import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  countByRule,
  initialStatus,
  nextStatus,
  parseServerStatus,
  statusView,
  type StatusEvent,
  type StatusModel,
} from '../../client/src/status';

function after(...events: StatusEvent[]): StatusModel {
  return events.reduce(nextStatus, initialStatus);
}

const starting: StatusEvent = { kind: 'lifecycle', lifecycle: 'starting' };
const running: StatusEvent = { kind: 'lifecycle', lifecycle: 'running' };
const stopped: StatusEvent = { kind: 'lifecycle', lifecycle: 'stopped' };
const working: StatusEvent = { kind: 'server', status: { state: 'working', message: 'Analysing a.ts' } };
const idle: StatusEvent = { kind: 'server', status: { state: 'idle' } };
const serverError: StatusEvent = { kind: 'server', status: { state: 'error', message: 'Analysis of b.ts failed' } };
const gaveUp: StatusEvent = { kind: 'gaveUp', reason: 'The Lockstep server crashed 6 times in the last 3 minutes.' };

describe('status view', () => {
  it('spins while the server starts', () => {
    const view = statusView(after(starting));
    assert.equal(view.kind, 'working');
    assert.equal(view.text, '$(sync~spin) Lockstep');
    assert.match(view.tooltip, /Starting the language server/);
    assert.equal(view.isError, false);
  });

  it('is idle once running, before the server has said anything', () => {
    const view = statusView(after(starting, running));
    assert.equal(view.kind, 'idle');
    assert.equal(view.text, '$(check) Lockstep');
  });

  it('follows the server: working with its message, then idle', () => {
    const busy = statusView(after(starting, running, working));
    assert.equal(busy.kind, 'working');
    assert.equal(busy.text, '$(sync~spin) Lockstep');
    assert.match(busy.tooltip, /Analysing a\.ts/);
    assert.equal(statusView(after(starting, running, working, idle)).kind, 'idle');
  });

  it('shows a server-reported error with its message and the error background', () => {
    const view = statusView(after(starting, running, serverError));
    assert.deepEqual([view.kind, view.text, view.isError], ['error', '$(error) Lockstep', true]);
    assert.match(view.tooltip, /Analysis of b\.ts failed/);
  });

  it('keeps a status the server sent while starting once running', () => {
    assert.equal(statusView(after(starting, working, running)).kind, 'working');
  });

  it('forgets the previous server process on restart', () => {
    assert.equal(statusView(after(starting, running, serverError, starting, running)).kind, 'idle');
  });

  it('is an error when the client gave up, and stays one after the client stops', () => {
    const view = statusView(after(starting, running, working, gaveUp, stopped));
    assert.deepEqual([view.kind, view.isError], ['error', true]);
    assert.match(view.tooltip, /crashed 6 times/);
  });

  it('clears a give-up when the server is started again by hand', () => {
    assert.equal(statusView(after(starting, running, gaveUp, stopped, starting, running)).kind, 'idle');
  });

  it('is an error when the start failed', () => {
    const view = statusView(after(starting, { kind: 'lifecycle', lifecycle: 'startFailed' }));
    assert.deepEqual([view.kind, view.isError], ['error', true]);
    assert.match(view.tooltip, /failed to start/);
  });

  it('says stopped, not error, when the server was stopped on purpose', () => {
    const view = statusView(after(starting, running, stopped));
    assert.deepEqual([view.kind, view.text, view.isError], ['stopped', '$(circle-slash) Lockstep', false]);
  });

  it('tells every tooltip that a click shows the output', () => {
    for (const model of [after(starting), after(starting, running), after(gaveUp), after(stopped)]) {
      assert.match(statusView(model).tooltip, /Click to show the output/);
    }
  });
});

describe('parseServerStatus', () => {
  it('accepts the agreed shapes', () => {
    assert.deepEqual(parseServerStatus({ state: 'idle' }), { state: 'idle' });
    assert.deepEqual(parseServerStatus({ state: 'error', message: 'boom' }), { state: 'error', message: 'boom' });
  });

  it('rejects anything else', () => {
    for (const params of [undefined, null, 'idle', {}, { state: 'busy' }, { state: 'idle', message: 42 }]) {
      assert.equal(parseServerStatus(params), undefined, JSON.stringify(params));
    }
  });
});

describe('findings in the tooltip', () => {
  const counts = countByRule(['lock-order', 'floating-promise', 'floating-promise', 'blocking-in-async', 'floating-promise']);

  it('lists Lockstep\'s findings per rule, the most frequent first, above the click hint', () => {
    const view = statusView(after(starting, running, idle, { kind: 'findings', counts }));
    assert.equal(view.tooltip, 'Lockstep: Up to date.\nFindings: 3 floating-promise · 1 blocking-in-async · 1 lock-order\nClick to show the output.');
    assert.equal(view.text, '$(check) Lockstep', 'the text stays short');
  });

  it('says there are none, and says nothing of findings while the server is stopped', () => {
    assert.match(statusView(after(starting, running, idle, { kind: 'findings', counts: new Map() })).tooltip, /\nNo findings in open files\.\n/);
    assert.doesNotMatch(statusView(after(starting, running, { kind: 'findings', counts }, stopped)).tooltip, /Findings/);
  });
});
