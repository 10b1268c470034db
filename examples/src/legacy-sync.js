// Plain JavaScript is analysed too: the types come from inference and from the TypeScript it imports.
import { saveNote } from './store';

export function syncAll(notes) {
  for (const note of notes) {
    saveNote(note); // floating: the loop finishes long before the saves do
  }
}

export async function syncAllInOrder(notes) {
  for (const note of notes) {
    await saveNote(note); // fine: awaited
  }
}
