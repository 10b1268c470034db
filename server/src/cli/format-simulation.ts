// Output of `lockstep simulate`: the schedule as it ran (one line per event, with its source location), each
// task's final state, and the verdict — for a deadlock, its wait-for cycle by lock names. Text for people, JSON
// for scripts; both read the same SimulationReport.
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { counted, describeAction, describeChoice, describeCycle, describeWait, eventName, lockName, toChromeTrace, type SimulationResult, type TaskSnapshot } from '../../../scheduler/index';
import type { ConcurrencyModel, SourceRange } from '../../../model/schema';
import { displayPath } from './report';

export interface SimulationReport {
  /** The model file (or source file) simulated. */
  file: string;
  cwd: string;
  model: ConcurrencyModel;
  result: SimulationResult;
}

/** `file:line:col` (1-based) of a range. Hand-written model files may give URIs relative to their own folder. */
function location(range: SourceRange | undefined, report: SimulationReport): string | undefined {
  if (range === undefined) return undefined;
  const file = /^[a-z][a-z0-9+.-]+:/i.test(range.uri)
    ? range.uri.startsWith('file:')
      ? fileURLToPath(range.uri)
      : undefined
    : path.resolve(path.dirname(report.file), range.uri);
  const place = file === undefined ? range.uri : displayPath(file, report.cwd);
  return `${place}:${range.start.line + 1}:${range.start.character + 1}`;
}

function finalStates(result: SimulationResult): TaskSnapshot[] {
  return result.trace.at(-1)?.tasks ?? result.initial;
}


// ---- text ------------------------------------------------------------------------------------------------------

export function formatSimulationText(report: SimulationReport): string {
  const { result } = report;
  const lines: string[] = [`${displayPath(report.file, report.cwd)}: policy ${result.policy}${result.seed === undefined ? '' : ` (seed ${result.seed})`}`, '', 'Schedule:'];
  const width = Math.max(...result.tasks.map((task) => task.name.length));
  result.trace.forEach((event, i) => {
    const where = location(event.range, report);
    const what = `${result.tasks[event.task]!.name.padEnd(width)}  ${describeAction(event.action, result)}`;
    lines.push(`  ${String(i + 1).padStart(4)}  t=${String(event.time).padEnd(5)} ${what}${where ? `  (${where})` : ''}`);
  });
  lines.push('', 'Final states:');
  finalStates(result).forEach((task, i) => {
    const holds = task.holds.length > 0 ? `  holds ${task.holds.map((id) => lockName(result, id)).join(', ')}` : '';
    const waits = task.wait ? `  waits for ${describeWait(task.wait, result)}` : '';
    lines.push(`  ${result.tasks[i]!.name.padEnd(width)}  ${task.status}${holds}${waits}`);
  });
  const approximations = report.model.approximations ?? [];
  if (approximations.length > 0) {
    lines.push('', 'Approximations (the model is not exact here):');
    for (const approximation of approximations) {
      const where = location(approximation.range, report);
      lines.push(`  ${approximation.message}${where ? `  (${where})` : ''}`);
    }
  }
  lines.push('', ...verdict(result, approximations.length));
  return `${lines.join('\n')}\n`;
}

function verdict(result: SimulationResult, approximations: number): string[] {
  const lines: string[] = [];
  if (result.deadlock) {
    const { deadlock } = result;
    lines.push(`DEADLOCK at t=${deadlock.time} ms: ${deadlock.description}`);
    if (deadlock.cycle.length > 0) lines.push(`Cycle: ${describeCycle(deadlock.cycle, result)}`);
    lines.push(`Replay: ${result.schedule.map((choice) => describeChoice(choice, result)).join(', ')}`);
  } else if (result.outcome === 'bounded') {
    lines.push('Stopped: the run reached its step bound without finishing.');
  } else {
    lines.push('No deadlock: every task finished.');
  }
  if (result.exploration) {
    const { states, schedules, transitions, exhaustive } = result.exploration;
    const ofModel = approximations === 0 ? '' : ` of a model with ${counted(approximations, 'approximation')}, listed above`;
    const timing = result.timing === 'any' ? ', any timing' : '';
    const scope = exhaustive ? `every reachable state${ofModel}${timing}` : result.deadlock ? 'until the first deadlock' : 'stopped by the state bound: not exhaustive';
    lines.push(`Explored ${counted(states, 'state')}, ${counted(transitions, 'transition')}, ${counted(schedules, 'schedule')} (${scope}).`);
  }
  return lines;
}

// ---- json ------------------------------------------------------------------------------------------------------

/** The contract of `--format json`: fields may be added; none is renamed or removed without raising formatVersion. */
export interface SimulationJson {
  formatVersion: 1;
  file: string;
  policy: SimulationResult['policy'];
  seed?: number;
  /** `any`: the run assumed nothing of time (`--timing any`). */
  timing?: 'any';
  outcome: SimulationResult['outcome'];
  /** What happened, in order: time (virtual ms), task name, what it did, where (file:line:col, 1-based). */
  events: { time: number; task: string; description: string; action: SimulationResult['trace'][number]['action']; location?: string }[];
  final: { task: string; status: string; holds: string[]; waitsFor?: string }[];
  /** `event`: the edge waits for an event; `potential`: the holder does not hold it but may still set or release it. */
  deadlock?: { time: number; description: string; stuck: string[]; cycle: { task: string; lock?: string; event?: string; holder: string; potential?: true }[] };
  /** The choices that replay this run (indexes into the task list). */
  schedule: SimulationResult['schedule'];
  tasks: string[];
  exploration?: SimulationResult['exploration'];
  /** What the extracted model approximates (absent: nothing), with where (file:line:col, 1-based). */
  approximations?: { message: string; location?: string }[];
}

export function formatSimulationJson(report: SimulationReport): string {
  const { result } = report;
  const name = (task: number) => result.tasks[task]!.name;
  const json: SimulationJson = {
    formatVersion: 1,
    file: displayPath(report.file, report.cwd),
    policy: result.policy,
    ...(result.seed === undefined ? {} : { seed: result.seed }),
    ...(result.timing === undefined ? {} : { timing: result.timing }),
    outcome: result.outcome,
    events: result.trace.map((event) => {
      const where = location(event.range, report);
      return { time: event.time, task: name(event.task), description: describeAction(event.action, result), action: event.action, ...(where ? { location: where } : {}) };
    }),
    final: finalStates(result).map((task, i) => ({
      task: name(i),
      status: task.status,
      holds: task.holds.map((id) => lockName(result, id)),
      ...(task.wait ? { waitsFor: describeWait(task.wait, result) } : {}),
    })),
    schedule: result.schedule,
    tasks: result.tasks.map((task) => task.name),
    ...(result.exploration ? { exploration: result.exploration } : {}),
  };
  const approximations = report.model.approximations ?? [];
  if (approximations.length > 0) {
    json.approximations = approximations.map((approximation) => {
      const where = location(approximation.range, report);
      return { message: approximation.message, ...(where ? { location: where } : {}) };
    });
  }
  if (result.deadlock) {
    json.deadlock = {
      time: result.deadlock.time,
      description: result.deadlock.description,
      stuck: result.deadlock.stuck.map(name),
      cycle: result.deadlock.cycle.map((edge) => ({
        task: name(edge.task),
        ...(edge.lock === undefined ? {} : { lock: lockName(result, edge.lock) }),
        ...(edge.event === undefined ? {} : { event: eventName(result, edge.event) }),
        holder: name(edge.holder),
        ...(edge.potential ? { potential: true as const } : {}),
      })),
    };
  }
  return `${JSON.stringify(json, null, 2)}\n`;
}

// ---- chrome-trace ----------------------------------------------------------------------------------------------

/** The run as Chrome trace-event JSON (scheduler/chrome-trace.ts): open it in Perfetto or chrome://tracing. */
export function formatSimulationChromeTrace(report: SimulationReport): string {
  const trace = toChromeTrace(report.result, { title: displayPath(report.file, report.cwd), sourceOf: (range) => location(range, report) });
  return `${JSON.stringify(trace)}\n`;
}
