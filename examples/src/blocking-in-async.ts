// Blocking calls inside async functions: while readFileSync runs, the whole event loop stops — every other
// request, timer and lock holder waits. (Found by the blocking-in-async rule.)
import { readFileSync } from 'node:fs';
import { loadNote } from './store';

export interface Response {
  status: number;
  body: string;
}

export async function handleNotePage(id: string): Promise<Response> {
  const note = await loadNote(id);
  if (!note) return { status: 404, body: 'not found' };
  const template = readFileSync('templates/note.html', 'utf8'); // blocks the loop on every request
  return { status: 200, body: template.replace('{{text}}', note.text) };
}

/** A sync helper: harmless on its own, blocking when an async handler calls it. */
function readSettings(): Record<string, unknown> {
  return JSON.parse(readFileSync('settings.json', 'utf8')) as Record<string, unknown>;
}

export async function handleSettingsPage(): Promise<Response> {
  const settings = readSettings(); // blocks through the helper: handleSettingsPage -> readSettings -> readFileSync
  return { status: 200, body: JSON.stringify(settings) };
}
