// A model file's step locations open only the panel's own document and the workspace's files (client/src/visualizer/reveal.ts).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { revealRefusal } from '../../client/src/visualizer/reveal';

const own = 'file:///work/app/bank.model.json';
const folders = ['file:///work/app', 'file:///work/lib/'];

test('opens the panel\'s document and files inside a workspace folder', () => {
  for (const target of [own, 'file:///work/app/src/bank.ts', 'file:///work/lib/locks.ts']) assert.equal(revealRefusal(target, own, folders), undefined, target);
});

test('refuses, with the reason, files outside every folder — a sibling whose name starts like a folder included', () => {
  for (const target of ['file:///etc/passwd', 'file:///work/application/secret.ts', 'file:///work/app', 'https://example.com/x.ts']) {
    assert.match(revealRefusal(target, own, folders) ?? '', /^Not opening .*: it is outside the workspace/, target);
  }
  assert.match(revealRefusal('file:///work/app/src/bank.ts', own, []) ?? '', /outside the workspace/, 'no folder open: only the document itself');
});
