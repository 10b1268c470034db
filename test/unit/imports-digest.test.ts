// importsDigest: one digest per file of everything it reaches through imports, computed per import-graph
// component. It must change exactly for the files that reach a changed file — through a cycle too — and for no other.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, test } from 'node:test';
import ts from 'typescript';
import { importsDigest } from '../../server/src/analysis/program-files';

const FILES: Record<string, string> = {
  'hub.ts': 'export const hub = 1;\n',
  'a.ts': "import { b } from './b';\nexport const a = () => b;\n",
  'b.ts': "import { a } from './a';\nimport { hub } from './hub';\nexport const b = () => [a, hub];\n",
  'c.ts': "import { a } from './a';\nexport const c = a;\n",
  'lone.ts': 'export const lone = 1;\n',
  'leaf-user.ts': "import { lone } from './lone';\nexport const user = lone;\n",
};
const NAMES = Object.keys(FILES);

let roots: string[] = [];
afterEach(() => {
  for (const root of roots) fs.rmSync(root, { recursive: true, force: true });
  roots = [];
});

/** A program over the files written to a temporary folder; file names stay as written here. */
function programOf(files: Record<string, string>): { program: ts.Program; sourceFile: (name: string) => ts.SourceFile } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'lockstep-imports-'));
  roots.push(root);
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(root, name), text);
  const options: ts.CompilerOptions = { module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, noLib: true, types: [] };
  const program = ts.createProgram(NAMES.map((name) => path.join(root, name)), options);
  return { program, sourceFile: (name) => program.getSourceFile(path.join(root, name).split(path.sep).join('/'))! };
}

/** Each file's digest when `changed` has another version than the others. */
function digestsWith({ program, sourceFile }: ReturnType<typeof programOf>, changed?: string): Map<string, string> {
  const lineOf = (file: string) => `${path.basename(file)}@${path.basename(file) === changed ? 2 : 1}`;
  return new Map(NAMES.map((name) => [name, importsDigest(program, sourceFile(name), lineOf)]));
}

function changedBy(program: ReturnType<typeof programOf>, changed: string): string[] {
  const before = digestsWith(program);
  const after = digestsWith(program, changed);
  return NAMES.filter((name) => before.get(name) !== after.get(name)).sort();
}

test('a change reaches the files that import it, directly, transitively and around a cycle', () => {
  const program = programOf(FILES);
  assert.deepEqual(changedBy(program, 'hub.ts'), ['a.ts', 'b.ts', 'c.ts', 'hub.ts']);
  assert.deepEqual(changedBy(program, 'a.ts'), ['a.ts', 'b.ts', 'c.ts'], 'a and b import each other: one component');
  assert.deepEqual(changedBy(program, 'c.ts'), ['c.ts'], 'nothing imports c');
  assert.deepEqual(changedBy(program, 'lone.ts'), ['leaf-user.ts', 'lone.ts']);
});

test('files that reach the same files with the same versions have one digest; an import added is a new digest', () => {
  const digests = digestsWith(programOf(FILES));
  assert.equal(digests.get('a.ts'), digests.get('b.ts'), 'a and b reach each other and hub: the same inputs');
  assert.notEqual(digests.get('c.ts'), digests.get('a.ts'), 'c reaches them and itself');
  const rewired = programOf({ ...FILES, 'c.ts': "import { a } from './a';\nimport { lone } from './lone';\nexport const c = [a, lone];\n" });
  assert.notEqual(digestsWith(rewired).get('c.ts'), digests.get('c.ts'));
});
