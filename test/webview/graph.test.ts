// The wait-for graph with many tasks, in Chromium: the ring grows so no two labels overlap, and past a ring's
// worth of nodes the deadlock's cycle stands alone with everything else listed below it, folded.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { acquire, diningPhilosophers, event, io, model, mutex, release, task, wait } from '../scheduler/models';
import { outputDir, pagesForTests, post } from './page-harness';

interface Box { x: number; y: number; width: number; height: number }
const overlaps = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

async function labelBoxes(page: Page): Promise<{ name: string; box: Box }[]> {
  const labels = page.locator('svg.graph .graph-node');
  const boxes: { name: string; box: Box }[] = [];
  for (let i = 0; i < (await labels.count()); i++) {
    const node = labels.nth(i);
    boxes.push({ name: (await node.getAttribute('data-name'))!, box: (await node.locator('.node-label').boundingBox())! });
  }
  return boxes;
}

describe('the wait-for graph with many tasks', () => {
  const pages = pagesForTests();

  it('twenty philosophers: all forty nodes of the cycle on one ring, no two labels overlapping', async () => {
    const { page, errors } = await pages.open();
    await post(page, { type: 'model', title: 'philosophers.ts', model: diningPhilosophers(20) });
    await page.locator('.verdict.deadlock').waitFor();
    assert.equal(await page.locator('svg.graph .graph-node').count(), 40);
    assert.equal(await page.locator('svg.graph .edge.cycle').count(), 40, 'each philosopher holds a fork and waits for the next');
    const boxes = await labelBoxes(page);
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) assert.ok(!overlaps(boxes[i]!.box, boxes[j]!.box), `${boxes[i]!.name} overlaps ${boxes[j]!.name}`);
    }
    await page.locator('svg.graph').screenshot({ path: path.join(outputDir, 'webview-graph-20.png') });
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('a two-task cycle among eighteen other stuck tasks: the cycle alone on the ring, the others listed, folded', async () => {
    const { page, errors } = await pages.open();
    const bystanders = Array.from({ length: 18 }, (_, i) => task(`worker${i}`, [acquire(`pool${i}`), wait('go'), release(`pool${i}`)]));
    const crowded = model([mutex('m1'), mutex('m2'), ...bystanders.map((_, i) => mutex(`pool${i}`))], [
      task('A', [acquire('m1'), io(), acquire('m2'), release('m2'), release('m1')]),
      task('B', [acquire('m2'), io(), acquire('m1'), release('m1'), release('m2')]),
      ...bystanders,
    ], [event('go')]);
    await post(page, { type: 'model', title: 'crowded.ts', model: crowded });
    await page.locator('.verdict.deadlock').waitFor();
    assert.deepEqual(await page.locator('svg.graph .graph-node').evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-name'))), ['A', 'm2', 'B', 'm1']);
    assert.equal(await page.locator('svg.graph .edge.cycle').count(), 4);
    const folded = page.locator('details.graph-folded');
    assert.equal(await folded.getAttribute('open'), null, 'folded at first');
    assert.equal(await folded.locator('summary').textContent(), '18 more tasks and 19 locks or events, not in the cycle');
    await folded.locator('summary').click();
    const lines = await folded.locator('li').allTextContents();
    assert.equal(lines.length, 18);
    assert.equal(lines[0], 'worker0 holds pool0, waits for go');
    assert.deepEqual(errors, []);
    await page.close();
  });

  it('a few nodes stay on one ring of the smallest size, nothing folded', async () => {
    const { page } = await pages.open();
    await post(page, { type: 'model', title: 'philosophers.ts', model: diningPhilosophers(3) });
    await page.locator('.verdict.deadlock').waitFor();
    assert.equal(await page.locator('svg.graph .graph-node').count(), 6);
    assert.equal(await page.locator('details.graph-folded').count(), 0);
    assert.equal(await page.locator('svg.graph').getAttribute('width'), '350');
    await page.close();
  });
});
