// The numbers the extractor has to choose, in one place (docs/visualizer.md explains them).

/**
 * Virtual milliseconds one blocking call holds the event loop (`readFileSync`, `Atomics.wait`, a busy-wait loop,
 * a sync helper that reaches one). The real cost is unknowable statically; 50 ms is long enough to show in the
 * lanes and to reorder timers of a few ms, which is what makes blocking visible.
 */
export const BLOCKING_COST_MS = 50;

/** How deep awaited calls are inlined into `call` steps; deeper calls are kept as an empty call with a note. */
export const MAX_INLINE_DEPTH = 8;


/** How many turns of a loop whose turns are known and whose body has model steps (or elements of a `.map` that starts tasks) are modelled. */
export const MAX_UNROLL = 8;

/**
 * How many turns a loop whose turns are not known before run time (`while (cond)`, for-of over what the model
 * cannot list) runs when its body has steps the scheduler acts on: each turn, where the condition is not known, a
 * choice to go on or stop. Three turns show a lock held across turns and a task waiting on its own previous turn,
 * while keeping the model small; the model lists the cut.
 */
export const LOOP_TURNS = 3;
