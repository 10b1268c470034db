// A seeded pseudo-random generator for the `random` policy: mulberry32 (Tommy Ettinger's 32-bit generator,
// public domain). Eight lines, good enough to shuffle schedules, and the same sequence on every platform —
// which Math.random() is not, so it could never replay a seed.

/** Returns a function giving floats in [0, 1), the same sequence for the same seed. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An index in [0, length), uniformly. */
export function pickIndex(random: () => number, length: number): number {
  return Math.min(length - 1, Math.floor(random() * length));
}
