// An explore run as the page asks for it — the model's search, or "Show this deadlock"'s search for a finding's
// deadlock — and the messages that carry it to the page's explore worker and back. Pure (the scheduler only, no
// DOM): the worker runs it, the page only posts the request. Everything in the messages is structured-cloned, so
// only plain data crosses: the deadlock test (`accept`, a function) is built here, from the target.
import type { ConcurrencyModel } from '../../../model/schema';
import { SchedulerError, simulate, type Exploration, type SearchProgress, type SimulateOptions, type SimulationResult, type Timing } from '../../../scheduler/index';
import type { DeadlockTarget } from '../visualizer/messages';
import { deadlockOn, modelLimits } from './target';

/** How a search for a finding's deadlock went: found, or why not, with the model's approximations. */
export interface Reach {
  reached: boolean;
  /** The finding's locks, as it names them. */
  locks: string[];
  limits: string[];
  why?: { kind: 'missing'; locks: string[] } | { kind: 'searched'; exploration: Exploration };
}

export interface ExploreRequest {
  /** Validated by the page. */
  model: ConcurrencyModel;
  instances: Record<string, number>;
  timing: Timing;
  /** "Show this deadlock": the finding whose deadlock to look for. */
  target?: DeadlockTarget;
}

export interface Explored {
  result: SimulationResult;
  reach?: Reach;
}

export type ExploreReply =
  | { type: 'progress'; progress: SearchProgress }
  | ({ type: 'done' } & Explored)
  | { type: 'failed'; problem: string };

export function explore({ model, instances, timing, target }: ExploreRequest, onProgress?: (progress: SearchProgress) => void): Explored {
  const options = { policy: 'explore' as const, instances, timing, onProgress };
  return target ? exploreTowards(model, target, options) : { result: simulate(model, options) };
}

/** The search for the finding's deadlock; when it fails, the model's own explore run, beside the reason. */
function exploreTowards(model: ConcurrencyModel, wanted: DeadlockTarget, options: SimulateOptions): Explored {
  const locks = wanted.locks.map((lock) => lock.label);
  const limits = modelLimits(model);
  const on = deadlockOn(model, wanted);
  if ('missing' in on) return { result: simulate(model, options), reach: { reached: false, locks, limits, why: { kind: 'missing', locks: on.missing } } };
  const found = simulate(model, { ...options, accept: on.accept });
  if (found.deadlock && on.accept(found.deadlock)) return { result: found, reach: { reached: true, locks, limits } };
  return { result: simulate(model, options), reach: { reached: false, locks, limits, why: { kind: 'searched', exploration: found.exploration! } } };
}

/** What the page says when the scheduler refuses a model (its own words) or fails. */
export function schedulerProblem(error: unknown): string {
  return error instanceof SchedulerError ? error.message : `The scheduler failed: ${String(error)}`;
}
