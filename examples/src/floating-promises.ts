// Unawaited coroutines: promises and generators created and dropped. Nothing waits for them, so the caller
// goes on before the work is done, and a rejection becomes an unhandled rejection (which ends a Node process).
import { allNotes, deleteNote, loadNote, saveNote, type Note } from './store';

export async function renameNote(id: string, text: string): Promise<void> {
  const note = await loadNote(id);
  if (!note) return;
  saveNote({ ...note, text }); // floating: the caller thinks the rename is saved
}

export function showNote(id: string, render: (note: Note | undefined) => void): void {
  loadNote(id).then(render); // floating: .then without a rejection handler still drops failures
}

export function purge(ids: string[]): void {
  ids.map(async (id) => {
    await deleteNote(id);
  }); // floating: an array of promises, none of them awaited
}

export function startAutosave(note: Note): void {
  (async () => {
    await saveNote(note);
  })(); // floating: an async IIFE whose failure nobody hears
}

/** Compacts the notes one at a time, yielding after each so a caller can interleave other work. */
function* compactNotes(notes: Note[]): Generator<Note> {
  for (const note of notes) {
    note.text = note.text.trim();
    yield note;
  }
}

/** Streams every note as a line of JSON. */
async function* exportNotes(): AsyncGenerator<string> {
  for (const note of allNotes()) {
    yield `${JSON.stringify(note)}\n`;
  }
}

export function nightlyMaintenance(): void {
  compactNotes(allNotes()); // floating: a generator object dropped — its body never runs
  exportNotes(); // floating: an async generator dropped — nothing is exported
}
