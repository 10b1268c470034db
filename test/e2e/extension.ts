// Puts the built extension where code-server loads it from: an unpacked copy of what the package holds.
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const PACKAGED = ['package.json', 'dist', 'snippets', 'media', 'README.md'];

export function installExtensionUnderTest(codeServerRoot: string): void {
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { publisher: string; name: string; version: string };
  const target = path.join(codeServerRoot, 'extensions', `${manifest.publisher}.${manifest.name}-${manifest.version}`);
  for (const item of PACKAGED) fs.cpSync(path.join(ROOT, item), path.join(target, item), { recursive: true });
}
