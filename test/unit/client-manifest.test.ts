// Keeps package.json's contributions and the client code from drifting apart: the languages it activates on,
// the commands it declares, the snippets it registers (and that they expand to code that parses).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import * as ts from 'typescript';
import { commandIds } from '../../client/src/commands';
import { analysedLanguages } from '../../client/src/documents';

const root = path.resolve(import.meta.dirname, '../..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

interface Snippet {
  prefix: string;
  description: string;
  body: string[];
}

const snippets: Record<string, Snippet> = JSON.parse(fs.readFileSync(path.join(root, 'snippets/typescript.json'), 'utf8'));

const sorted = (values: Iterable<string>) => [...values].sort();

/** The text a snippet inserts when every placeholder keeps its default and the cursor stops are left empty. */
function expandWithDefaults(body: string[]): string {
  let text = body.join('\n');
  // Innermost first, repeated until nested ones are gone. A default holding a brace is left unexpanded (and so
  // fails the parse below) on purpose: in VS Code's snippet syntax an unescaped `}` closes the placeholder.
  const placeholder = /\$\{\d+:([^${}]*)\}/g;
  for (let previous = ''; previous !== text; ) {
    previous = text;
    text = text.replace(placeholder, '$1');
  }
  return text.replace(/\$\d+/g, '');
}

describe('package.json contributions', () => {
  it('activates on exactly the languages the client sends to the server', () => {
    const activationLanguages = manifest.activationEvents
      .filter((event: string) => event.startsWith('onLanguage:'))
      .map((event: string) => event.slice('onLanguage:'.length));
    assert.deepEqual(sorted(activationLanguages), sorted(analysedLanguages));
  });

  it('declares exactly the commands the extension registers, each with a title in the Lockstep category', () => {
    const declared = manifest.contributes.commands;
    assert.deepEqual(sorted(declared.map((command: { command: string }) => command.command)), sorted(Object.values(commandIds)));
    for (const command of declared) {
      assert.equal(command.category, 'Lockstep');
      assert.ok(command.title, `${command.command} has a title`);
    }
  });

  it('registers the snippets for every analysed language, from files that exist', () => {
    const registrations: { language: string; path: string }[] = manifest.contributes.snippets;
    assert.deepEqual(sorted(registrations.map((snippet) => snippet.language)), sorted(analysedLanguages));
    for (const registration of registrations) assert.ok(fs.existsSync(path.join(root, registration.path)), registration.path);
  });

  it('points at an icon that exists', { skip: manifest.icon === undefined && 'no icon declared' }, () => {
    assert.ok(fs.existsSync(path.join(root, manifest.icon)), manifest.icon);
  });
});

describe('snippets', () => {
  it('have an ls- prefix, a description and a body', () => {
    assert.ok(Object.keys(snippets).length > 0);
    for (const [name, snippet] of Object.entries(snippets)) {
      assert.match(snippet.prefix, /^ls-[a-z-]+$/, name);
      assert.ok(snippet.description.length > 0, name);
      assert.ok(snippet.body.length > 0, name);
    }
  });

  it('have unique prefixes', () => {
    const prefixes = Object.values(snippets).map((snippet) => snippet.prefix);
    assert.equal(new Set(prefixes).size, prefixes.length);
  });

  // Registered for JavaScript too, so the bodies must be plain JavaScript (no type annotations).
  for (const [name, snippet] of Object.entries(snippets)) {
    it(`${snippet.prefix} expands to JavaScript that parses`, () => {
      const source = `export {};\n${expandWithDefaults(snippet.body)}`;
      const { diagnostics } = ts.transpileModule(source, {
        fileName: 'snippet.js',
        reportDiagnostics: true,
        compilerOptions: { allowJs: true, module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
      });
      const messages = (diagnostics ?? []).map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
      assert.deepEqual(messages, [], `${name}:\n${source}`);
    });
  }
});
