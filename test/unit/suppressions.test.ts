// Suppression comments beyond what fixtures can show: the fixes (removing an unused suppression, adding one)
// applied and re-analysed, and where no suppression fix is offered because a line comment cannot go there.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import type { Finding } from '../../server/src/analysis/types';
import { applyFix } from './fix-helpers';
import { Workspace } from '../../server/src/analysis/workspace';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'lockstep-suppressions-'));
fs.writeFileSync(path.join(root, 'tsconfig.json'), JSON.stringify({
  compilerOptions: { strict: true, target: 'ES2022', module: 'ESNext', lib: ['ES2023', 'DOM'], types: [], jsx: 'preserve', noEmit: true },
}));
const PRELUDE = 'declare function save(name: string): Promise<void>;\n';
const workspace = new Workspace();
workspace.setOverrides({ rules: { 'unused-suppression': 'warning' } });
after(() => {
  workspace.dispose();
  fs.rmSync(root, { recursive: true, force: true });
});

let version = 1;
function analyse(name: string, code: string): { file: string; text: string; findings: Finding[] } {
  const file = path.join(root, name);
  const text = `${PRELUDE}${code}\nexport {};\n`;
  fs.writeFileSync(file, text);
  workspace.openDocument(file, text, version++);
  return { file, text, findings: workspace.analyzeFile(file).findings };
}

function reanalyse(file: string, text: string): string[] {
  workspace.openDocument(file, text, version++);
  return workspace.analyzeFile(file).findings.map((finding) => `${finding.ruleId} ${finding.startPosition.line}`);
}

describe('unused-suppression fixes', () => {
  const cases: [string, string, string][] = [
    ['a whole-line suppression goes with its line', 'function f() {\n  // lockstep-ignore-next-line\n  void save("a");\n}', 'function f() {\n  void save("a");\n}'],
    ['a trailing suppression leaves the code', 'function f() {\n  void save("a"); // lockstep-ignore-next-line\n  void save("b");\n}', 'function f() {\n  void save("a");\n  void save("b");\n}'],
    ['an unused rule leaves the used ones and the reason', 'function f() {\n  // lockstep-ignore-next-line misused-promise floating-promise -- why\n  save("a");\n}', '  // lockstep-ignore-next-line floating-promise -- why\n'],
  ];
  for (const [name, code, produces] of cases) {
    test(name, () => {
      const { file, text, findings } = analyse(`unused-${name.replace(/\W+/g, '-')}.ts`, code);
      const [finding] = findings.filter((candidate) => candidate.ruleId === 'unused-suppression');
      assert.ok(finding, `no unused-suppression in:\n${text}`);
      const fixed = applyFix(text, finding.fixes[0]!);
      assert.ok(fixed.includes(produces), fixed);
      assert.deepEqual(reanalyse(file, fixed), [], fixed);
    });
  }
});

describe('the suppression quick fix', () => {
  const suppressionFix = (finding: Finding) => finding.fixes.find((fix) => fix.title.startsWith(`Ignore ${finding.ruleId} on this line`));

  test('silences exactly its finding, and only its line', () => {
    const { file, text, findings } = analyse('adds.ts', 'function f() {\n  save("a");\n  save("b");\n}');
    assert.equal(findings.length, 2);
    const fixed = applyFix(text, suppressionFix(findings[0]!)!);
    assert.deepEqual(reanalyse(file, fixed), ['floating-promise 4']);
  });

  test('is not offered where a line comment would be text: JSX children and attributes, multi-line templates', () => {
    const { findings } = analyse('jsx.tsx', [
      'declare function Button(props: { onClick: () => void; children?: unknown }): null;',
      'export const view = <div>',
      '  <Button',
      '    onClick={async () => save("click")}',
      '  />',
      '</div>;',
      'const t = `${1}',
      '${(() => { save("in template"); return ""; })()}`;',
      'void t;',
    ].join('\n'));
    const offered = findings.map((finding) => `${finding.ruleId}: ${suppressionFix(finding) ? 'offered' : 'none'}`);
    assert.deepEqual(offered, ['misused-promise: none', 'floating-promise: none']);
  });

  test('is offered inside a multi-line JSX expression, where comments are code comments', () => {
    const { file, text, findings } = analyse('jsx-expression.tsx', [
      'export const view = <div>{',
      '  (() => { save("inside"); return null; })()',
      '}</div>;',
    ].join('\n'));
    assert.equal(findings.length, 1);
    const fixed = applyFix(text, suppressionFix(findings[0]!)!);
    assert.deepEqual(reanalyse(file, fixed), [], fixed);
  });
});

describe('the file suppression quick fix', () => {
  const fileFix = (finding: Finding) => finding.fixes.find((fix) => fix.title === `Ignore ${finding.ruleId} for this file (// lockstep-ignore-file)`);

  test('silences the rule in the whole file, and only that rule', () => {
    const { file, text, findings } = analyse('file-fix.ts', 'function f(names: string[]) {\n  save("a");\n  names.forEach(async (name) => save(name));\n  save("b");\n}');
    assert.deepEqual(findings.map((finding) => finding.ruleId), ['floating-promise', 'misused-promise', 'floating-promise']);
    const fixed = applyFix(text, fileFix(findings[0]!)!);
    assert.ok(fixed.startsWith('// lockstep-ignore-file floating-promise\n'), fixed);
    assert.deepEqual(reanalyse(file, fixed), ['misused-promise 4']);
  });

  test('adds the rule to the file suppression already there, before its reason', () => {
    const { text, findings } = analyse('file-fix-existing.ts', '// lockstep-ignore-file misused-promise -- legacy callbacks\nfunction f() {\n  save("a");\n}');
    const floating = findings.find((finding) => finding.ruleId === 'floating-promise')!;
    const fixed = applyFix(text, fileFix(floating)!);
    assert.ok(fixed.includes('// lockstep-ignore-file misused-promise floating-promise -- legacy callbacks\n'), fixed);
  });

  test('goes after a #! line', () => {
    const file = path.join(root, 'script.ts');
    const text = '#!/usr/bin/env node\ndeclare function save(name: string): Promise<void>;\nsave("a");\nexport {};\n';
    fs.writeFileSync(file, text);
    workspace.openDocument(file, text, version++);
    const [finding] = workspace.analyzeFile(file).findings;
    const fixed = applyFix(text, fileFix(finding!)!);
    assert.ok(fixed.startsWith('#!/usr/bin/env node\n// lockstep-ignore-file floating-promise\ndeclare'), fixed);
    assert.deepEqual(reanalyse(file, fixed), []);
  });
});
