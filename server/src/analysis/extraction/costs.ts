// The numbers the extractor has to choose, in one place (docs/visualizer.md explains them).

/**
 * Virtual milliseconds one blocking call holds the event loop (`readFileSync`, `Atomics.wait`, a busy-wait loop,
 * a sync helper that reaches one). The real cost is unknowable statically; 50 ms is long enough to show in the
 * lanes and to reorder timers of a few ms, which is what makes blocking visible.
 */
export const BLOCKING_COST_MS = 50;

/** How deep awaited calls are inlined into `call` steps; deeper calls are kept as an empty call with a note. */
export const MAX_INLINE_DEPTH = 8;


/** How many turns of a loop that starts tasks (or elements of a `.map` that does) are modelled, each an instance. */
export const MAX_UNROLL = 8;
