// The visualizer in VS Code's four default theme kinds — the CSS variables a real VS Code (code-server) gave its
// webview, captured by scripts/capture-theme-colors.ts into test/webview/themes/ — measured in Chromium: the
// verdict, the state badges, the current schedule entry, the buttons and the step position reach WCAG's 4.5:1
// against what is really behind them, and each state has a glyph, not only a colour.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { oppositeOrders } from '../scheduler/models';
import { outputDir, pagesForTests, post, root } from './page-harness';

interface CapturedTheme {
  theme: string;
  bodyClass: string;
  variables: Record<string, string>;
}

const THEMES_DIR = path.join(root, 'test', 'webview', 'themes');
const themes = fs.readdirSync(THEMES_DIR).filter((file) => file.endsWith('.json')).sort();
const MINIMUM = 4.5;

/** The theme as VS Code gives it: its variables on <html>, its kind as the body's class. */
async function applyTheme(page: Page, theme: CapturedTheme): Promise<void> {
  const variables = JSON.stringify(theme.variables);
  await page.evaluate(`for (const [name, value] of Object.entries(${variables})) document.documentElement.style.setProperty(name, value); document.body.className = ${JSON.stringify(theme.bodyClass)};`);
}

/**
 * Contrast ratios of the text of every element matching the selector against the colour painted behind it: the
 * element's own background and its ancestors', composed over the page's (transparent layers see through).
 */
function contrasts(page: Page, selector: string): Promise<{ text: string; ratio: number }[]> {
  // A string, not a function: tsx would wrap the helpers below in its own __name(), which the page lacks.
  return page.evaluate(`(${MEASURE_CONTRASTS})(${JSON.stringify(selector)})`) as Promise<{ text: string; ratio: number }[]>;
}

const MEASURE_CONTRASTS = `(selector) => {
  const parse = (css) => {
    const [r = 0, g = 0, b = 0, a = 1] = (css.match(/[\\d.]+/g) ?? []).map(Number);
    return [r, g, b, css.startsWith('rgba') ? a : 1];
  };
  const over = (top, below) => [0, 1, 2].map((i) => top[i] * top[3] + below[i] * (1 - top[3])).concat(1);
  const channel = (value) => ((value /= 255) <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4);
  const luminance = ([r, g, b]) => 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  const behind = (element) => {
    const layers = [];
    for (let at = element; at; at = at.parentElement) layers.push(parse(getComputedStyle(at).backgroundColor));
    return layers.reverse().reduce((below, layer) => over(layer, below), [255, 255, 255, 1]);
  };
  return Array.from(document.querySelectorAll(selector)).map((element) => {
    const background = behind(element);
    const text = over(parse(getComputedStyle(element).color), background);
    const [light, dark] = [luminance(text), luminance(background)].sort((a, b) => b - a);
    return { text: (element.textContent ?? '').trim().slice(0, 40), ratio: (light + 0.05) / (dark + 0.05) };
  });
}`;

describe('the visualizer in VS Code\'s theme kinds', () => {
  const pages = pagesForTests();

  it('has a capture of each of the four theme kinds', () => {
    assert.deepEqual(themes, ['dark.json', 'high-contrast-dark.json', 'high-contrast-light.json', 'light.json']);
  });

  for (const file of themes) {
    it(`${file.replace('.json', '')}: the verdict, the badges, the current step, the buttons and the position are legible (≥ ${MINIMUM}:1)`, async () => {
      const theme = JSON.parse(fs.readFileSync(path.join(THEMES_DIR, file), 'utf8')) as CapturedTheme;
      const { page, errors } = await pages.open();
      await applyTheme(page, theme);
      await post(page, { type: 'model', title: 'two-locks.ts', model: oppositeOrders() });
      await page.locator('#policy').selectOption('explore');
      await page.locator('.verdict.deadlock').waitFor();
      await page.keyboard.press('Home');
      await page.keyboard.press('ArrowRight'); // a current entry in the schedule, and enabled Back/Reset buttons
      const measured = {
        verdict: await contrasts(page, '.verdict, .verdict .cycle'),
        badges: await contrasts(page, '.badge'),
        current: await contrasts(page, '.log li.current button'),
        buttons: await contrasts(page, '.controls button:not(:disabled)'),
        position: await contrasts(page, '.position'),
      };
      for (const [part, values] of Object.entries(measured)) {
        assert.ok(values.length > 0, `${part}: nothing measured`);
        for (const { text, ratio } of values) assert.ok(ratio >= MINIMUM, `${theme.theme}: ${part} "${text}" is ${ratio.toFixed(2)}:1`);
      }
      await page.screenshot({ path: path.join(outputDir, `webview-theme-${file.replace('.json', '')}.png`), fullPage: true });
      assert.deepEqual(errors, []);
      await page.close();
    });
  }

  it('tells each state by a glyph (badges) or a pattern (lanes) as well as by colour', async () => {
    const { page } = await pages.open();
    await post(page, { type: 'model', title: 'two-locks.ts', model: oppositeOrders() });
    await page.locator('.legend .badge').first().waitFor();
    const glyphs = (await page.evaluate('Array.from(document.querySelectorAll(".legend .badge"), (badge) => getComputedStyle(badge, "::before").content)')) as string[];
    assert.equal(new Set(glyphs).size, 5, `one glyph per state: ${glyphs.join(' ')}`);
    assert.ok(glyphs.every((glyph) => glyph !== 'none' && glyph !== '""'));
    // In the lanes: a pattern per state that is not running or done (the run ends with both tasks blocked).
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowRight');
    const fills = (await page.evaluate('Object.fromEntries(["ready", "waiting", "blocked", "running"].map((state) => [state, Array.from(document.querySelectorAll(`svg.lanes .span.state-${state}`), (span) => getComputedStyle(span).fill)[0]]))')) as Record<string, string | undefined>;
    for (const state of ['ready', 'waiting', 'blocked']) {
      assert.match(fills[state] ?? '', new RegExp(`url\\("?#lanes-pattern-${state}"?\\)`), `${state}: ${fills[state]}`);
      assert.equal(await page.locator(`svg.lanes pattern#lanes-pattern-${state}`).count(), 1);
    }
    assert.doesNotMatch(fills['running'] ?? 'url', /url/, 'running is solid');
    await page.close();
  });
});
