// What a user does in the VS Code workbench, as Playwright steps that wait on what the page shows — never on
// fixed sleeps. Selectors are VS Code's own DOM classes (stable across recent releases).
import type { FrameLocator, Locator, Page } from 'playwright-core';

const TIMEOUT = 60_000;

/**
 * Opens a file by clicking through the Explorer, as a user would, and waits for its editor. A folder already
 * expanded (by an earlier test) is left so, whichever tests run.
 */
export async function openFromExplorer(page: Page, ...segments: string[]): Promise<void> {
  for (const segment of segments) {
    const row = page.locator('.explorer-folders-view .monaco-list-row', { hasText: segment }).first();
    await row.waitFor({ timeout: TIMEOUT });
    if ((await row.getAttribute('aria-expanded')) !== 'true') await row.click();
  }
  const name = segments.at(-1)!;
  await page.locator('.editor-group-container.active .tab.active', { hasText: name }).waitFor({ timeout: TIMEOUT });
  await activeEditorLines(page).waitFor({ timeout: TIMEOUT });
}

export async function showProblems(page: Page): Promise<Locator> {
  const panel = page.locator('.markers-panel');
  if (!(await panel.isVisible())) await page.keyboard.press('Control+Shift+M');
  await panel.waitFor({ timeout: TIMEOUT });
  return panel;
}

/** Shows only the Problems rows that match `text` (the panel's filter box, as a user types it); '' shows all. */
export async function filterProblems(page: Page, text: string): Promise<void> {
  await showProblems(page);
  const input = page.locator('.viewpane-filter input').first();
  await input.waitFor({ timeout: TIMEOUT });
  await input.fill(text);
}

/** The text of a notification toast matching `text`, once it shows. */
export async function notificationText(page: Page, text: RegExp): Promise<string> {
  const toast = page.locator('.notification-toast', { hasText: text }).first();
  await toast.waitFor({ timeout: TIMEOUT });
  return toast.innerText();
}

/** The Problems panel's rows as text, once `accept` holds for them. */
export async function problemRows(page: Page, accept: (rows: string[]) => boolean, what: string): Promise<string[]> {
  const panel = await showProblems(page);
  const deadline = Date.now() + TIMEOUT;
  let rows: string[] = [];
  while (Date.now() < deadline) {
    rows = await panel.locator('.monaco-list-row').allInnerTexts();
    if (accept(rows)) return rows;
    await page.waitForTimeout(200);
  }
  throw new Error(`Problems panel never showed ${what}; it showed:\n${rows.join('\n---\n')}`);
}

/** Puts the cursor at a 1-based line and column with Go to Line (Quick Open's `:` mode; in a browser Ctrl+G may be taken). */
export async function goTo(page: Page, line: number, column: number): Promise<void> {
  // Quick Open acts on the active editor and hands the focus back to it.
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ timeout: TIMEOUT });
  await input.fill(`:${line}:${column}`);
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: TIMEOUT });
}

function activeEditorLines(page: Page): Locator {
  return page.locator('.editor-group-container.active .monaco-editor .view-lines').first();
}

/** Shows the hover at the cursor (Ctrl+K Ctrl+I) and returns its text once it contains `expected`. */
export async function hoverText(page: Page, expected: string): Promise<string> {
  await page.keyboard.press('Control+K');
  await page.keyboard.press('Control+I');
  const hover = page.locator('.monaco-hover', { hasText: expected }).first();
  await hover.waitFor({ timeout: TIMEOUT });
  return hover.innerText();
}

/** Shows the hover at the cursor and clicks its link with this text (a command link the hover trusts). */
export async function clickHoverLink(page: Page, text: string): Promise<void> {
  await hoverText(page, text);
  await page.locator('.monaco-hover a', { hasText: text }).first().click();
}

/** Opens the light bulb's menu at the cursor (Ctrl+.) and runs the action with this title. */
export async function applyQuickFix(page: Page, title: string): Promise<void> {
  await page.keyboard.press('Control+.');
  const item = page.locator('.action-widget .monaco-list-row', { hasText: title }).first();
  await item.waitFor({ timeout: TIMEOUT });
  await item.click();
  await item.waitFor({ state: 'detached', timeout: TIMEOUT });
}

/** Types a snippet prefix and accepts the suggestion whose label is the prefix. */
export async function insertSnippet(page: Page, prefix: string): Promise<void> {
  await page.keyboard.type(prefix, { delay: 30 });
  const suggestion = page.locator('.suggest-widget .monaco-list-row', { hasText: prefix }).first();
  await suggestion.waitFor({ timeout: TIMEOUT });
  await suggestion.click();
}

/** Saves the active editor once it has unsaved changes (so an edit still being applied is not missed). */
export async function save(page: Page): Promise<void> {
  const dirtyTab = page.locator('.editor-group-container.active .tab.active.dirty');
  await dirtyTab.waitFor({ timeout: TIMEOUT });
  await page.keyboard.press('Control+S');
  await dirtyTab.waitFor({ state: 'detached', timeout: TIMEOUT });
}

export async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ timeout: TIMEOUT });
  await input.fill(`>${title}`);
  await page.locator('.quick-input-widget .monaco-list-row', { hasText: title }).first().click();
}

/** Replaces a 1-based line's text (after its indentation) by typing, as a user would. */
export async function replaceLine(page: Page, line: number, text: string): Promise<void> {
  await goTo(page, line, 1);
  await page.keyboard.press('Home');
  await page.keyboard.press('Shift+End');
  await page.keyboard.type(text);
  await page.keyboard.press('Escape');
}

/** The visualizer page: VS Code hosts a webview in an iframe, and the page in a frame inside that. */
export function visualizerFrame(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
}
