// The "Show this deadlock" link in a hover carries the finding's locks in its query: a lock named with markdown
// (a `)` ends a link's destination) must leave one whole link whose arguments decode back unchanged.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { commandLink } from '../../server/src/lsp/convert';
import { renderMarkdown } from './markdown-render';

test('a command link survives lock names with parentheses, brackets and images', () => {
  const locks = [{ label: "Web Lock 'a) ![i](http://x/a.png) [y](http://y) <img src=x>'" }];
  const html = renderMarkdown(commandLink({ title: 'Show this deadlock', command: 'lockstep.showDeadlock', arguments: [{ locks }] }, 'tip'));
  const links = [...html.matchAll(/<a href="([^"]*)"/g)].map((match) => match[1]!);
  assert.equal(links.length, 1, html);
  assert.doesNotMatch(html, /<img/, html);
  const query = decodeURIComponent(links[0]!.replace(/^command:lockstep\.showDeadlock\?/, ''));
  assert.deepEqual(JSON.parse(query), [{ locks }]);
});
