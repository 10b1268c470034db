// The lanes' geometry (client/src/webview/lanes-layout.ts, no DOM): step and time columns, ticks.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ColumnLayout, fitScale, formatTime, STEP_WIDTH, stepTicks, tickStep, TIME_STEP_WIDTH, timeTicks } from '../../client/src/webview/lanes-layout';

describe('the lanes layout', () => {
  // Columns: the start, two steps at 0 ms, one at 10 ms, one at 60 ms.
  const starts = [0, 0, 0, 10, 60];

  it('gives every step one fixed column in step mode, whatever the time', () => {
    const layout = new ColumnLayout(starts, 'steps', 5);
    assert.deepEqual([0, 1, 2, 3, 4].map((column) => layout.left(column)), [0, 14, 28, 42, 56]);
    assert.equal(layout.width, 5 * STEP_WIDTH);
  });

  it('in time mode, widths are time × scale plus one minimum width per step; steps at one instant stay apart', () => {
    const layout = new ColumnLayout(starts, 'time', 2);
    assert.deepEqual(layout.span(2), { x: 2 * TIME_STEP_WIDTH, width: TIME_STEP_WIDTH + 10 * 2 }, '10 ms after the step');
    assert.equal(layout.span(3).width, TIME_STEP_WIDTH + 50 * 2, '50 ms: five times the 10 ms stretch, less the step widths');
    assert.ok(layout.left(1) > layout.left(0) && layout.left(2) > layout.left(1), 'same instant, different places');
    assert.equal(layout.xAtTime(10), layout.left(3), 'an instant sits before its first step');
    assert.equal(layout.xAtTime(5), 5 * 2 + 3 * TIME_STEP_WIDTH, 'between steps: after the ones before it');
    assert.deepEqual([0, 3, 4, 100, 1e9, -5].map((x) => layout.columnAt(x)), [0, 0, 1, 3, 4, 0]);
  });

  it('ticks on 1/2/5 × 10^k ms, never closer than a label, with the decimals the step needs', () => {
    assert.deepEqual([0.0013, 0.3, 1, 1.5, 3, 7, 11, 260].map(tickStep), [0.002, 0.5, 1, 2, 5, 10, 20, 500]);
    assert.deepEqual([formatTime(10, 5), formatTime(0.5, 0.5), formatTime(0.02, 0.01), formatTime(1000, 1000)], ['10', '0.5', '0.02', '1000']);
    for (const scale of [0.01, 0.3, 2, 40, 2000]) {
      const ticks = timeTicks(new ColumnLayout(starts, 'time', scale), 60);
      const room = Math.max(...ticks.map((tick) => tick.label.length)) * 7;
      ticks.slice(1).forEach((tick, i) => assert.ok(tick.x - ticks[i]!.x >= room, `scale ${scale}: ticks ${i} and ${i + 1} have room`));
    }
  });

  it('labels a step-axis tick only where the last label has ended (the old axis printed "50100")', () => {
    const ticks = stepTicks(new ColumnLayout([0, 50, 100, 100, 100, 1100], 'steps', 0));
    assert.deepEqual(ticks.map((tick) => tick.label), ['0', undefined, '100', '1100']);
  });

  it('fits a run into a width, and a run of no time at all', () => {
    const scale = fitScale(starts, 600);
    assert.ok(new ColumnLayout(starts, 'time', scale).width <= 600 - 10);
    assert.equal(fitScale([0, 0, 0], 600), 10);
  });
});
