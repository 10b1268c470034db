// A tiny asynchronous note store that the other examples call into. Nothing wrong here.
import { setTimeout as delay } from 'node:timers/promises';

export interface Note {
  id: string;
  text: string;
  updatedAt: number;
}

const notes = new Map<string, Note>();

/** Simulates a round trip to a database. */
async function roundTrip(): Promise<void> {
  await delay(5);
}

export async function saveNote(note: Note): Promise<void> {
  await roundTrip();
  notes.set(note.id, { ...note, updatedAt: Date.now() });
}

export async function loadNote(id: string): Promise<Note | undefined> {
  await roundTrip();
  return notes.get(id);
}

export async function deleteNote(id: string): Promise<boolean> {
  await roundTrip();
  return notes.delete(id);
}

export function allNotes(): Note[] {
  return [...notes.values()];
}
