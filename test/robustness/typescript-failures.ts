// Telling TypeScript's own failures from ours in a rule's error.
import * as path from 'node:path';

/** TypeScript's checker recursing past the stack: every frame the error kept is inside TypeScript. */
export function isTypeScriptStackOverflow(error: string): boolean {
  const frames = error.split('\n').filter((line) => line.trimStart().startsWith('at '));
  return error.startsWith('RangeError: Maximum call stack size exceeded') && frames.length > 0 &&
    frames.every((frame) => frame.includes(`${path.sep}node_modules${path.sep}typescript${path.sep}`));
}
