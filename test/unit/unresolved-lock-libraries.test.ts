// A file importing a lock library whose types do not resolve gets a note (one per library, at its first import),
// not silence; a library that resolves, or a package the lock model does not know, gets none. Each case is a temp
// folder with a package.json (an inferred project: allowJs) and, where said, a node_modules.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { Workspace } from '../../server/src/analysis/workspace';

const REPO = path.resolve(import.meta.dirname, '../..');
const UNRESOLVED = 'is imported but its types do not resolve (is it installed?): the lock rules cannot see its locks in this file';

const roots: string[] = [];
after(() => roots.forEach((root) => fs.rmSync(root, { recursive: true, force: true })));

function tempTree(files: Record<string, string>): string {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'lockstep-unresolved-')));
  roots.push(root);
  for (const [name, text] of Object.entries({ 'package.json': '{}', ...files })) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), text);
  }
  return root;
}

/** The repository's own copy of async-mutex, installed into the temp folder. */
function installAsyncMutex(root: string): void {
  fs.mkdirSync(path.join(root, 'node_modules'), { recursive: true });
  fs.symlinkSync(path.join(REPO, 'node_modules/async-mutex'), path.join(root, 'node_modules/async-mutex'), 'dir');
}

/** `line:column library…` of each note on the file (1-based), with the common message checked. */
function notesOn(workspace: Workspace, file: string): string[] {
  return workspace.analyzeFile(file).notes.map((note) => {
    const library = note.message.slice(0, note.message.indexOf(' '));
    assert.equal(note.message, `${library} ${UNRESOLVED}`);
    return `${note.startPosition.line + 1}:${note.startPosition.character + 1} ${library}`;
  });
}

const LEAKY = [
  `import { Mutex } from 'async-mutex';`,
  `import type { MutexInterface } from 'async-mutex';`,
  `const lock: MutexInterface = new Mutex();`,
  `export async function update(skip: boolean): Promise<void> {`,
  `  const release = await lock.acquire();`,
  `  if (skip) return;`,
  `  release();`,
  `}`,
  ``,
].join('\n');

describe('lock libraries whose types do not resolve', () => {
  const workspace = new Workspace();
  after(() => workspace.dispose());

  test('each import form is noted, once per library, at its first import; other packages are not', () => {
    const root = tempTree({
      'leaky.ts': LEAKY,
      'type-only.ts': `import type { Mutex } from 'async-mutex';\nexport let held: Mutex | undefined;\n`,
      'side-effect.ts': `import 'left-pad';\nimport 'async-lock';\n`,
      'required.js': `const { Mutex } = require('async-mutex');\nconst AsyncLock = require("async-lock");\nmodule.exports = { Mutex, AsyncLock };\n`,
      'dynamic.ts': `export const load = () => import('async-mutex/lib/Mutex');\n`,
      'other-packages.ts': `import leftPad from 'left-pad';\nimport { Mutex } from 'async-mutex-fork';\nexport { leftPad, Mutex };\n`,
    });
    const file = (name: string) => path.join(root, name);
    assert.deepEqual(notesOn(workspace, file('leaky.ts')), ['1:23 async-mutex']);
    assert.deepEqual(notesOn(workspace, file('type-only.ts')), ['1:28 async-mutex']);
    assert.deepEqual(notesOn(workspace, file('side-effect.ts')), ['2:8 async-lock']);
    assert.deepEqual(notesOn(workspace, file('required.js')), ['1:27 async-mutex', '2:27 async-lock']);
    assert.deepEqual(notesOn(workspace, file('dynamic.ts')), ['1:34 async-mutex']);
    assert.deepEqual(notesOn(workspace, file('other-packages.ts')), []);
    // The note is all there is: without the library's types the lock rules see no lock to leak.
    assert.deepEqual(workspace.analyzeFile(file('leaky.ts')).findings.map((finding) => finding.ruleId), []);
  });

  test('an installed package with types is not noted, and its locks are seen', () => {
    const root = tempTree({
      'leaky.ts': LEAKY,
      // TypeScript resolves require() only in JavaScript: here it is a plain call, whatever is installed.
      'plain-call.ts': `declare function require(id: string): unknown;\nexport const mutex = require('async-mutex');\n`,
    });
    installAsyncMutex(root);
    const file = path.join(root, 'leaky.ts');
    assert.deepEqual(notesOn(workspace, file), []);
    assert.deepEqual(workspace.analyzeFile(file).findings.map((finding) => finding.ruleId), ['lock-leak']);
    assert.deepEqual(notesOn(workspace, path.join(root, 'plain-call.ts')), []);
  });

  test('installed later, the package is seen once the file changes (unchanged files keep their failed resolutions)', () => {
    const root = tempTree({ 'leaky.ts': LEAKY });
    const file = path.join(root, 'leaky.ts');
    assert.deepEqual(notesOn(workspace, file), ['1:23 async-mutex']);
    installAsyncMutex(root);
    workspace.diskChanged();
    workspace.openDocument(file, `${LEAKY}// edited\n`, 1);
    assert.deepEqual(notesOn(workspace, file), []);
    assert.deepEqual(workspace.analyzeFile(file).findings.map((finding) => finding.ruleId), ['lock-leak']);
  });

  test('a package installed without its types (async-lock without @types/async-lock) is noted', () => {
    const root = tempTree({
      'node_modules/async-lock/package.json': JSON.stringify({ name: 'async-lock', main: 'index.js' }),
      'node_modules/async-lock/index.js': 'module.exports = class AsyncLock { acquire(key, fn) { return fn(); } };\n',
      'keyed.ts': `import AsyncLock from 'async-lock';\nexport const lock = new AsyncLock();\n`,
    });
    assert.deepEqual(notesOn(workspace, path.join(root, 'keyed.ts')), ['1:23 async-lock']);
  });
});
