// Correct code: each function here handles its promises, callbacks and locks properly, and Lockstep must stay
// silent on all of it.
import { readFile } from 'node:fs/promises';
import { Mutex } from 'async-mutex';
import { loadNote, saveNote, type Note } from './store';

export async function renameNote(id: string, text: string): Promise<void> {
  const note = await loadNote(id);
  if (note) await saveNote({ ...note, text }); // awaited
}

export function saveLater(note: Note): Promise<void> {
  return saveNote(note); // returned: the caller decides
}

export function fireAndForget(note: Note): void {
  void saveNote(note); // deliberately not awaited, and says so
}

export function saveReportingFailures(note: Note): void {
  saveNote(note).catch((error: unknown) => console.error('save failed', error)); // rejection handled
  saveNote(note).then(
    () => console.log('saved'),
    (error: unknown) => console.error('save failed', error),
  ); // then(ok, err) handles it too
}

export async function saveAllAtOnce(notes: Note[]): Promise<void> {
  await Promise.all(notes.map((note) => saveNote(note))); // the array is awaited
}

export async function saveWhileRendering(note: Note, render: () => void): Promise<void> {
  const saving = saveNote(note); // stored…
  render();
  await saving; // …then awaited
}

export function logTitles(notes: Note[]): void {
  notes.forEach((note) => console.log(note.text.split('\n')[0])); // a sync callback
}

const drafts = new Map<string, Note>();

/** Despite the name, this returns a boolean, not a promise. */
export function saveAsync(note: Note): boolean {
  drafts.set(note.id, note);
  return true;
}

export function keepDraft(note: Note): void {
  saveAsync(note); // not a promise: nothing floats
}

export async function saveAllInOrder(notes: Note[]): Promise<void> {
  for (const note of notes) await saveNote(note); // a for-of loop waits, forEach would not
}

export async function loadTemplate(): Promise<string> {
  return readFile('templates/note.html', 'utf8'); // the non-blocking read
}

const first = new Mutex();
const second = new Mutex();

// Both functions take the locks in the same order, so they cannot deadlock.
export async function moveDraft(): Promise<void> {
  await first.acquire();
  try {
    await second.acquire();
    try {
      drafts.clear();
    } finally {
      second.release();
    }
  } finally {
    first.release();
  }
}

export async function countDrafts(): Promise<number> {
  await first.acquire();
  try {
    await second.acquire();
    try {
      return drafts.size;
    } finally {
      second.release();
    }
  } finally {
    first.release();
  }
}
