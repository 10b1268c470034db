// End-to-end in a real VS Code (code-server) in Debian's Chromium, with the packaged .vsix installed the way a
// user installs it: what a user sees. Run with `npm run test:e2e` (which sets code-server up and packages the
// extension first). On failure each step screenshots the page and prints the tail of code-server's log.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it, type TestContext } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { installExtension, launchChromium, openWorkbench, startCodeServer, type CodeServer } from './codeServer';
import {
  applyQuickFix, clickHoverLink, filterProblems, goTo, hoverText, insertSnippet, notificationText, openFromExplorer, problemRows, replaceLine,
  runCommand, save, visualizerFrame,
} from './workbench';

const ROOT = path.resolve(__dirname, '../..');
// Inside the repository, so the examples' tsconfig finds Node's types and async-mutex in its node_modules.
const OUTPUT = path.join(ROOT, '.test-output', 'e2e');
const WORKSPACE = path.join(OUTPUT, 'workspace');
const VSIX = path.join(ROOT, 'lockstep.vsix');

/** Two exported async functions taking `a` then `b` and `b` then `a`: lock-order at 8:11 and 14:11. */
const TWO_LOCKS = `import { Mutex } from 'async-mutex';

export const a = new Mutex();
export const b = new Mutex();

export async function ab(): Promise<void> {
  await a.runExclusive(async () => {
    await b.runExclusive(async () => {});
  });
}

export async function ba(): Promise<void> {
  await b.runExclusive(async () => {
    await a.runExclusive(async () => {});
  });
}
`;

/**
 * Saved with `source.fixAll.lockstep` on save: a dropped promise at 4:3 (and one typed at 13:3 by the test) whose
 * preferred fix adds `await`; `void` at 8:3 marks a dropped promise intentional, so it is no finding and stays.
 */
const FIX_ON_SAVE = `import { saveNote, type Note } from './store';

export async function keep(note: Note): Promise<void> {
  saveNote(note);
}

export async function keepQuietly(note: Note): Promise<void> {
  void saveNote(note);
}

export async function keepBoth(first: Note, second: Note): Promise<void> {
  await saveNote(first);
  // the second note: typed by the test
}
`;

/** Never opened before Check Workspace runs: only the check can show its finding (floating-promise at 5:3). */
const NEVER_OPENED = `import { saveNote, type Note } from './store';

/** Archives a note. */
export async function archive(note: Note): Promise<void> {
  saveNote(note);
}
`;

/** The [Ln, Col] of each Problems row of a rule, in the panel's order. */
function positionsOf(rows: string[], rule: string): string[] {
  return rows.filter((row) => new RegExp(`lockstep\\s+${rule}\\b`).test(row)).map((row) => row.match(/\[Ln (\d+), Col (\d+)\]/)!.slice(1).join(':'));
}

describe('Lockstep in a real VS Code', () => {
  let server: CodeServer;
  let browser: Browser;
  let page: Page;

  before(async () => {
    fs.rmSync(OUTPUT, { recursive: true, force: true });
    fs.cpSync(path.join(ROOT, 'examples'), WORKSPACE, { recursive: true });
    fs.writeFileSync(path.join(WORKSPACE, 'src', 'snippet.ts'), 'export async function batch(items: string[]): Promise<void> {\n  \n}\n');
    fs.writeFileSync(path.join(WORKSPACE, 'src', 'two-locks.ts'), TWO_LOCKS);
    fs.writeFileSync(path.join(WORKSPACE, 'src', 'fix-on-save.ts'), FIX_ON_SAVE);
    fs.writeFileSync(path.join(WORKSPACE, 'src', 'never-opened.ts'), NEVER_OPENED);
    // Workspace settings, as a project opts in: every explicit save applies Lockstep's preferred fixes.
    fs.mkdirSync(path.join(WORKSPACE, '.vscode'));
    fs.writeFileSync(path.join(WORKSPACE, '.vscode', 'settings.json'), JSON.stringify({ 'editor.codeActionsOnSave': { 'source.fixAll.lockstep': 'explicit' } }));
    installExtension(OUTPUT, VSIX);
    server = await startCodeServer(OUTPUT, WORKSPACE, {
      'git.openRepositoryInParentFolders': 'never',
      'chat.disableAIFeatures': true,
      'workbench.secondarySideBar.defaultVisibility': 'hidden',
    });
    browser = await launchChromium();
    page = await openWorkbench(browser, server.url);
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** Runs a test's steps; on failure keeps a screenshot and prints what code-server logged. */
  async function steps(t: TestContext, body: () => Promise<void>): Promise<void> {
    try {
      await body();
    } catch (error) {
      const shot = path.join(OUTPUT, `failed-${t.name.replace(/\W+/g, '-').slice(0, 60)}.png`);
      await page.screenshot({ path: shot }).catch(() => {});
      console.error(`screenshot: ${shot}\n--- code-server log (tail) ---\n${server.log().slice(-4000)}`);
      throw error;
    }
  }

  it('shows a lock-order cycle in the Problems panel on the right lines, and the hover shows the message', async (t) => {
    await steps(t, async () => {
      await openFromExplorer(page, 'src', 'lock-order.ts');
      const rows = await problemRows(page, (r) => positionsOf(r, 'lock-order').length === 2, 'both halves of the cycle');
      assert.deepEqual(positionsOf(rows, 'lock-order'), ['18:11', '33:11']);
      await goTo(page, 18, 24);
      const hover = await hoverText(page, 'lock-order deadlock');
      assert.match(hover, /`ledgerMutex` is taken here while `accountsMutex` is held \(in transfer\(\)\)/);
      await page.screenshot({ path: path.join(OUTPUT, 'diagnostics.png') });
      await page.keyboard.press('Escape');
    });
  });

  it('opens the visualizer, and explore shows the deadlock with its cycle', async (t) => {
    await steps(t, async () => {
      await runCommand(page, 'Lockstep: Open Visualizer');
      const frame = visualizerFrame(page);
      await frame.locator('svg.lanes').waitFor({ timeout: 60_000 });
      await frame.locator('#policy').selectOption('explore');
      await frame.locator('.verdict.deadlock').waitFor({ timeout: 60_000 });
      const verdict = (await frame.locator('.verdict').textContent()) ?? '';
      assert.match(verdict, /accountsMutex/);
      assert.match(verdict, /ledgerMutex/);
      assert.match(verdict, /Cycle: transfer → ledgerMutex → audit → accountsMutex → transfer/);
      await page.screenshot({ path: path.join(OUTPUT, 'visualizer.png') });
      await frame.locator('#end').click();
      // 'attached', not visible: a vertical line has an empty bounding box.
      await frame.locator('svg.graph .edge.cycle').first().waitFor({ state: 'attached', timeout: 60_000 });
      await frame.locator('svg.graph').scrollIntoViewIfNeeded();
      assert.equal(await frame.locator('svg.graph .edge.cycle').count(), 4, 'two waits and two holds form the cycle');
      await page.screenshot({ path: path.join(OUTPUT, 'visualizer-cycle.png') });
    });
  });

  it('closes every editor before the editing steps', async (t) => {
    await steps(t, async () => {
      await closeAllEditors();
    });
  });

  /** What the visualizer shows of a finding's deadlock: the locks it names, the verdict's cycle, the graph's nodes. */
  interface ShownDeadlock {
    reach: RegExp;
    cycle: string;
    tasks: string[];
    locks: string[];
  }

  /** The visualizer, opened by "Show this deadlock", on the deadlocked step, with every edge of the cycle drawn. */
  async function expectDeadlockShown(shown: ShownDeadlock): Promise<void> {
    const frame = visualizerFrame(page);
    await frame.locator('.reach.reached').waitFor({ timeout: 60_000 });
    assert.match((await frame.locator('.reach').textContent()) ?? '', shown.reach);
    assert.equal(await frame.locator('#policy').inputValue(), 'explore');
    assert.equal(await frame.locator('.verdict .cycle').textContent(), `Cycle: ${shown.cycle}`);
    const [, step, of] = ((await frame.locator('.position').textContent()) ?? '').match(/^Step (\d+) of (\d+)/) ?? [];
    assert.ok(step && step === of, 'at the deadlocked step');
    await frame.locator('svg.graph .edge.cycle').first().waitFor({ state: 'attached', timeout: 60_000 });
    const names = (kind: string) => frame.locator(`svg.graph .graph-node.${kind}`).evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-name')));
    assert.deepEqual(await names('task'), shown.tasks, 'the cycle\'s tasks on the ring, in its order');
    assert.deepEqual(await names('lock'), shown.locks, 'the cycle\'s locks on the ring, in its order');
    assert.equal(await frame.locator('svg.graph .edge.cycle').count(), 2 * shown.tasks.length, 'a wait and a hold per task form the cycle');
  }

  async function closeAllEditors(): Promise<void> {
    await runCommand(page, 'View: Close All Editor Groups');
    await page.locator('.editor-group-container .tab').first().waitFor({ state: 'detached', timeout: 60_000 });
  }

  const TWO_LOCKS_DEADLOCK: ShownDeadlock = {
    reach: /This is the deadlock on `a` and `b`|This is the deadlock on `b` and `a`/,
    cycle: 'ab → b → ba → a → ab',
    tasks: ['ab', 'ba'],
    locks: ['b', 'a'],
  };

  /** Opens a file, waits for its lock-order finding at line:column, and runs "Show this deadlock" on it as a user would. */
  async function showDeadlockFrom(file: string, line: number, column: number, via: 'quick fix' | 'hover link'): Promise<void> {
    await openFromExplorer(page, 'src', file);
    await problemRows(page, (rows) => positionsOf(rows, 'lock-order').includes(`${line}:${column}`), `the lock-order finding at ${line}:${column} of ${file}`);
    await goTo(page, line, column + 1);
    if (via === 'quick fix') await applyQuickFix(page, 'Show this deadlock');
    else await clickHoverLink(page, 'Show this deadlock');
  }

  it('goes from a lock-order diagnostic through "Show this deadlock" (quick fix) to the deadlocked step', async (t) => {
    await steps(t, async () => {
      await showDeadlockFrom('two-locks.ts', 8, 11, 'quick fix');
      await expectDeadlockShown(TWO_LOCKS_DEADLOCK);
      await page.screenshot({ path: path.join(OUTPUT, 'show-deadlock.png') });
      await closeAllEditors();
    });
  });

  it('runs "Show this deadlock" from the hover link too (the hover trusts that command)', async (t) => {
    await steps(t, async () => {
      await showDeadlockFrom('two-locks.ts', 14, 11, 'hover link');
      await expectDeadlockShown(TWO_LOCKS_DEADLOCK);
      await closeAllEditors();
    });
  });

  it('shows the philosophers\' deadlock from their lock-order diagnostic: five forks, each held and awaited around the table', async (t) => {
    await steps(t, async () => {
      await showDeadlockFrom('philosophers.ts', 15, 32, 'quick fix');
      const seats = [0, 1, 2, 3, 4];
      await expectDeadlockShown({
        reach: /This is the deadlock on `forks\[\*\]`/,
        cycle: 'dine(0)#1 → forks[1] → dine(1)#1 → forks[2] → dine(2)#1 → forks[3] → dine(3)#1 → forks[4] → dine(4)#1 → forks[0] → dine(0)#1',
        tasks: seats.map((seat) => `dine(${seat})#1`),
        locks: seats.map((seat) => `forks[${(seat + 1) % 5}]`),
      });
      await visualizerFrame(page).locator('svg.graph').scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(OUTPUT, 'show-deadlock-philosophers.png') });
      await closeAllEditors();
    });
  });

  it('shows the bank transfer\'s deadlock (one lock per account) from the hover link of its lock-order diagnostic', async (t) => {
    await steps(t, async () => {
      await showDeadlockFrom('bank-transfer.ts', 15, 11, 'hover link');
      await expectDeadlockShown({
        reach: /This is the deadlock on `Account\.lock`/,
        cycle: 'transfer(alice, bob, 10)#1 → bob.lock → transfer(bob, alice, 20)#1 → alice.lock → transfer(alice, bob, 10)#1',
        tasks: ['transfer(alice, bob, 10)#1', 'transfer(bob, alice, 20)#1'],
        locks: ['bob.lock', 'alice.lock'],
      });
      await closeAllEditors();
    });
  });

  it('clears the diagnostics after an edit that takes the locks in one order', async (t) => {
    await steps(t, async () => {
      await openFromExplorer(page, 'src', 'lock-order.ts');
      await problemRows(page, (rows) => positionsOf(rows, 'lock-order').length === 2, 'the cycle before the edit');
      await replaceLine(page, 30, 'await accountsMutex.acquire();');
      await replaceLine(page, 33, 'await ledgerMutex.acquire();');
      await replaceLine(page, 39, 'ledgerMutex.release();');
      await replaceLine(page, 42, 'accountsMutex.release();');
      await problemRows(page, (rows) => positionsOf(rows, 'lock-order').length === 0, 'no lock-order finding');
      // Unsaved: the examples stay as they are for the tests after this one.
      await runCommand(page, 'View: Revert and Close Editor');
    });
  });

  it('applies a quick fix from the light bulb', async (t) => {
    await steps(t, async () => {
      await openFromExplorer(page, 'src', 'floating-promises.ts');
      await problemRows(page, (rows) => positionsOf(rows, 'floating-promise').includes('8:3'), 'the floating promise on line 8');
      await goTo(page, 8, 5);
      await applyQuickFix(page, 'Add await');
      await save(page);
      const line8 = fs.readFileSync(path.join(WORKSPACE, 'src', 'floating-promises.ts'), 'utf8').split('\n')[7];
      assert.equal(line8?.trim().startsWith('await saveNote({ ...note, text });'), true, line8);
      await problemRows(page, (rows) => !positionsOf(rows, 'floating-promise').includes('8:3'), 'line 8 cleared');
    });
  });

  it('inserts a snippet from its prefix', async (t) => {
    await steps(t, async () => {
      await openFromExplorer(page, 'src', 'snippet.ts');
      await goTo(page, 2, 3);
      await insertSnippet(page, 'ls-gather');
      await page.keyboard.press('Escape');
      await save(page);
      const text = fs.readFileSync(path.join(WORKSPACE, 'src', 'snippet.ts'), 'utf8');
      // The snippet's tabs become the file's indentation (spaces here).
      assert.match(text, /const results = await Promise\.all\(\n\s+items\.map\(async \(item\) => \{/);
    });
  });

  // Check Workspace's results stay in Problems for closed files, so the tests that count rows run before it.
  it('applies every preferred fix on save (source.fixAll.lockstep) and leaves the rest of the file as it was', async (t) => {
    await steps(t, async () => {
      await closeAllEditors();
      await openFromExplorer(page, 'src', 'fix-on-save.ts');
      await filterProblems(page, 'fix-on-save');
      await problemRows(page, (rows) => positionsOf(rows, 'floating-promise').join() === '4:3', 'the floating promise on line 4');
      await replaceLine(page, 13, 'saveNote(second);');
      // Saved once the typed finding shows: its fix is computed on the analysed version.
      await problemRows(page, (rows) => positionsOf(rows, 'floating-promise').join() === '4:3,13:3', 'both floating promises');
      await save(page);
      const onDisk = fs.readFileSync(path.join(WORKSPACE, 'src', 'fix-on-save.ts'), 'utf8');
      const fixed = FIX_ON_SAVE.replace('  saveNote(note);', '  await saveNote(note);').replace('  // the second note: typed by the test', '  await saveNote(second);');
      assert.equal(onDisk, fixed);
      await problemRows(page, (rows) => positionsOf(rows, 'floating-promise').length === 0, 'no floating promise left');
      await filterProblems(page, '');
      await closeAllEditors();
    });
  });

  it('checks the files that are not open (Lockstep: Check Workspace), with progress, and keeps a result when its file closes', async (t) => {
    await steps(t, async () => {
      await filterProblems(page, 'never-opened');
      await problemRows(page, (rows) => rows.length === 0, 'nothing for never-opened.ts before the check');
      await filterProblems(page, '');
      await runCommand(page, 'Lockstep: Check Workspace');
      assert.match(await notificationText(page, /checking the workspace/), /\d+ of \d+ files/);
      const summary = await notificationText(page, /file\(s\) checked/);
      assert.match(summary, /Lockstep: \d+ file\(s\) checked, \d+ with findings \(in the Problems panel\)/);
      assert.doesNotMatch(summary, /cancelled/);
      await page.locator('.notification-toast', { hasText: /checking the workspace/ }).waitFor({ state: 'detached', timeout: 60_000 });
      await problemRows(page, (rows) => rows.length > 5, 'the findings of the files checked');
      await page.screenshot({ path: path.join(OUTPUT, 'check-workspace.png') });
      await filterProblems(page, 'never-opened');
      const neverOpened = (rows: string[]) => rows[0]?.includes('never-opened.ts') === true && positionsOf(rows, 'floating-promise').join() === '5:3';
      await problemRows(page, neverOpened, 'never-opened.ts\'s floating promise at 5:3');
      // Opened, fixed in the editor (the finding goes), then reverted and closed: the check's result shows again.
      await openFromExplorer(page, 'src', 'never-opened.ts');
      await replaceLine(page, 5, 'await saveNote(note);');
      await problemRows(page, (rows) => positionsOf(rows, 'floating-promise').length === 0, 'the open, edited file without its finding');
      await runCommand(page, 'View: Revert and Close Editor');
      await problemRows(page, neverOpened, 'the check\'s finding again once the file is closed');
      await filterProblems(page, '');
    });
  });
});
