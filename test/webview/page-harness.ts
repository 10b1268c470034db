// The built visualizer page (dist/webview.js + media/visualizer.css) in real Chromium, inside the same HTML the
// panel host generates (visualizerHtml), served from a loopback server with a stub acquireVsCodeApi that records
// what the page posts. Shared by the webview test files.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before } from 'node:test';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { visualizerHtml } from '../../client/src/visualizer/html';
import type { HostMessage } from '../../client/src/visualizer/messages';

export const root = path.resolve(import.meta.dirname, '../..');
export const outputDir = path.join(root, '.test-output');
export const NONCE = 'dGVzdC1ub25jZS0xMjM0NQ==';

/** Serves the page, the built script and the stylesheet; anything else is a 404 and is remembered. */
function startServer(): Promise<{ server: http.Server; origin: string; strayRequests: string[] }> {
  const strayRequests: string[] = [];
  const files: Record<string, [string, string]> = {
    '/dist/webview.js': [path.join(root, 'dist/webview.js'), 'text/javascript'],
    '/media/visualizer.css': [path.join(root, 'media/visualizer.css'), 'text/css'],
  };
  const server = http.createServer((request, response) => {
    const origin = `http://${request.headers.host}`;
    if (request.url === '/') {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end(visualizerHtml({ cspSource: origin, nonce: NONCE, scriptUri: `${origin}/dist/webview.js`, styleUri: `${origin}/media/visualizer.css` }));
      return;
    }
    if (request.url === '/favicon.ico') {
      response.writeHead(204).end(); // the browser's own request, not the page's
      return;
    }
    const file = files[request.url ?? ''];
    if (!file) {
      strayRequests.push(request.url ?? '');
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': file[1] });
    response.end(fs.readFileSync(file[0]));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, strayRequests })));
}

export interface Loaded {
  page: Page;
  dialogs: string[];
  errors: string[];
}

/** One browser for a test file: a fresh profile per run (Playwright passes it as --user-data-dir). */
async function launchBrowser(): Promise<BrowserContext> {
  assert.ok(fs.existsSync(path.join(root, 'dist/webview.js')), 'dist/webview.js is missing: run `npm run build` first');
  fs.mkdirSync(outputDir, { recursive: true });
  return chromium.launchPersistentContext(fs.mkdtempSync(path.join(os.tmpdir(), 'lockstep-chromium-')), {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1100, height: 900 },
  });
}

/** A new page at `origin`, listening: dialogs and errors it raises are collected. */
async function openPage(browser: BrowserContext, origin: string): Promise<Loaded> {
  const page = await browser.newPage();
  const dialogs: string[] = [];
  const errors: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  // The stub VS Code API records what the page posts to its host.
  await page.addInitScript('window.posted = []; window.acquireVsCodeApi = () => ({ postMessage: (message) => window.posted.push(message), getState: () => undefined, setState: () => undefined });');
  await page.goto(origin);
  await page.waitForFunction('window.posted.some((message) => message.type === "ready")');
  return { page, dialogs, errors };
}


export const post = (page: Page, message: HostMessage) => page.evaluate(`window.postMessage(${JSON.stringify(message)}, '*')`);

/**
 * The page server and browser of a describe block, started before its tests and closed after them: `open()` a new
 * page; `served()` the server (its origin, the requests it refused).
 */
export function pagesForTests(): { open: () => Promise<Loaded>; served: () => Awaited<ReturnType<typeof startServer>> } {
  let browser: BrowserContext;
  let served: Awaited<ReturnType<typeof startServer>>;
  before(async () => {
    served = await startServer();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    served?.server.close();
  });
  return { open: () => openPage(browser, served.origin), served: () => served };
}
