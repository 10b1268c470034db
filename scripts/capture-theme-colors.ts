// Captures the CSS variables VS Code gives the visualizer's webview in its four default theme kinds, for the
// webview's contrast tests (test/webview/themes/*.json): the real values, registry defaults included, not a
// guess at them. Run after `npm run test:e2e` has set code-server up and `npm run package` built lockstep.vsix:
//   node --import tsx scripts/capture-theme-colors.ts
import * as fs from 'node:fs';
import * as path from 'node:path';
import { installExtension, launchChromium, openWorkbench, startCodeServer } from '../test/e2e/codeServer';
import { openFromExplorer, problemRows, runCommand, visualizerFrame } from '../test/e2e/workbench';

const ROOT = path.resolve(__dirname, '..');
const OUTPUT = path.join(ROOT, '.test-output', 'theme-capture');
const THEMES_DIR = path.join(ROOT, 'test', 'webview', 'themes');
const THEMES = {
  light: 'Default Light Modern',
  dark: 'Default Dark Modern',
  'high-contrast-dark': 'Default High Contrast',
  'high-contrast-light': 'Default High Contrast Light',
} as const;

/** The little of the DOM the capture reads (this file has no DOM lib). */
interface HtmlElementStyle {
  style: ArrayLike<string> & { getPropertyValue(name: string): string };
  ownerDocument: { body: { className: string } };
}

async function capture(kind: keyof typeof THEMES): Promise<void> {
  const root = path.join(OUTPUT, kind);
  const workspace = path.join(root, 'workspace');
  fs.rmSync(root, { recursive: true, force: true });
  fs.cpSync(path.join(ROOT, 'examples'), workspace, { recursive: true });
  installExtension(root, path.join(ROOT, 'lockstep.vsix'));
  const server = await startCodeServer(root, workspace, { 'workbench.colorTheme': THEMES[kind], 'chat.disableAIFeatures': true });
  const browser = await launchChromium();
  try {
    const page = await openWorkbench(browser, server.url);
    await openFromExplorer(page, 'src', 'lock-order.ts');
    // The extension is running once its findings show.
    await problemRows(page, (rows) => rows.some((row) => /lockstep/.test(row)), 'a Lockstep finding');
    await runCommand(page, 'Lockstep: Open Visualizer');
    const frame = visualizerFrame(page);
    await frame.locator('svg.lanes').waitFor({ timeout: 60_000 });
    // No named functions inside: tsx would wrap them in a __name() helper the page does not have.
    const captured = await frame.locator('html').evaluate((html: HtmlElementStyle) => {
      const variables: Record<string, string> = {};
      for (const name of Array.from(html.style)) if (name.startsWith('--vscode-')) variables[name] = html.style.getPropertyValue(name).trim();
      return { bodyClass: html.ownerDocument.body.className, variables };
    });
    fs.mkdirSync(THEMES_DIR, { recursive: true });
    fs.writeFileSync(path.join(THEMES_DIR, `${kind}.json`), `${JSON.stringify({ theme: THEMES[kind], source: 'code-server 4.139.1', ...captured }, null, 1)}\n`);
    console.log(`${kind}: ${Object.keys(captured.variables).length} variables, body class "${captured.bodyClass}"`);
  } finally {
    await browser.close();
    await server.stop();
  }
}

async function main(): Promise<void> {
  for (const kind of Object.keys(THEMES) as (keyof typeof THEMES)[]) await capture(kind);
}

void main();
