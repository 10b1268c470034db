// Async functions handed to callers that ignore what they return: forEach does not wait for them, and an
// EventEmitter drops their promises, so a failed save is an unhandled rejection nobody can catch.
import { EventEmitter } from 'node:events';
import { saveNote, type Note } from './store';

export const noteEvents = new EventEmitter();

noteEvents.on('edited', async (note: Note) => {
  await saveNote(note); // misused: the emitter ignores this promise
});

export function saveAll(notes: Note[]): void {
  notes.forEach(async (note) => {
    await saveNote(note); // misused: forEach returns before any save finishes
  });
}

export function scheduleSave(note: Note, afterMs: number): void {
  setTimeout(async () => {
    await saveNote(note); // misused: timers ignore the callback's promise
  }, afterMs);
}
