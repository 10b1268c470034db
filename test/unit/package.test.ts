// The .vsix that `npm run package` built (npm test runs it first) holds exactly what runs: the bundles and the
// TypeScript libraries they load, the media the extension shows, the snippets, README, LICENSE and CHANGELOG —
// no sources, source maps, tests, node_modules or build scripts.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';

const root = path.resolve(import.meta.dirname, '../..');
const vsix = path.join(root, 'lockstep.vsix');
const MEDIA = /\.(png|svg|css|gif|jpg|ttf|woff2)$/;
/** The pages the rule docs link to, shipped beside them. */
const SHIPPED_PAGES = ['configuration.md', 'visualizer.md'];

/** The .vsix is a zip: its entry names, from Info-ZIP's `unzip -Z1` (present on the CI image; no dependency). */
function entries(): string[] {
  return execFileSync('unzip', ['-Z1', vsix], { encoding: 'utf8' }).split('\n').filter(Boolean);
}

/** What should be packaged, from what the build produced and what the repository holds. */
function expectedEntries(): string[] {
  const snippetFiles = fs.readdirSync(path.join(root, 'snippets')).filter((name) => name.endsWith('.json'));
  const mediaFiles = fs.readdirSync(path.join(root, 'media'), { recursive: true, encoding: 'utf8' }).filter((name) => MEDIA.test(name));
  // The ESLint plugin is loaded by ESLint from node_modules, never by the extension.
  const distFiles = fs.readdirSync(path.join(root, 'dist')).filter((name) => (name.endsWith('.js') && name !== 'eslint-plugin.js') || /^lib\..*\.d\.ts$/.test(name));
  const ruleDocs = fs.readdirSync(path.join(root, 'docs/rules')).filter((name) => name.endsWith('.md'));
  return [
    '[Content_Types].xml',
    'extension.vsixmanifest',
    // vsce renames these three to the names the Marketplace expects.
    'extension/package.json', 'extension/readme.md', 'extension/changelog.md', 'extension/LICENSE.txt',
    ...snippetFiles.map((name) => `extension/snippets/${name}`),
    ...ruleDocs.map((name) => `extension/docs/rules/${name}`),
    ...SHIPPED_PAGES.map((name) => `extension/docs/${name}`),
    ...mediaFiles.map((name) => `extension/media/${name.split(path.sep).join('/')}`),
    ...distFiles.map((name) => `extension/dist/${name}`),
  ].sort();
}

test('npm run package built lockstep.vsix with exactly the files that run', () => {
  assert.ok(fs.existsSync(vsix), 'lockstep.vsix is missing: `npm test` runs `npm run package` before the tests');
  const actual = entries().sort();
  assert.deepEqual(actual, expectedEntries());
  for (const required of ['extension/dist/client.js', 'extension/dist/server.js', 'extension/dist/server-main.js', 'extension/dist/analysis-worker.js', 'extension/dist/analysis-worker-main.js', 'extension/dist/cli.js', 'extension/dist/cli-main.js', 'extension/dist/lib.es2022.d.ts', 'extension/media/icon.png']) {
    assert.ok(actual.includes(required), required);
  }
  assert.ok(!actual.some((name) => name.endsWith('.map') || name.includes('node_modules') || /\.(ts|mjs)$/.test(name.replace(/lib\..*\.d\.ts$/, ''))));
});

test('the packaged manifest declares the main entry and the snippets it ships', () => {
  const manifest = JSON.parse(execFileSync('unzip', ['-p', vsix, 'extension/package.json'], { encoding: 'utf8' }));
  assert.equal(manifest.main, './dist/client.js');
  const shipped = entries();
  for (const snippet of manifest.contributes.snippets as { path: string }[]) {
    assert.ok(shipped.includes(`extension/${snippet.path.replace(/^\.\//, '')}`), snippet.path);
  }
});

test('every relative link in a shipped page reaches a shipped page: the docs read whole inside VS Code', () => {
  const shipped = new Set(entries());
  for (const entry of shipped) {
    if (!entry.startsWith('extension/docs/')) continue;
    const text = fs.readFileSync(path.join(root, entry.slice('extension/'.length)), 'utf8');
    for (const [, target] of text.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)) {
      if (/^[a-z]+:/.test(target!)) continue;
      const resolved = path.posix.normalize(path.posix.join(path.posix.dirname(entry), target!));
      assert.ok(shipped.has(resolved), `${entry} links to ${target}, which is not in the .vsix`);
    }
  }
});
