// The visualizer page: receives a model from the host, runs it in the scheduler with the chosen policy, and
// draws the result at the cursor — lanes, task table, wait-for graph, event log. A run opens at its end (the
// deadlock with its cycle, or where every task finished). "Show this deadlock" searches (explore) for a deadlock
// on the finding's locks, or says plainly that the model does not reach it. Explore runs in a worker
// (explore-thread.ts) while the page shows its progress and a Cancel; fifo and random runs are instant and run
// here. Keyboard: Space play/pause, ←/→ step, Home reset, End last step, +/− zoom the lanes' time axis, Escape
// cancels a search. Each step redraws the page; the lanes and the
// schedule keep their scroll and move it only to show the cursor.
import type { ConcurrencyModel } from '../../../model/schema';
import { counted, replay, simulate, toChromeTrace, validateModel, type PolicyName, type SearchProgress, type SimulateOptions, type SimulationResult, type Timing } from '../../../scheduler/index';
import type { DeadlockTarget, HostMessage, PageMessage } from '../visualizer/messages';
import { button, el } from './dom';
import { renderWaitForGraph } from './graph';
import { LanesView, snapshotAt } from './lanes';
import { schedulerProblem, type Explored, type Reach } from './explore';
import { ExploreThread } from './explore-thread';
import { renderEventLog, renderReach, renderTaskTable, renderVerdict } from './text-views';
import { Player } from './player';
import { extentIn, revealWithin } from './scroll';
import { parseTarget } from './target';

interface VsCodeApi {
  postMessage(message: PageMessage): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const app = document.getElementById('app')!;

interface Settings {
  policy: PolicyName;
  seed: number;
  /** Whether timers keep their due-time order (virtual) or any pending timer or io may complete next. */
  timing: Timing;
  speed: number;
  /** Copies per template, by name: a Map, since the names come from user code. */
  instances: Map<string, number>;
}

const settings: Settings = { policy: 'fifo', seed: 1, timing: 'virtual', speed: 4, instances: new Map() };
let title = '';
let model: ConcurrencyModel | undefined;
let result: SimulationResult | undefined;
let problem: string | undefined;
/** What the host last said it would not do (open a step's source outside the workspace); cleared by the next model. */
let notice: string | undefined;
/** The finding's deadlock to look for, until the user picks a policy; and whether the last run reached it. */
let target: DeadlockTarget | undefined;
let reach: Reach | undefined;
/** The search running in the worker: its progress line (updated in place, not redrawn), and what it has seen. */
let searching: { progress: HTMLElement; structure: string; states: number } | undefined;
/** What became of the last search, when it did not end with a result (cancelled). */
let searchNote: string | undefined;
const explorer = new ExploreThread();
// While playing, the editor follows the steps (each step once: play and pause redraw the same step).
let followed = -1;
const player = new Player(0, () => {
  if (player.playing && player.cursor !== followed) revealStep((followed = player.cursor));
  draw();
});
const lanes = new LanesView(seekAndReveal, () => draw());
/** What the last draw showed: the views follow the cursor only when it moved. */
let drawn: { result: SimulationResult | undefined; cursor: number } = { result: undefined, cursor: -1 };

window.addEventListener('message', (event: MessageEvent<HostMessage>) => receive(event.data));
document.addEventListener('keydown', onKey);
vscode.postMessage({ type: 'ready' });

function receive(message: HostMessage): void {
  if (message?.type === 'notice') {
    notice = String(message.message);
    draw();
  } else if (message?.type === 'model') {
    notice = undefined;
    title = String(message.title);
    const validation = validateModel(message.model);
    const keptStructure = searching?.structure ?? (model && result && structureOf(model));
    model = validation.ok ? validation.model : undefined;
    problem = validation.ok ? undefined : `The model is not valid: ${validation.errors.slice(0, 5).join('; ')}`;
    // Keep the chosen instance counts for templates that still exist.
    settings.instances = new Map([...settings.instances].filter(([name]) => model?.tasks.some((task) => task.name === name)));
    if (!model || keptStructure !== structureOf(model)) run();
    else if (result) player.resize((result = replayedOn(model, result)).trace.length);
    else draw(); // the search running holds for this model too: its result is replayed on it when it comes
  } else if (message?.type === 'showDeadlock') {
    target = parseTarget(message.target);
    if (target) settings.policy = 'explore';
    run();
  } else if (message?.type === 'error') {
    stopSearch();
    title = String(message.title);
    model = undefined;
    result = undefined;
    problem = String(message.message);
    player.load(0);
  }
}

function run(): void {
  stopSearch();
  searchNote = undefined;
  result = undefined;
  reach = undefined;
  if (!model) player.load(0);
  else if (target || settings.policy === 'explore') startSearch(model);
  else showHere(model, settings.policy);
}

/** A fifo or random run: one schedule, at once, shown from its end. */
function showHere(shown: ConcurrencyModel, policy: Exclude<PolicyName, 'explore'>): void {
  try {
    result = simulate(shown, { policy, seed: settings.seed, timing: settings.timing, instances: Object.fromEntries(settings.instances) });
    problem = undefined;
  } catch (error) {
    problem = schedulerProblem(error);
  }
  player.load(result?.trace.length ?? 0);
}

function startSearch(searched: ConcurrencyModel): void {
  problem = undefined;
  const progress = el('span', { className: 'progress', text: 'Exploring…' });
  const search = { progress, structure: structureOf(searched), states: 0 };
  searching = search;
  explorer.start({ model: searched, instances: Object.fromEntries(settings.instances), timing: settings.timing, ...(target ? { target } : {}) }, {
    progress: (report) => {
      search.states = report.states;
      progress.textContent = exploringText(report);
    },
    done: (explored) => {
      searching = undefined;
      showExplored(searched, explored);
    },
    failed: (why) => {
      searching = undefined;
      problem = why;
      draw();
    },
  });
  player.load(0);
}

const exploringText = (report: SearchProgress) => `Exploring… ${counted(report.states, 'state')}, ${counted(report.schedules, 'schedule')} so far`;

/** A search's result, on the model it searched — or replayed on the model that came since with the same structure. */
function showExplored(searched: ConcurrencyModel, explored: Explored): void {
  reach = explored.reach;
  result = model && model !== searched ? replayedOn(model, explored.result) : explored.result;
  player.load(result.trace.length);
}

function stopSearch(): void {
  explorer.cancel();
  searching = undefined;
}

/** Cancel (or Escape): the search ends, the page says so and shows the fifo run — explore's first schedule. */
function cancelSearch(): void {
  if (!searching || !model) return;
  searchNote = `The search was cancelled after ${counted(searching.states, 'state')}. Below: the fifo run, the first schedule explore tries.`;
  stopSearch();
  target = undefined;
  showHere(model, 'fifo');
}

/**
 * The model without its source places. An edit that only moves code (typing elsewhere in the file, a comment)
 * keeps it, so the run on screen stays right and needs no new search — explore can take seconds.
 */
function structureOf(model: ConcurrencyModel): string {
  return JSON.stringify(model, (key, value: unknown) => (key === 'range' || key === 'uri' ? undefined : value));
}

/** The same run on a model of the same structure: its schedule replayed for the new places. */
function replayedOn(model: ConcurrencyModel, shown: SimulationResult): SimulationResult {
  const options: SimulateOptions = { policy: shown.policy, timing: shown.timing ?? 'virtual', instances: Object.fromEntries(settings.instances), ...(shown.seed === undefined ? {} : { seed: shown.seed }) };
  const replayed = replay(model, shown.schedule, options);
  return shown.exploration ? { ...replayed, exploration: shown.exploration } : replayed;
}

function seekAndReveal(cursor: number): void {
  player.pause();
  player.seek(cursor);
  revealStep(cursor);
}

/** Shows a step's source in the editor (the host keeps the focus on the panel). */
function revealStep(cursor: number): void {
  const range = result?.trace[cursor - 1]?.range;
  if (range) vscode.postMessage({ type: 'reveal', range });
}

function onKey(event: KeyboardEvent): void {
  const target = event.target as HTMLElement | null;
  if (target && (target.tagName === 'INPUT' || target.tagName === 'SELECT')) return;
  const actions: Record<string, () => void> = {
    ' ': togglePlay,
    ArrowRight: () => player.step(1),
    ArrowLeft: () => player.step(-1),
    Home: () => player.seek(0),
    End: () => player.seek(Number.MAX_SAFE_INTEGER),
    '+': () => lanes.zoom(1.5),
    '=': () => lanes.zoom(1.5),
    '-': () => lanes.zoom(1 / 1.5),
    Escape: cancelSearch,
  };
  const action = actions[event.key];
  if (!action || (event.key === ' ' && target?.tagName === 'BUTTON')) return;
  event.preventDefault();
  action();
}

function togglePlay(): void {
  if (player.playing) player.pause();
  else player.play(settings.speed);
}

// ---- drawing ---------------------------------------------------------------------------------------------------

function draw(): void {
  const focused = document.activeElement?.id;
  const logTop = app.querySelector('.log')?.scrollTop ?? 0;
  const moved = result !== drawn.result || player.cursor !== drawn.cursor;
  drawn = { result, cursor: player.cursor };
  // Built before the old page goes: the lanes read their scroll from it.
  const shown = result ? resultView(result, player.cursor) : [];
  app.replaceChildren(el('h1', { text: title || 'Lockstep Visualizer' }), controls());
  if (problem) app.append(el('p', { className: 'problem', text: problem, attrs: { role: 'alert' } }));
  if (notice) app.append(el('p', { className: 'problem', text: notice, attrs: { role: 'status' } }));
  if (searching) app.append(el('div', { className: 'searching', attrs: { role: 'status' } }, [searching.progress, button('cancel-search', 'Cancel', 'Cancel the search (Escape)', cancelSearch)]));
  if (searchNote) app.append(el('p', { className: 'search-note', text: searchNote, attrs: { role: 'status' } }));
  if (reach && result) app.append(renderReach(reach));
  app.append(...shown);
  lanes.attached(moved);
  keepLogScroll(logTop, moved);
  // Redrawing replaces the controls: keep the keyboard focus where it was (without scrolling the page to it).
  if (focused) document.getElementById(focused)?.focus({ preventScroll: true });
}

function keepLogScroll(top: number, moved: boolean): void {
  const log = app.querySelector<HTMLElement>('.log');
  if (!log) return;
  log.scrollTop = top;
  const current = log.querySelector('li.current');
  if (moved && current) {
    const { start, end } = extentIn(log, current);
    revealWithin(log, 'y', start, end, 0);
  }
}

function resultView(result: SimulationResult, cursor: number): HTMLElement[] {
  const tasks = snapshotAt(result, cursor);
  const event = result.trace[cursor - 1];
  const now = event ? `Step ${cursor} of ${result.trace.length} · t=${event.time} ms` : `Start · ${result.trace.length} steps`;
  return [
    renderVerdict(result, model?.approximations?.length ?? 0),
    el('p', { className: 'position', text: now }),
    lanes.render(result, cursor),
    legend(),
    el('div', { className: 'columns' }, [
      el('section', { attrs: { 'aria-label': 'Tasks' } }, [renderTaskTable(result, tasks)]),
      el('section', { className: 'graph-box', attrs: { 'aria-label': 'Wait-for graph' } }, [el('h2', { text: 'Wait-for graph' }), renderWaitForGraph(result, tasks, cursor === result.trace.length)]),
    ]),
    el('section', { className: 'log-box' }, [el('h2', { text: 'Schedule' }), renderEventLog(result, cursor, seekAndReveal)]),
  ];
}

function legend(): HTMLElement {
  return el('p', { className: 'legend' }, (['running', 'ready', 'waiting', 'blocked', 'done'] as const).map((state) => el('span', { className: `badge state-${state}`, text: state })));
}

function controls(): HTMLElement {
  const noTrace = !result;
  const playback = el('div', { className: 'group', attrs: { role: 'group', 'aria-label': 'Playback' } }, [
    button('reset', 'Reset', 'Reset (Home)', () => player.seek(0)),
    button('back', '◀ Back', 'Step back (←)', () => player.step(-1)),
    button('play', player.playing ? 'Pause' : 'Play', player.playing ? 'Pause (Space)' : 'Play (Space)', togglePlay, player.playing),
    button('step', 'Step ▶', 'Step (→)', () => player.step(1)),
    button('end', 'End', 'Last step (End)', () => player.seek(Number.MAX_SAFE_INTEGER)),
  ]);
  for (const control of playback.querySelectorAll('button')) control.disabled = noTrace;
  const exportTrace = button('export', 'Export trace', 'Save this run as Chrome trace-event JSON (opens in Perfetto or chrome://tracing)', () => {
    if (result) vscode.postMessage({ type: 'exportTrace', trace: JSON.stringify(toChromeTrace(result, { title })) });
  });
  exportTrace.disabled = noTrace;
  return el('div', { className: 'controls', attrs: { role: 'toolbar', 'aria-label': 'Visualizer controls' } }, [playback, speedControl(), policyControl(), instanceControls(), exportTrace]);
}

function labelled(id: string, text: string, input: HTMLElement): HTMLElement {
  return el('span', { className: 'field' }, [el('label', { text, attrs: { for: id } }), input]);
}

function speedControl(): HTMLElement {
  const input = el('input', { attrs: { id: 'speed', type: 'range', min: '1', max: '20', value: String(settings.speed), 'aria-valuetext': `${settings.speed} steps per second` } });
  input.addEventListener('change', () => {
    settings.speed = Number(input.value);
    if (player.playing) player.play(settings.speed);
    else draw();
  });
  return labelled('speed', `Speed ${settings.speed}/s`, input);
}

function policyControl(): HTMLElement {
  const select = el('select', { attrs: { id: 'policy' } }, (['fifo', 'random', 'explore'] as const).map((policy) => el('option', { text: policy, attrs: { value: policy } })));
  select.value = settings.policy;
  select.addEventListener('change', () => {
    settings.policy = select.value as PolicyName;
    target = undefined;
    run();
  });
  const seed = el('input', { attrs: { id: 'seed', type: 'number', min: '0', step: '1', value: String(settings.seed) } });
  seed.disabled = settings.policy !== 'random';
  seed.addEventListener('change', () => {
    settings.seed = Math.max(0, Math.floor(Number(seed.value) || 0));
    run();
  });
  return el('span', { className: 'group' }, [labelled('policy', 'Policy', select), labelled('seed', 'Seed', seed), timingControl()]);
}

/** virtual: timers in due-time order; any: nothing assumed of time (explore's proof then holds for every timing). */
function timingControl(): HTMLElement {
  const options = [el('option', { text: 'virtual clock', attrs: { value: 'virtual' } }), el('option', { text: 'any order', attrs: { value: 'any' } })];
  const select = el('select', { attrs: { id: 'timing', title: 'any order: any pending timer or io may complete next, as when the loop runs late' } }, options);
  select.value = settings.timing;
  select.addEventListener('change', () => {
    settings.timing = select.value as Timing;
    run();
  });
  return labelled('timing', 'Timers', select);
}

function instanceControls(): HTMLElement {
  const fields = (model?.tasks ?? []).map((template, i) => {
    const id = `instances-${i}`;
    const input = el('input', { attrs: { id, type: 'number', min: '0', max: '20', step: '1', value: String(settings.instances.get(template.name) ?? template.instances ?? 1) } });
    input.addEventListener('change', () => {
      settings.instances.set(template.name, Math.max(0, Math.min(20, Math.floor(Number(input.value) || 0))));
      run();
    });
    return labelled(id, `${template.name} ×`, input);
  });
  return el('span', { className: 'group instances', attrs: { role: 'group', 'aria-label': 'Instances per task' } }, fields);
}
