// blocking-in-async's quick fixes, applied: each replaces a blocking call by the awaited call of its async twin,
// adding the import it needs. The fixed file must have no finding and no type error (the twin must return the
// same type). And where no such twin exists, or await is not allowed, no fix is offered.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { applyFix, remedies, typeErrors } from './fix-helpers';
import { Workspace } from '../../server/src/analysis/workspace';

const REPO_TYPES = path.resolve(import.meta.dirname, '../../node_modules/@types');

interface Case {
  name: string;
  code: string;
  /** The fixed text must contain each of these. */
  produces: string[];
  extension?: '.ts' | '.js';
}

const CASES: Case[] = [
  {
    name: 'a named import becomes readFile from node:fs/promises',
    code: `import { readFileSync } from 'node:fs';\nexport async function f(p: string): Promise<string> { return readFileSync(p, 'utf8'); }`,
    produces: [`import { readFileSync } from 'node:fs';\nimport { readFile } from 'node:fs/promises';`, `return await readFile(p, 'utf8');`],
  },
  {
    name: 'a namespace import goes through fs.promises (a Buffer stays a Buffer)',
    code: `import * as fs from 'fs';\nexport async function f(p: string): Promise<Buffer> { const data = fs.readFileSync(p); return data; }`,
    produces: [`const data = await fs.promises.readFile(p);`],
  },
  {
    name: 'a member access on the result gets parentheses',
    code: `import { readFileSync } from 'node:fs';\nexport async function f(p: string): Promise<string> { return readFileSync(p, { encoding: 'utf8' }).trim(); }`,
    produces: [`return (await readFile(p, { encoding: 'utf8' })).trim();`],
  },
  {
    name: 'an import of the twin already in scope is reused',
    code: `import { readFile } from 'node:fs/promises';\nimport { writeFileSync } from 'node:fs';\nimport { writeFile } from 'fs/promises';\nexport async function f(p: string): Promise<string> { writeFileSync(p, 'x'); return readFile(p, 'utf8'); }`,
    produces: [`await writeFile(p, 'x');`],
  },
  {
    name: 'mkdirSync with options, aliased',
    code: `import { mkdirSync as makeDir } from 'node:fs';\nexport async function f(p: string): Promise<string | undefined> { return makeDir(p, { recursive: true }); }`,
    produces: [`return await mkdir(p, { recursive: true });`, `import { mkdir } from 'node:fs/promises';`],
  },
  {
    name: 'execSync with a string encoding becomes the stdout of the promisified exec',
    code: `import { execSync } from 'node:child_process';\nexport async function f(): Promise<number> { return execSync('git status', { encoding: 'utf8', cwd: '/' }).length; }`,
    produces: [`return (await promisify(exec)('git status', { encoding: 'utf8', cwd: '/' })).stdout.length;`, `import { promisify } from 'node:util';`, `import { exec } from 'node:child_process';`],
  },
  {
    name: 'execSync through a namespace needs only promisify',
    code: `import * as cp from 'child_process';\nexport async function f(): Promise<string> { const out: string = cp.execSync('ls', { encoding: 'latin1' }); return out; }`,
    produces: [`(await promisify(cp.exec)('ls', { encoding: 'latin1' })).stdout;`],
  },
  {
    name: 'CommonJS JavaScript gets a require',
    extension: '.js',
    code: `const { readFileSync } = require('fs');\n/** @param {string} p */\nasync function f(p) { return readFileSync(p, 'utf8'); }\nmodule.exports = { f };`,
    produces: [`const { readFileSync } = require('fs');\nconst { readFile } = require('node:fs/promises');`, `return await readFile(p, 'utf8');`],
  },
];

/** Calls that block but have no fix: a different result type, a file descriptor, no await allowed, a chain. */
const NO_FIX: { name: string; code: string }[] = [
  { name: 'execSync without an encoding returns a Buffer', code: `import { execSync } from 'node:child_process';\nexport async function f() { return execSync('ls'); }` },
  { name: 'execSync with input (no exec twin)', code: `import { execSync } from 'node:child_process';\nexport async function f() { return execSync('cat', { encoding: 'utf8', input: 'x' }); }` },
  { name: 'a file descriptor is not a path', code: `import { readFileSync } from 'node:fs';\nexport async function f() { return readFileSync(0, 'utf8'); }` },
  { name: 'statSync (throwIfNoEntry has no twin)', code: `import { statSync } from 'node:fs';\nexport async function f(p: string) { return statSync(p); }` },
  { name: 'inside a sync callback, await is not allowed', code: `import { readFileSync } from 'node:fs';\nexport async function f(ps: string[]) { return ps.map((p) => readFileSync(p, 'utf8')); }` },
  { name: 'the name readFile is taken by the callback API', code: `import { readFile, readFileSync } from 'node:fs';\nexport async function f(p: string) { readFile(p, () => {}); return readFileSync(p, 'utf8'); }` },
  { name: 'a chain through a sync helper', code: `import { readFileSync } from 'node:fs';\nfunction load(p: string) { return readFileSync(p, 'utf8'); }\nexport async function f(p: string) { return load(p); }` },
  { name: 'Atomics.wait', code: `export async function f(cells: Int32Array) { return Atomics.wait(cells, 0, 0); }` },
];

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'lockstep-blocking-fix-'));
fs.writeFileSync(path.join(root, 'tsconfig.json'), JSON.stringify({
  compilerOptions: {
    strict: true, target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', lib: ['ES2023'],
    types: ['node'], typeRoots: [REPO_TYPES], allowJs: true, checkJs: true, noEmit: true, skipLibCheck: true,
  },
}));
const workspace = new Workspace();
after(() => {
  workspace.dispose();
  fs.rmSync(root, { recursive: true, force: true });
});

function blockingFindings(file: string) {
  return workspace.analyzeFile(file).findings.filter((finding) => finding.ruleId === 'blocking-in-async');
}

// Every case file is written before the first analysis: the project reads its file list from tsconfig.json once.
let counter = 0;
function writeCase(code: string, extension: '.ts' | '.js'): string {
  const file = path.join(root, `case${counter++}${extension === '.ts' ? '.mts' : '.cjs'}`);
  fs.writeFileSync(file, code);
  return file;
}
const fixFiles = CASES.map((fixCase) => writeCase(fixCase.code, fixCase.extension ?? '.ts'));
const noFixFiles = NO_FIX.map((noFix) => writeCase(noFix.code, '.ts'));

describe('blocking-in-async quick fixes', () => {
  CASES.forEach((fixCase, index) => {
    test(fixCase.name, () => {
      const file = fixFiles[index]!;
      assert.deepEqual(typeErrors(workspace, file), [], 'the case itself must type-check');
      const findings = blockingFindings(file);
      assert.equal(findings.length, 1, findings.map((f) => f.message).join(' | '));
      const [fix] = remedies(findings[0]!);
      assert.ok(fix?.preferred, 'one preferred fix');

      const fixed = applyFix(fixCase.code, fix);
      for (const fragment of fixCase.produces) assert.ok(fixed.includes(fragment), `the fixed text lacks ${fragment}:\n${fixed}`);
      workspace.openDocument(file, fixed, 2);
      assert.deepEqual(workspace.analyzeFile(file).findings.map((f) => `${f.ruleId}: ${f.message}`), [], `findings remain in:\n${fixed}`);
      assert.deepEqual(typeErrors(workspace, file), [], `the fix introduced type errors:\n${fixed}`);
    });
  });

  NO_FIX.forEach((noFix, index) => {
    test(`no fix: ${noFix.name}`, () => {
      const file = noFixFiles[index]!;
      assert.deepEqual(typeErrors(workspace, file), [], 'the case itself must type-check');
      const findings = blockingFindings(file);
      assert.equal(findings.length, 1, findings.map((f) => f.message).join(' | '));
      assert.deepEqual(remedies(findings[0]!), []);
    });
  });
});
