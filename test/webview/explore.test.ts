// Explore in the page's worker (client/src/webview/explore-thread.ts), in Chromium: the page shows the search's
// progress and stays responsive while it runs, Cancel (or Escape) ends the worker, a newer model wins over a
// running search, and the result is the one the scheduler gives in Node. The big model is the fixed table of 7
// philosophers: its search runs to the 200,000-state bound, seconds in any browser.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page, Worker } from 'playwright-core';
import { counted, simulate, toChromeTrace, type ChromeTrace } from '../../scheduler/index';
import { acquire, io, model, mutex, oppositeOrders, orderedPhilosophers, release, task } from '../scheduler/models';
import { pagesForTests, post } from './page-harness';

describe('explore in the visualizer page’s worker', () => {
  const pages = pagesForTests();

  /** Opens a page that records the workers it starts, each with whether it has ended. */
  const open = async () => {
    const loaded = await pages.open();
    const workers: { worker: Worker; closed: boolean }[] = [];
    loaded.page.on('worker', (worker) => {
      const entry = { worker, closed: false };
      workers.push(entry);
      worker.on('close', () => (entry.closed = true));
    });
    return { ...loaded, workers };
  };
  const progress = (page: Page) => page.locator('.searching .progress');
  /** The states the progress line says, once it says more than `above` (read from here: the CSP forbids eval). */
  const statesAbove = async (page: Page, above: number) => {
    let states = 0;
    await until(async () => (states = Number((await progress(page).textContent())?.match(/^Exploring… (\d+) states/)?.[1] ?? 0)) > above, `more than ${above} states`);
    return states;
  };
  const exploreBig = async (page: Page) => {
    await post(page, { type: 'model', title: 'table.ts', model: orderedPhilosophers(7) });
    await page.locator('#policy').selectOption('explore');
    return statesAbove(page, 0);
  };
  /** Resolves once `condition` holds; fails after 30 s, as Playwright's own waits do. */
  const until = async (condition: () => boolean | Promise<boolean>, what: string) => {
    for (const given = Date.now() + 30_000; !(await condition()); await new Promise((resolve) => setTimeout(resolve, 20))) {
      if (Date.now() > given) throw new Error(`never: ${what}`);
    }
  };

  it('shows the search’s progress growing while the page answers its controls', async () => {
    const { page, errors, workers } = await open();
    const first = await exploreBig(page);
    assert.equal(workers.length, 1, 'the search runs in a worker');
    await page.locator('#speed').fill('9');
    await page.locator('#speed').dispatchEvent('change');
    assert.equal(await page.locator('label[for="speed"]').textContent(), 'Speed 9/s', 'the page redrew its controls meanwhile');
    assert.equal(await page.locator('#cancel-search').count(), 1, 'still searching');
    assert.ok(await page.locator('#play').isDisabled(), 'no run to play yet');
    assert.ok(await page.locator('#policy').isEnabled());
    assert.ok((await statesAbove(page, first)) > first, 'the search went on');
    assert.match(await progress(page).textContent() ?? '', /^Exploring… \d+ states, \d+ schedules so far$/);
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('Cancel ends the worker, says so, shows the fifo run, and the controls work again; Escape cancels too', async () => {
    const { page, errors, workers } = await open();
    await exploreBig(page);
    await page.locator('#cancel-search').click();
    await until(() => workers[0]!.closed, 'the worker ended');
    assert.match(await page.locator('.search-note').textContent() ?? '', /^The search was cancelled after \d+ states\. Below: the fifo run/);
    assert.equal(await page.locator('.searching').count(), 0);
    assert.match(await page.locator('.verdict').textContent() ?? '', /^No deadlock: every task finished\.$/, 'fifo’s run, no exploration');
    assert.ok(await page.locator('#play').isEnabled());
    await page.keyboard.press('Home');
    assert.match(await page.locator('.position').textContent() ?? '', /^Start · /);
    await page.locator('#policy').selectOption('fifo');
    await page.locator('#policy').selectOption('explore');
    await statesAbove(page, 0);
    await page.locator('body').press('Escape');
    await page.locator('.search-note').waitFor();
    await until(() => workers.length === 2 && workers[1]!.closed, 'the second worker ended');
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('a new model during a search ends it, and only the newest model’s result is shown', async () => {
    const { page, errors, workers } = await open();
    await exploreBig(page);
    await post(page, { type: 'model', title: 'two-locks.ts', model: oppositeOrders() });
    await page.locator('.verdict.deadlock').waitFor();
    assert.equal(await page.locator('h1').textContent(), 'two-locks.ts');
    assert.match(await page.locator('.verdict').textContent() ?? '', /Cycle: A → m2 → B → m1 → A/);
    await until(() => workers.length === 2 && workers.every((worker) => worker.closed), 'both workers ended');
    await new Promise((resolve) => setTimeout(resolve, 500)); // a stale answer, were one coming, would be here by now
    assert.deepEqual(await page.locator('svg.lane-labels .lane-label').allTextContents(), ['A', 'B']);
    assert.equal(await page.locator('.searching').count(), 0);
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('a model that only moved code keeps the running search, and its result is drawn with the new places', async () => {
    const { page, errors, workers } = await open();
    const at = (line: number) => ({ uri: 'file:///work/table.ts', start: { line, character: 2 }, end: { line, character: 9 } });
    const placed = (line: number) => {
      const table = orderedPhilosophers(7);
      table.tasks[0]!.steps[0] = { kind: 'io', range: at(line) };
      return table;
    };
    await post(page, { type: 'model', title: 'table.ts', model: placed(1) });
    await page.locator('#policy').selectOption('explore');
    const before = await statesAbove(page, 0);
    await post(page, { type: 'model', title: 'table.ts', model: placed(5) });
    assert.ok((await statesAbove(page, before)) > before, 'the same search goes on');
    assert.equal(workers.length, 1, 'not started again');
    await page.locator('.verdict').waitFor({ timeout: 120_000 });
    await page.locator('ol.log button').first().click();
    const lines = (await page.evaluate('window.posted') as { type: string; range?: { start: { line: number } } }[]).filter((message) => message.type === 'reveal').map((message) => message.range!.start.line);
    assert.deepEqual(lines, [5]);
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('gives the result the scheduler gives in Node: the same verdict and the same exported trace', async () => {
    const { page, errors, workers } = await open();
    const named = model([mutex('toString'), mutex('m2')], [task('__proto__', [acquire('toString'), io(), acquire('m2'), release('m2'), release('toString')]), task('constructor', [acquire('m2'), io(), acquire('toString'), release('toString'), release('m2')])]);
    for (const [title, shown] of [['names.ts', named], ['table6.ts', orderedPhilosophers(6)]] as const) {
      await post(page, { type: 'model', title, model: shown });
      await page.locator('#policy').selectOption('explore');
      await page.locator('h1', { hasText: title }).waitFor();
      await page.locator('.verdict').waitFor({ timeout: 120_000 });
      const expected = simulate(shown, { policy: 'explore' });
      const verdict = await page.locator('.verdict').textContent() ?? '';
      assert.ok(verdict.includes(`Explored ${counted(expected.exploration!.states, 'state')}, ${counted(expected.exploration!.schedules, 'schedule')}`), verdict);
      await page.locator('#export').click();
      const exported = (await page.evaluate('window.posted') as { type: string; trace?: string }[]).filter((message) => message.type === 'exportTrace').at(-1)!;
      assert.deepEqual(JSON.parse(exported.trace!) as ChromeTrace, toChromeTrace(expected, { title }));
      await page.locator('#policy').selectOption('fifo');
    }
    await until(() => workers.length === 2 && workers.every((worker) => worker.closed), 'both workers ended');
    assert.deepEqual(errors, []);
    await page.close();
  });
});
