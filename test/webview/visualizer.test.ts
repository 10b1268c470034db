// The built visualizer page in real Chromium (test/webview/page-harness.ts). One browser for the whole file;
// screenshots go to .test-output/ (not committed).
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import type { ConcurrencyModel } from '../../model/schema';
import type { DeadlockTarget } from '../../server/src/protocol';
import { simulate, type ChromeTrace } from '../../scheduler/index';
import { acquire, block, consistentOrder, event, io, lateTimer, model, mutex, oppositeOrders, release, signal, task, timer, wait } from '../scheduler/models';
import { NONCE, outputDir, pagesForTests, post } from './page-harness';

const HOSTILE = '<img src=x onerror=alert(1)>';

describe('the visualizer page in Chromium', () => {
  const pages = pagesForTests();

  const open = pages.open;
  const states = (page: Page) => page.locator('table.tasks tbody tr td:nth-child(2)').allTextContents();
  const posted = (page: Page) => page.evaluate('window.posted') as Promise<{ type: string; range?: unknown }[]>;

  it('is served with a strict CSP whose nonce is the script tag’s, and loads nothing else', async () => {
    const { page, errors } = await open();
    const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    assert.equal(csp, `default-src 'none'; script-src 'nonce-${NONCE}'; worker-src blob:; style-src ${pages.served().origin}; img-src ${pages.served().origin} data:`);
    assert.equal(await page.evaluate('document.querySelector("script").nonce'), NONCE);
    assert.deepEqual(errors, []);
    assert.deepEqual(pages.served().strayRequests, []);
    await page.close();
  });

  it('draws a lane per task, and stepping (buttons and keys) changes the states', async () => {
    const { page, errors } = await open();
    await post(page, { type: 'model', title: 'two-locks.ts', model: oppositeOrders() });
    await page.locator('svg.lanes').waitFor();
    assert.deepEqual(await page.locator('svg.lane-labels .lane-label').allTextContents(), ['A', 'B']);
    assert.match(await page.locator('.position').textContent() ?? '', /^Step 12 of 12/, 'opens at the end of the run');
    await page.locator('#reset').click();
    assert.deepEqual(await states(page), ['ready', 'ready']);
    await page.locator('#step').click();
    assert.deepEqual(await states(page), ['waiting', 'ready'], 'A awaits io');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    assert.deepEqual(await states(page), ['running', 'waiting'], 'A resumes');
    await page.keyboard.press('ArrowLeft');
    assert.deepEqual(await states(page), ['waiting', 'waiting']);
    assert.match(await page.locator('.position').textContent() ?? '', /^Step 2 of 12/);
    await page.keyboard.press('Home');
    assert.deepEqual(await states(page), ['ready', 'ready']);
    await page.screenshot({ path: path.join(outputDir, 'webview-stepping.png'), fullPage: true });
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('says, as text beside the model, why the host did not open a step\'s source; the next model clears it', async () => {
    const { page, errors } = await open();
    await post(page, { type: 'model', title: 'two-locks.ts', model: oppositeOrders() });
    await page.locator('svg.lanes').waitFor();
    await post(page, { type: 'notice', message: `Not opening ${HOSTILE}: it is outside the workspace` });
    const notice = page.locator('p.problem[role="status"]');
    await notice.waitFor();
    assert.equal(await notice.textContent(), `Not opening ${HOSTILE}: it is outside the workspace`);
    assert.equal(await page.locator('svg.lanes').count(), 1, 'the model stays');
    await post(page, { type: 'model', title: 'two-locks.ts', model: oppositeOrders() });
    await page.locator('p.problem[role="status"]').waitFor({ state: 'detached' });
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('under explore shows the deadlock, its cycle in the wait-for graph, and the locks each task holds', async () => {
    const { page, errors } = await open();
    await post(page, { type: 'model', title: 'two-locks.ts', model: oppositeOrders() });
    await page.locator('#policy').selectOption('explore');
    await page.locator('.verdict.deadlock').waitFor();
    await page.keyboard.press('End');
    const verdict = await page.locator('.verdict').textContent();
    assert.match(verdict ?? '', /Deadlock at t=2 ms\./);
    assert.match(verdict ?? '', /Cycle: A → m2 → B → m1 → A/);
    assert.deepEqual(await states(page), ['blocked', 'blocked']);
    assert.deepEqual(await page.locator('table.tasks tbody td:nth-child(3)').allTextContents(), ['m1', 'm2']);
    assert.deepEqual(await page.locator('table.tasks tbody td:nth-child(4)').allTextContents(), ['m2', 'm1']);
    assert.equal(await page.locator('svg.graph .edge.cycle').count(), 4, 'two waits and two holds form the cycle');
    await page.screenshot({ path: path.join(outputDir, 'webview-deadlock.png'), fullPage: true });
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('exports the run on screen as Chrome trace-event JSON for the host to save, names from user code intact', async () => {
    const { page, errors } = await open();
    assert.equal(await page.locator('#export').count(), 0, 'no run, no export');
    const named = model([mutex('toString'), mutex('m2')], [task('__proto__', [acquire('toString'), io(), acquire('m2'), release('m2'), release('toString')]), task('constructor', [acquire('m2'), io(), acquire('toString'), release('toString'), release('m2')])]);
    await post(page, { type: 'model', title: 'names.ts', model: named });
    await page.locator('#policy').selectOption('explore');
    await page.locator('.verdict.deadlock').waitFor();
    await page.locator('#export').click();
    const [exported] = (await posted(page)).filter((message) => message.type === 'exportTrace') as unknown as { trace: string }[];
    const trace = JSON.parse(exported!.trace) as ChromeTrace;
    const threads = trace.traceEvents.filter((event) => event.name === 'thread_name').map((event) => event.args!['name']);
    assert.deepEqual(threads, ['event loop', '__proto__', 'constructor']);
    assert.equal(trace.traceEvents.find((event) => event.name === 'process_name')?.args?.['name'], 'names.ts');
    assert.match(String(trace.traceEvents.find((event) => event.name === 'deadlock')?.args?.['description']), /__proto__ holds toString and waits for m2/);
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('draws an event wait, and the dotted edge to the task that may still set it, as the cycle of a lock-and-event deadlock', async () => {
    const { page, errors } = await open();
    // The waiter holds m while it awaits the event; the setter takes m before it sets it. The event's name is hostile.
    const lockAndEvent = model([mutex('m')], [task('waiter', [acquire('m'), wait('ready'), release('m')]), task('setter', [io(), acquire('m'), signal('ready'), release('m')])], [{ ...event('ready'), name: HOSTILE }]);
    await post(page, { type: 'model', title: 'handshake.ts', model: lockAndEvent });
    await page.locator('#policy').selectOption('explore');
    await page.locator('.verdict.deadlock').waitFor();
    await page.keyboard.press('End');
    assert.equal(await page.locator('.verdict .cycle').textContent(), `Cycle: waiter → ${HOSTILE} → setter → m → waiter`);
    assert.equal(await page.locator('.deadlock-description').textContent(), `waiter holds m and waits for ${HOSTILE}, which only setter may set; setter waits for m, held by waiter`);
    assert.deepEqual(await page.locator('table.tasks tbody td:nth-child(4)').allTextContents(), [`event ${HOSTILE}`, 'm']);
    assert.equal(await page.locator('svg.graph .graph-node.event').getAttribute('data-name'), HOSTILE);
    assert.equal(await page.locator('svg.graph .graph-node.event polygon').count(), 1);
    assert.equal(await page.locator('svg.graph .edge.may.cycle').count(), 1, 'the event to its only possible setter');
    assert.equal(await page.locator('svg.graph .edge.cycle').count(), 4, 'waits for the event, may set it, waits for m, holds m');
    assert.equal(await page.locator('img').count(), 0);
    await page.screenshot({ path: path.join(outputDir, 'webview-event-deadlock.png'), fullPage: true });
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('opens at the end of the run when nothing deadlocks: every task done', async () => {
    const { page, errors } = await open();
    await post(page, { type: 'model', title: 'ordered.ts', model: consistentOrder() });
    await page.locator('svg.lanes').waitFor();
    assert.match(await page.locator('.position').textContent() ?? '', /^Step 19 of 19 /);
    assert.deepEqual(await states(page), ['done', 'done']);
    assert.equal(await page.locator('.reach').count(), 0, 'no "Show this deadlock" notice without a request');
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('"Show this deadlock" finds the finding’s deadlock among others, and lands on its step with the cycle drawn', async () => {
    const { page, errors } = await open();
    await post(page, { type: 'model', title: 'bank.ts', model: twoDeadlocks() });
    await page.locator('svg.lanes').waitFor();
    await post(page, { type: 'showDeadlock', target: accountTarget });
    await page.locator('.reach.reached').waitFor();
    assert.equal(await page.locator('#policy').inputValue(), 'explore');
    assert.match(await page.locator('.reach').textContent() ?? '', /^This is the deadlock on `Account\.lock`: /);
    assert.match(await page.locator('.verdict').textContent() ?? '', /Cycle: transfer → to\.lock → refund → from\.lock → transfer/);
    const position = await page.locator('.position').textContent() ?? '';
    const [, step, of] = position.match(/^Step (\d+) of (\d+)/)!;
    assert.equal(step, of, 'at the deadlocked step: the last of its schedule');
    assert.deepEqual(await states(page), ['done', 'done', 'blocked', 'blocked'], 'the other pair ran to its end');
    assert.equal(await page.locator('svg.graph .edge.cycle').count(), 4, 'two waits and two holds form the cycle');
    await page.screenshot({ path: path.join(outputDir, 'webview-show-deadlock.png'), fullPage: true });
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('says plainly that it could not reach a deadlock the model never has, with the model’s approximations', async () => {
    const { page, dialogs, errors } = await open();
    const approximate = { ...consistentOrder(), approximations: [{ message: `a loop's bound cut at 2 ${HOSTILE}` }, { message: 'a value unknown: forks[i]' }] };
    approximate.tasks[0]!.steps[0] = { kind: 'io', note: 'recursion cut' };
    await post(page, { type: 'model', title: 'ordered.ts', model: approximate });
    await post(page, { type: 'showDeadlock', target: { uri: 'file:///test.ts', rule: 'lock-order', locks: [{ label: 'm1' }, { label: 'm2' }] } });
    await page.locator('.reach.unreached').waitFor();
    const notice = await page.locator('.reach').textContent() ?? '';
    assert.match(notice, /^Could not reach the deadlock on `m1` and `m2` in this model\. No schedule of it deadlocks on these locks \(all 5 states explored\)\./);
    assert.deepEqual(await page.locator('.reach .limits li').allTextContents(), [`a loop's bound cut at 2 ${HOSTILE}`, 'a value unknown: forks[i]', 'recursion cut']);
    const verdict = await page.locator('.verdict').textContent() ?? '';
    assert.match(verdict, /No deadlock: every task finished\./, 'the model’s own run below');
    assert.match(verdict, /\(all of a model with 2 approximations: not every run of the program\)/, 'an approximate model is never "all"');
    assert.deepEqual(await states(page), ['done', 'done'], 'at its end');
    await post(page, { type: 'showDeadlock', target: { uri: 'file:///test.ts', rule: 'lock-reentry', locks: [{ label: HOSTILE }] } });
    await page.locator('.reach', { hasText: 'has no lock' }).waitFor();
    assert.match(await page.locator('.reach').textContent() ?? '', new RegExp(`The model has no lock \`${HOSTILE.replace(/[()]/g, '\\$&')}\``));
    assert.equal(await page.locator('img').count(), 0);
    assert.deepEqual(dialogs, []);
    assert.deepEqual(errors, []);
    await page.screenshot({ path: path.join(outputDir, 'webview-not-reached.png'), fullPage: true });
    await page.close();
  });

  it('shows a hostile task name as text and runs no script from it', async () => {
    const { page, dialogs, errors } = await open();
    const hostile = model([{ ...mutex('m'), name: '<script>window.pwned = 1</script>' }], [task(HOSTILE, [acquire('m'), io(), release('m')])]);
    await post(page, { type: 'model', title: HOSTILE, model: hostile });
    await page.locator('svg.lanes').waitFor();
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowRight');
    assert.equal(await page.locator('table.tasks tbody th').textContent(), HOSTILE);
    assert.equal(await page.locator('h1').textContent(), HOSTILE);
    assert.equal(await page.locator('svg.lane-labels .lane-label').first().textContent(), '<img src=x onerror=…');
    assert.equal(await page.locator('table.tasks tbody td:nth-child(3)').textContent(), '<script>window.pwned = 1</script>');
    assert.equal(await page.locator('img').count(), 0);
    assert.equal(await page.evaluate('window.pwned'), undefined);
    await new Promise((resolve) => setTimeout(resolve, 200)); // an onerror would fire by now
    assert.deepEqual(dialogs, []);
    assert.deepEqual(errors, []);
    await page.screenshot({ path: path.join(outputDir, 'webview-hostile-names.png'), fullPage: true });
    await page.close();
  });

  it('asks the host to reveal a step’s line when the step is clicked', async () => {
    const { page } = await open();
    const range = { uri: 'file:///work/a.ts', start: { line: 4, character: 2 }, end: { line: 4, character: 30 } };
    const ranged = model([mutex('m')], [task('solo', [{ kind: 'acquire', lock: 'm', range }, release('m')])]);
    await post(page, { type: 'model', title: 'a.ts', model: ranged });
    await page.locator('ol.log button').first().click();
    assert.deepEqual((await posted(page)).filter((message) => message.type === 'reveal'), [{ type: 'reveal', range }]);
    assert.equal(await page.locator('ol.log li[aria-current="step"]').count(), 1);
    await page.close();
  });

  it('while playing, asks the host to show each step\'s line in turn (the editor follows playback)', async () => {
    const { page } = await open();
    const at = (line: number) => ({ uri: 'file:///work/a.ts', start: { line, character: 2 }, end: { line, character: 9 } });
    const ranged = model([mutex('m')], [task('solo', [{ kind: 'acquire', lock: 'm', range: at(1) }, { kind: 'io', range: at(2) }, { kind: 'release', lock: 'm', range: at(3) }])]);
    await post(page, { type: 'model', title: 'a.ts', model: ranged });
    await page.locator('#speed').fill('20');
    await page.locator('#speed').dispatchEvent('change');
    await page.locator('#play').click();
    await page.locator('#play[aria-pressed="false"]').waitFor(); // paused at the end
    const lines = (await posted(page)).filter((message) => message.type === 'reveal').map((message) => (message.range as { start: { line: number } }).start.line);
    assert.deepEqual(lines, [1, 2, 3]);
    await page.close();
  });

  it('an edit that only moves code keeps the run and the step on screen, with the new places; a real change runs again', async () => {
    const { page } = await open();
    const at = (line: number) => ({ uri: 'file:///work/a.ts', start: { line, character: 2 }, end: { line, character: 9 } });
    const placed = (shift: number, steps = [acquire('m2'), release('m2')]) => model([mutex('m1'), mutex('m2')], [
      task('A', [{ kind: 'acquire', lock: 'm1', range: at(1 + shift) }, io(), acquire('m2'), release('m2'), release('m1')]),
      task('B', [acquire('m2'), io(), acquire('m1'), release('m1'), ...steps]),
    ]);
    await post(page, { type: 'model', title: 'a.ts', model: placed(0) });
    await page.locator('#policy').selectOption('explore');
    await page.locator('.verdict.deadlock').waitFor();
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowRight');
    const position = await page.locator('.position').textContent();
    assert.match(position ?? '', /^Step 1 of \d+/);
    await post(page, { type: 'model', title: 'a.ts', model: placed(5) });
    assert.equal(await page.locator('.position').textContent(), position, 'the same step of the same run');
    await page.locator('ol.log button').first().click();
    assert.deepEqual((await posted(page)).filter((message) => message.type === 'reveal').map((message) => (message.range as { start: { line: number } }).start.line), [6]);
    assert.ok(await page.locator('.verdict.deadlock').count() === 1);
    await post(page, { type: 'model', title: 'a.ts', model: placed(5, [release('m2'), acquire('m2'), release('m2')]) });
    assert.doesNotMatch(await page.locator('.position').textContent() ?? '', /^Step 1 of/, 'a new structure is run again, opening at its end');
    await page.close();
  });

  it('explores with timers in any order when asked: the late-timer deadlock appears, and goes with the virtual clock', async () => {
    const { page, errors } = await open();
    await post(page, { type: 'model', title: 'late-timer.ts', model: lateTimer() });
    await page.locator('#policy').selectOption('explore');
    await page.locator('.verdict', { hasText: /No deadlock/ }).waitFor();
    await page.locator('#timing').selectOption('any');
    const verdict = page.locator('.verdict.deadlock');
    await verdict.waitFor();
    assert.match(await verdict.textContent() ?? '', /timers in any order before finding it/);
    assert.deepEqual(await states(page), ['blocked', 'blocked']);
    await page.locator('#timing').selectOption('virtual');
    await page.locator('.verdict', { hasText: /No deadlock/ }).waitFor();
    assert.doesNotMatch(await page.locator('.verdict').textContent() ?? '', /any order/);
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('runs N instances per task, refreshes on a new model, and says why when there is none', async () => {
    const { page } = await open();
    await post(page, { type: 'model', title: 'two-locks.ts', model: oppositeOrders() });
    await page.locator('#instances-0').fill('3');
    await page.locator('#instances-0').press('Enter');
    await page.locator('#instances-0').dispatchEvent('change');
    assert.deepEqual(await page.locator('svg.lane-labels .lane-label').allTextContents(), ['A#1', 'A#2', 'A#3', 'B']);
    await post(page, { type: 'model', title: 'edited.ts', model: model([], [task('only', [io()])]) });
    await page.locator('h1', { hasText: 'edited.ts' }).waitFor();
    assert.deepEqual(await page.locator('svg.lane-labels .lane-label').allTextContents(), ['only']);
    await post(page, { type: 'model', title: 'broken', model: { version: 9 } });
    assert.match(await page.locator('.problem').textContent() ?? '', /The model is not valid: version: expected 1, found 9/);
    await post(page, { type: 'error', title: 'b.ts', message: 'The Lockstep server cannot extract models yet.' });
    assert.equal(await page.locator('.problem').textContent(), 'The Lockstep server cannot extract models yet.');
    assert.equal(await page.locator('svg.lanes').count(), 0);
    await page.close();
  });

  // ---- the lanes ------------------------------------------------------------------------------------------------

  /** Each element's bounding box in the page. */
  const boxes = (page: Page, selector: string) => page.locator(selector).evaluateAll((elements) => elements.map((element) => {
    const { x, y, width, height } = element.getBoundingClientRect();
    return { x, y, width, height, right: x + width };
  }));
  const scrollOf = (page: Page, selector: string) => page.locator(selector).evaluate((element) => ({ left: element.scrollLeft, top: element.scrollTop, width: element.clientWidth, scrollWidth: element.scrollWidth }));
  const setScroll = (page: Page, selector: string, left: number, top: number) => page.locator(selector).evaluate((element, [l, t]) => {
    element.scrollLeft = l!;
    element.scrollTop = t!;
  }, [left, top]);
  /** Posts a model and waits until the page shows it. */
  const show = async (page: Page, title: string, shown: ConcurrencyModel) => {
    await post(page, { type: 'model', title, model: shown });
    await page.locator('h1', { hasText: title }).waitFor();
  };
  const seekTo = (page: Page, step: number) => page.locator('ol.log button').nth(step - 1).click();

  it('keeps the lanes’, the schedule’s and the page’s scroll on a step, and scrolls the cursor into view only when it is off-screen', async () => {
    const { page, errors } = await open();
    await post(page, { type: 'model', title: 'pool.ts', model: model([mutex('m')], [task('worker', [io(), acquire('m'), timer(1), release('m')], 20)]) });
    await page.locator('svg.lanes').waitFor();
    await seekTo(page, 30);
    await setScroll(page, '.lanes-scroll', 200, 0);
    const current = await page.locator('ol.log li.current').evaluate((item) => item.offsetTop - (item.parentElement as typeof item).offsetTop);
    await setScroll(page, 'ol.log', 0, current - 100);
    await page.evaluate('window.scrollTo(0, 150)');
    const before = { lanes: await scrollOf(page, '.lanes-scroll'), log: await scrollOf(page, 'ol.log'), page: await page.evaluate('window.scrollY') };
    assert.ok(before.lanes.scrollWidth > before.lanes.width + 400, 'the lanes are wider than their box');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    assert.match(await page.locator('.position').textContent() ?? '', /^Step 32 of/);
    assert.deepEqual(await scrollOf(page, '.lanes-scroll'), before.lanes, 'the cursor column was on screen: the lanes stay');
    assert.deepEqual(await scrollOf(page, 'ol.log'), before.log, 'the entry was on screen: the schedule stays');
    assert.equal(await page.evaluate('window.scrollY'), before.page);
    // The cursor off to the right: the lanes scroll just far enough to show it (its column at the right edge, not centred).
    await setScroll(page, '.lanes-scroll', 0, 0);
    await page.keyboard.press('End');
    const [scroller] = await boxes(page, '.lanes-scroll');
    const [cursor] = await boxes(page, 'svg.lanes .cursor');
    assert.ok(cursor!.x >= scroller!.x && cursor!.right <= scroller!.right, 'the cursor column is in view');
    assert.ok(cursor!.right > scroller!.right - 40, 'scrolled to the nearest edge');
    const log = await scrollOf(page, 'ol.log');
    const [entry] = await boxes(page, 'ol.log li.current');
    const [logBox] = await boxes(page, 'ol.log');
    assert.ok(log.top > 0 && entry!.y >= logBox!.y && entry!.y + entry!.height <= logBox!.y + logBox!.height + 1, 'the log shows the last entry');
    await page.screenshot({ path: path.join(outputDir, 'webview-lanes-scroll.png'), fullPage: true });
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('time mode: widths follow virtual time (a 50 ms block five times a 10 ms wait), steps at one instant stay apart, zoom by keys, buttons and Ctrl+wheel', async () => {
    const { page, errors } = await open();
    await post(page, { type: 'model', title: 'block.ts', model: model([], [task('reader', [block(50, 'readFileSync')]), task('sleeper', [timer(10)])]) });
    await page.locator('svg.lanes').waitFor();
    const stepBars = await boxes(page, 'svg.lanes .blocked-bar');
    assert.ok(stepBars[0]!.width < 20, 'step mode: the block is one column');
    await page.locator('#lanes-time').click();
    await page.locator('svg.lanes.time').waitFor();
    const ratio = async () => {
      const [bar] = await boxes(page, 'svg.lanes .blocked-bar');
      const [wait] = await boxes(page, 'svg.lanes .lane-row[data-task="1"] .state-waiting');
      return bar!.width / wait!.width;
    };
    const fitted = await ratio();
    assert.ok(fitted > 4.3 && fitted < 5.2, `50 ms against 10 ms: ${fitted}`);
    const marks = (await boxes(page, 'svg.lanes .actor')).map((mark) => mark.x);
    assert.equal(new Set(marks).size, marks.length, 'every step has a place of its own, at one instant too');
    const width = async () => (await boxes(page, 'svg.lanes'))[0]!.width;
    const fit = await width();
    await page.keyboard.press('+');
    await page.keyboard.press('+');
    assert.ok((await width()) > fit * 2, 'two zoom steps of 1.5×');
    const zoomed = await ratio();
    assert.ok(zoomed > 4.6 && zoomed < 5.1, `zoomed in, the step widths matter less: ${zoomed}`);
    await page.locator('#zoom-out').click();
    const out = await width();
    assert.ok(out < fit * 2 && out > fit, 'the button zooms out');
    const [scroller] = await boxes(page, '.lanes-scroll');
    await page.mouse.move(scroller!.x + 50, scroller!.y + 40);
    await page.keyboard.down('Control');
    await page.mouse.wheel(0, -100);
    await page.keyboard.up('Control');
    await page.waitForFunction(`document.querySelector('svg.lanes').getBoundingClientRect().width > ${out * 1.2}`);
    await page.locator('#zoom-fit').click();
    assert.ok(Math.abs((await width()) - fit) < 2, 'Fit goes back to the whole run');
    await page.screenshot({ path: path.join(outputDir, 'webview-lanes-time.png'), fullPage: true });
    await page.locator('#lanes-steps').click();
    await page.locator('svg.lanes.steps').waitFor();
    assert.equal(await page.locator('#zoom-in').count(), 0, 'zoom is for time mode');
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('labels the time axis without overlaps, in both modes and at any zoom, on 1/2/5 × 10^k ms, and says the unit', async () => {
    const { page, errors } = await open();
    // Times moving every other column: the step axis used to print "50100", and 10000 10001 … run together the same way.
    const late = Array.from({ length: 6 }, (_, i) => task(`late${i}`, [timer(10_000 + i)]));
    await post(page, { type: 'model', title: 'timers.ts', model: model([], [task('slow', [timer(50), timer(50), timer(1000)]), task('quick', [timer(1), timer(1), timer(1), timer(2), timer(3)]), ...late]) });
    await page.locator('svg.lanes').waitFor();
    const assertApart = async (mode: string) => {
      const labels = await boxes(page, 'svg.lanes .axis text');
      assert.ok(labels.length >= 3, `${mode}: ticks are labelled`);
      for (let i = 1; i < labels.length; i++) assert.ok(labels[i - 1]!.right <= labels[i]!.x, `${mode}: label ${i - 1} ends before label ${i} starts`);
    };
    await assertApart('steps');
    assert.equal(await page.locator('.lane-labels .axis-title').textContent(), 't (ms)');
    await page.locator('#lanes-time').click();
    for (const zoom of ['fit', '+', '+', '+', '+', '-', '-', '-', '-', '-', '-', '-']) {
      if (zoom !== 'fit') await page.keyboard.press(zoom);
      await assertApart(`time, ${zoom}`);
      const values = (await page.locator('svg.lanes .axis text').allTextContents()).map(Number);
      const step = values[1]! - values[0]!;
      const mantissa = step / 10 ** Math.floor(Math.log10(step) + 1e-9);
      assert.ok([1, 2, 5].some((nice) => Math.abs(mantissa - nice) < 1e-6), `a tick every ${step} ms`);
      values.forEach((value, i) => assert.ok(Math.abs(value - i * step) < 1e-6, 'evenly spaced'));
    }
    assert.equal(await page.locator('.lane-labels .axis-title').textContent(), 'time (ms)');
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('draws a bar per blocking call in the event-loop band, labelled with the call and its cost; none without', async () => {
    const { page, errors } = await open();
    await post(page, { type: 'model', title: 'sync.ts', model: model([], [task('reader', [block(50, 'readFileSync'), io(), block(50, 'execSync')]), task('other', [timer(10)])]) });
    await page.locator('svg.lanes').waitFor();
    const labels = () => page.locator('svg.lanes .blocked-band .blocked-label').allTextContents();
    assert.equal(await page.locator('.lane-labels .band-title').textContent(), 'event loop');
    await page.locator('#lanes-time').click();
    assert.deepEqual(await labels(), ['readFileSync 50 ms', 'execSync 50 ms']);
    assert.deepEqual(await page.locator('svg.lanes .blocked-band .blocked > title').allTextContents(), ['event loop blocked: readFileSync 50 ms in reader', 'event loop blocked: execSync 50 ms in reader']);
    const [first, second] = await boxes(page, 'svg.lanes .blocked-bar');
    assert.ok(Math.abs(first!.width - second!.width) < 1 && first!.width > 100, 'the same cost, drawn over it');
    await show(page, 'async.ts', model([], [task('reader', [io(), timer(50)])]));
    assert.equal(await page.locator('svg.lanes .blocked-bar').count(), 0, 'no blocking call, no bar');
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('draws an arrow from the releaser to the woken task for each grant, and from the setter to each waiter of a signal', async () => {
    const { page, errors } = await open();
    const contended = model([mutex('m1'), mutex('m2')], [task('A', [acquire('m1'), io(), acquire('m2'), release('m2'), release('m1')]), task('B', [acquire('m1'), io(), release('m1')]), task('C', [acquire('m1'), release('m1')])]);
    const expected = simulate(contended, { policy: 'fifo' }).trace.flatMap((event) => (event.action.kind === 'granted' ? [`${event.action.by}→${event.task}`] : []));
    assert.deepEqual(expected, ['0→1', '1→2'], 'A hands m1 to B, B to C');
    await post(page, { type: 'model', title: 'queue.ts', model: contended });
    await page.locator('svg.lanes').waitFor();
    const arrows = () => page.locator('svg.lanes .wake-arrow').evaluateAll((lines) => lines.map((line) => `${line.getAttribute('data-from')}→${line.getAttribute('data-to')}`));
    assert.deepEqual(await arrows(), expected);
    assert.equal(await page.locator('svg.lanes .wake-arrow title').first().textContent(), 'A released m1: B takes it');
    const gate = model([], [task('w1', [wait('go')]), task('w2', [wait('go')]), task('setter', [io(), signal('go')])], [event('go')]);
    await show(page, 'gate.ts', gate);
    assert.deepEqual(await arrows(), ['2→0', '2→1']);
    await show(page, 'solo.ts', model([mutex('m')], [task('solo', [acquire('m'), io(), release('m')]), task('other', [io()])]));
    assert.equal(await page.locator('svg.lanes .wake-arrow').count(), 0, 'a lock nobody waited for wakes no one');
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('folds 20 identical instances into one lane "transfer ×20" (more than 8 lanes), expands and folds again; one that differs stays apart', async () => {
    const { page, errors } = await open();
    await post(page, { type: 'model', title: 'bank.ts', model: model([], [task('transfer', [io(), timer(5)], 20), task('audit', [timer(1)])]) });
    await page.locator('svg.lanes').waitFor();
    const labels = () => page.locator('svg.lane-labels .lane-label').allTextContents();
    assert.deepEqual(await labels(), ['transfer ×20', 'audit']);
    assert.equal(await page.locator('svg.lanes .lane-row').count(), 2);
    assert.deepEqual(await page.locator('svg.lanes .lane-row.folded rect').evaluateAll((rects) => [...new Set(rects.at(-1)!.getAttribute('class')!.split(' '))]), ['span', 'state-done']);
    await page.locator('#fold-0').click();
    assert.equal((await labels()).length, 21);
    assert.equal((await labels())[19], 'transfer#20');
    await page.locator('#fold-0').focus();
    await page.keyboard.press('Enter');
    assert.deepEqual(await labels(), ['transfer ×20', 'audit'], 'the toggle works from the keyboard, and keeps the focus');
    await page.keyboard.press(' ');
    assert.equal((await labels()).length, 21, 'Space toggles, and does not play');
    assert.equal(await page.locator('#play[aria-pressed="true"]').count(), 0);
    // Under a lock the first worker never waits for it: it is not folded with the others.
    await show(page, 'locked.ts', model([mutex('m')], [task('w', [acquire('m'), io(), release('m')], 9)]));
    const locked = await labels();
    assert.equal(locked[0], 'w#1');
    assert.ok(locked.length < 9 && locked.some((label) => /^w ×\d+$/.test(label)), locked.join(', '));
    // Eight lanes or fewer stay unfolded, with the toggle on the group's first lane.
    await show(page, 'few.ts', model([], [task('transfer', [io(), timer(5)], 3)]));
    assert.deepEqual(await labels(), ['transfer#1', 'transfer#2', 'transfer#3']);
    assert.equal(await page.locator('#fold-0').getAttribute('aria-expanded'), 'true');
    await page.screenshot({ path: path.join(outputDir, 'webview-lanes-folded.png'), fullPage: true });
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('keeps the lane labels in view when the lanes scroll sideways', async () => {
    const { page, errors } = await open();
    await post(page, { type: 'model', title: 'long.ts', model: model([], [task('worker', Array.from({ length: 30 }, () => io()), 3)]) });
    await page.locator('svg.lanes').waitFor();
    await setScroll(page, '.lanes-scroll', 0, 0);
    const [before] = await boxes(page, 'svg.lane-labels .lane-label');
    await setScroll(page, '.lanes-scroll', 100000, 0);
    assert.ok((await scrollOf(page, '.lanes-scroll')).left > 200, 'scrolled');
    const [after] = await boxes(page, 'svg.lane-labels .lane-label');
    assert.deepEqual(after, before);
    const hit = await page.evaluate(`document.elementFromPoint(${after!.x + 2}, ${after!.y + after!.height / 2})?.closest('svg')?.getAttribute('class')`);
    assert.equal(hit, 'lane-labels', 'nothing covers the label');
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('at 420 px wide the controls wrap and nothing is clipped', async () => {
    const { page, errors } = await open();
    await page.setViewportSize({ width: 420, height: 900 });
    const templates = ['transfer', 'refund', 'audit', 'report', 'settle'].map((name) => task(name, [acquire('m'), io(), release('m')]));
    await post(page, { type: 'model', title: 'many.ts', model: model([mutex('m')], templates) });
    await page.locator('svg.lanes').waitFor();
    await page.locator('#lanes-time').click();
    for (const selector of ['.controls', '.lanes-controls', '.lanes-box', '.lanes-frame', '.legend']) {
      const { width, scrollWidth } = await scrollOf(page, selector);
      assert.ok(scrollWidth <= width, `${selector}: ${scrollWidth} ≤ ${width}`);
    }
    const [controls] = await boxes(page, '.controls');
    for (const control of await boxes(page, '.controls button, .controls input, .controls select, .lanes-controls button')) {
      assert.ok(control.x >= controls!.x - 1 && control.right <= controls!.right + 1, 'every control is inside the page');
    }
    await page.screenshot({ path: path.join(outputDir, 'webview-lanes-narrow.png'), fullPage: true });
    await page.setViewportSize({ width: 1100, height: 900 });
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('takes toString, constructor, __proto__ and markup as task and template names, folded and not, in both modes', async () => {
    const { page, dialogs, errors } = await open();
    const names = ['toString', 'constructor', '__proto__', HOSTILE];
    const named = model([mutex('__proto__')], names.map((name) => task(name, [acquire('__proto__'), io(), release('__proto__'), block(50, 'constructor')], 3)));
    await post(page, { type: 'model', title: 'names.ts', model: named });
    await page.locator('svg.lanes').waitFor();
    assert.deepEqual(await page.locator('svg.lane-labels .lane > title').allTextContents(), names.flatMap((name) => (name === 'toString' ? ['toString#1', 'toString ×2'] : [`${name} ×3`])));
    await page.locator('#lanes-time').click();
    await page.locator('#fold-1').click();
    assert.ok((await page.locator('svg.lane-labels .lane-label').allTextContents()).includes('constructor#2'));
    assert.match(await page.locator('svg.lanes .blocked > title').first().textContent() ?? '', /^event loop blocked: constructor 50 ms in toString#1$/);
    await page.keyboard.press('+');
    await page.keyboard.press('+');
    assert.equal(await page.locator('svg.lanes .blocked-label').first().textContent(), 'constructor 50 ms', 'zoomed in, the label has room');
    assert.ok((await page.locator('svg.lanes .wake-arrow title').allTextContents()).every((text) => text.includes('released __proto__')));
    assert.equal(await page.locator('img').count(), 0);
    assert.deepEqual(dialogs, []);
    assert.deepEqual(errors, []);
    await page.close();
  });
});

const source = (line: number) => ({ uri: 'file:///bank.ts', start: { line, character: 2 }, end: { line, character: 6 } });

/**
 * Two deadlocks: a/b between audit and report (found first), and two accounts' locks between transfer and refund —
 * the model names each instance (`from.lock`, `to.lock`), both declared at the family's one declaration.
 */
function twoDeadlocks(): ConcurrencyModel {
  const account = (id: string) => ({ ...mutex(id), range: source(1) });
  const worker = (name: string, first: string, second: string) => task(name, [io(), acquire(first), io(), acquire(second), release(second), release(first)]);
  return model(
    [{ ...mutex('a'), range: source(7) }, { ...mutex('b'), range: source(8) }, account('from.lock'), account('to.lock')],
    [worker('audit', 'a', 'b'), worker('report', 'b', 'a'), worker('transfer', 'from.lock', 'to.lock'), worker('refund', 'to.lock', 'from.lock')],
  );
}

const accountTarget: DeadlockTarget = { uri: 'file:///bank.ts', rule: 'lock-order', locks: [{ label: 'Account.lock', family: true, declaration: { uri: 'file:///bank.ts', line: 1, character: 2 } }] };
