// End-to-end in a real VS Code (code-server) in Debian's Chromium: what a user of the packaged extension sees.
// Run with `npm run test:e2e` (which sets code-server up first). On failure the page is screenshotted and the
// code-server log printed.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it, type TestContext } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, openWorkbench, startCodeServer, type CodeServer } from './codeServer';
import { installExtensionUnderTest } from './extension';
import { applyQuickFix, goTo, hoverText, insertSnippet, openFromExplorer, problemRows, save } from './workbench';

const ROOT = path.resolve(__dirname, '../..');
// Inside the repository, so the examples' tsconfig finds Node's types in the repository's node_modules.
const OUTPUT = path.join(ROOT, '.test-output', 'e2e');
const WORKSPACE = path.join(OUTPUT, 'workspace');

describe('Lockstep in a real VS Code', () => {
  let server: CodeServer;
  let browser: Browser;
  let page: Page;

  before(async () => {
    fs.rmSync(OUTPUT, { recursive: true, force: true });
    fs.cpSync(path.join(ROOT, 'examples'), WORKSPACE, { recursive: true });
    fs.writeFileSync(path.join(WORKSPACE, 'src', 'scratch.ts'), "import { saveNote } from './store';\n\nexport function touch(): void {\n  saveNote({ id: 'a', text: 'b' });\n}\n");
    fs.writeFileSync(path.join(WORKSPACE, 'src', 'snippet.ts'), 'export async function batch(items: string[]): Promise<void> {\n  \n}\n');
    installExtensionUnderTest(OUTPUT);
    server = await startCodeServer(OUTPUT, WORKSPACE, { 'git.openRepositoryInParentFolders': 'never', 'chat.disableAIFeatures': true });
    browser = await launchChromium();
    page = await openWorkbench(browser, server.url);
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function step(t: TestContext, body: () => Promise<void>): Promise<void> {
    try {
      await body();
    } catch (error) {
      const shot = path.join(OUTPUT, `${t.name.replace(/\W+/g, '-')}.png`);
      await page.screenshot({ path: shot }).catch(() => {});
      console.error(`screenshot: ${shot}\n--- code-server log (tail) ---\n${server.log().slice(-4000)}`);
      throw error;
    }
  }

  it('shows diagnostics in the Problems panel on the right lines, and the hover shows the message', async (t) => {
    await step(t, async () => {
      await openFromExplorer(page, 'src', 'floating-promises.ts');
      const rows = await problemRows(page, (r) => r.some((row) => row.includes('[Ln 8, Col 3]')), 'the finding on line 8');
      const lockstepRows = rows.filter((row) => /lockstep\s+floating-promise/.test(row));
      assert.deepEqual(lockstepRows.map((row) => row.match(/\[Ln (\d+), Col (\d+)\]/)?.slice(1).join(':')), ['8:3', '12:3', '16:3', '22:3', '43:3', '44:3']);
      await goTo(page, 8, 5);
      const hover = await hoverText(page, 'is dropped');
      assert.match(hover, /The promise from `saveNote\(…\)` is dropped/);
      await page.keyboard.press('Escape');
      await page.screenshot({ path: path.join(OUTPUT, 'diagnostics.png') });
    });
  });

  it('applies a quick fix from the light bulb', async (t) => {
    await step(t, async () => {
      await goTo(page, 8, 5);
      await applyQuickFix(page, 'Add await');
      await save(page);
      const line8 = fs.readFileSync(path.join(WORKSPACE, 'src', 'floating-promises.ts'), 'utf8').split('\n')[7];
      assert.equal(line8?.trim().startsWith('await saveNote({ ...note, text });'), true, line8);
      await problemRows(page, (rows) => !rows.some((row) => row.includes('[Ln 8, Col 3]')), 'line 8 cleared');
    });
  });

  it('inserts a snippet from its prefix', async (t) => {
    await step(t, async () => {
      await openFromExplorer(page, 'snippet.ts');
      await goTo(page, 2, 3);
      await insertSnippet(page, 'ls-gather');
      await page.keyboard.press('Escape');
      await save(page);
      const text = fs.readFileSync(path.join(WORKSPACE, 'src', 'snippet.ts'), 'utf8');
      // The snippet's tabs become the file's indentation (spaces here).
      assert.match(text, /const results = await Promise\.all\(\n\s+items\.map\(async \(item\) => \{/);
    });
  });

  it('clears the diagnostics after an edit that fixes the code', async (t) => {
    await step(t, async () => {
      await openFromExplorer(page, 'scratch.ts');
      await problemRows(page, (rows) => rows.some((row) => row.includes('scratch.ts')), 'the finding in scratch.ts');
      await goTo(page, 4, 3);
      await page.keyboard.type('void ');
      await problemRows(page, (rows) => !rows.some((row) => row.includes('scratch.ts')), 'scratch.ts with no finding');
    });
  });
});
