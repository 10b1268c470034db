// The wait-for graph at the cursor: tasks (circles), locks (boxes) and events (diamonds) on a ring; an arrow from
// a lock to each task holding it, a dashed arrow from a task to the lock or event it waits for. On a deadlock the
// cycle's arrows are drawn in the error colour — with a dotted arrow from an event, or a counting semaphore, to
// the task that may still set or release it — and the cycle's nodes come first on the ring so it reads as a loop.
// The ring grows with its nodes and their labels; past MAX_RING nodes it holds the cycle alone, and the other
// tasks are listed below it in words, folded.
import type { SimulationResult, TaskSnapshot, WaitForEdge } from '../../../scheduler/index';
import { el, svg, svgTitle } from './dom';

type Node = { kind: 'task'; task: number } | { kind: 'lock'; lock: string } | { kind: 'event'; event: string };
const nodeKey = (node: Node) => (node.kind === 'task' ? `t${node.task}` : node.kind === 'lock' ? `l${node.lock}` : `e${node.event}`);

/** What a task waits for, when it is a node of the graph: a lock or an event. */
function waitedNode(task: TaskSnapshot): Node | undefined {
  if (task.wait?.kind === 'lock') return { kind: 'lock', lock: task.wait.lock };
  if (task.wait?.kind === 'event') return { kind: 'event', event: task.wait.event };
  return undefined;
}

/** The lock or event a wait-for edge is about; none for a join. */
function edgeNode(edge: WaitForEdge): Node | undefined {
  if (edge.event !== undefined) return { kind: 'event', event: edge.event };
  return edge.lock === undefined ? undefined : { kind: 'lock', lock: edge.lock };
}

/** The smallest ring; neighbours on it are at least a shape apart, and farther when their labels are wider. */
const MIN_RADIUS = 115;
const MIN_SPACING = 64;
const CHARACTER_WIDTH = 7;
const LABEL_CHARACTERS = 16;
const MARGIN = 60;
/** Beyond this many nodes the ring shows the deadlock's cycle alone and lists the rest below it. */
const MAX_RING = 16;

type Point = { x: number; y: number };

export function renderWaitForGraph(result: SimulationResult, tasks: TaskSnapshot[], showCycle: boolean): HTMLElement {
  const { nodes, cycleLength } = orderNodes(result, tasks, showCycle);
  const cycle = nodes.slice(0, cycleLength);
  const onRing = nodes.length > MAX_RING && cycle.length > 0 ? cycle : nodes;
  const folded = nodes.slice(onRing.length);
  return el('div', { className: 'graph-view' }, [drawRing(result, tasks, onRing, showCycle), ...(folded.length > 0 ? [foldedList(result, tasks, folded)] : [])]);
}

function drawRing(result: SimulationResult, tasks: TaskSnapshot[], nodes: Node[], showCycle: boolean): SVGSVGElement {
  const widest = Math.max(0, ...nodes.map((node) => shortName(nodeName(result, node)).length));
  const spacing = Math.max(MIN_SPACING, widest * CHARACTER_WIDTH + 12);
  const radius = Math.max(MIN_RADIUS, (nodes.length * spacing) / (2 * Math.PI));
  const size = Math.round(2 * (radius + MARGIN));
  if (nodes.length === 0) {
    // A line of text, not an empty ring's worth of space.
    const empty = svg('svg', { class: 'graph', width: size, height: 32, viewBox: `0 0 ${size} 32`, role: 'img', 'aria-label': 'Wait-for graph' });
    empty.append(svg('text', { class: 'graph-empty', x: 0, y: 20 }, ['No task holds or waits for a lock or an event']));
    return empty;
  }
  const root = svg('svg', { class: 'graph', width: size, height: size, viewBox: `0 0 ${size} ${size}`, role: 'img', 'aria-label': 'Wait-for graph' });
  root.append(arrowheads());
  const cycleEdges = new Set(showCycle ? cycleEdgeKeys(result) : []);
  const position = new Map(nodes.map((node, i) => [nodeKey(node), ringPosition(i, nodes.length, radius, size / 2)]));
  const edges = svg('g', { class: 'edges' });
  const draw = (from: Node, to: Node, kind: 'holds' | 'waits' | 'may', inCycle: boolean) => {
    if (position.has(nodeKey(from)) && position.has(nodeKey(to))) edges.append(arrow(position, from, to, kind, inCycle));
  };
  tasks.forEach((task, id) => {
    for (const lock of task.holds) draw({ kind: 'lock', lock }, { kind: 'task', task: id }, 'holds', cycleEdges.has(`l${lock}>t${id}`));
    const waited = waitedNode(task);
    if (waited) draw({ kind: 'task', task: id }, waited, 'waits', cycleEdges.has(`t${id}>${nodeKey(waited)}`));
  });
  // Nobody holds an event or a counting semaphore's permits: the cycle names who may still set or release them.
  if (showCycle) {
    for (const edge of result.deadlock?.cycle ?? []) {
      const waited = edgeNode(edge);
      if (edge.potential && waited) draw(waited, { kind: 'task', task: edge.holder }, 'may', true);
    }
  }
  root.append(edges, ...nodes.map((node) => drawNode(result, node, position.get(nodeKey(node))!, tasks)));
  return root;
}

/** The tasks, locks and events not in the cycle, in words, folded: "worker#7 holds pool, waits for queue". */
function foldedList(result: SimulationResult, tasks: TaskSnapshot[], nodes: Node[]): HTMLDetailsElement {
  const folded = nodes.filter((node): node is Extract<Node, { kind: 'task' }> => node.kind === 'task');
  const lines = folded.map(({ task }) => {
    const snapshot = tasks[task]!;
    const holds = snapshot.holds.length === 0 ? '' : ` holds ${snapshot.holds.map((lock) => nodeName(result, { kind: 'lock', lock })).join(', ')}`;
    const waited = waitedNode(snapshot);
    const waits = waited ? `${holds === '' ? '' : ','} waits for ${nodeName(result, waited)}` : '';
    return el('li', { text: `${result.tasks[task]!.name}${holds}${waits}` });
  });
  const others = nodes.length - folded.length;
  const summary = `${folded.length} more task${folded.length === 1 ? '' : 's'} and ${others} lock${others === 1 ? '' : 's'} or event${others === 1 ? '' : 's'}, not in the cycle`;
  return el('details', { className: 'graph-folded' }, [el('summary', { text: summary }), el('ul', {}, lines)]);
}

function arrowheads(): SVGDefsElement {
  const marker = (id: string) => svg('marker', { id, viewBox: '0 0 10 10', refX: 10, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' }, [svg('path', { d: 'M 0 0 L 10 5 L 0 10 z' })]);
  return svg('defs', {}, [marker('arrow'), marker('arrow-cycle')]);
}

/** `lock>task` (held by) and `task>lock` (waits for), or the same with an event, for every edge of the deadlock's cycle. */
function cycleEdgeKeys(result: SimulationResult): string[] {
  return (result.deadlock?.cycle ?? []).flatMap((edge) => {
    const waited = edgeNode(edge);
    return waited === undefined ? [] : [`t${edge.task}>${nodeKey(waited)}`, `${nodeKey(waited)}>t${edge.holder}`];
  });
}

/** The cycle's tasks and what they wait for first (`cycleLength` of them), then every other task that holds or waits. */
function orderNodes(result: SimulationResult, tasks: TaskSnapshot[], showCycle: boolean): { nodes: Node[]; cycleLength: number } {
  const nodes = new Map<string, Node>();
  const add = (node: Node) => nodes.set(nodeKey(node), node);
  if (showCycle) {
    for (const edge of result.deadlock?.cycle ?? []) {
      add({ kind: 'task', task: edge.task });
      const waited = edgeNode(edge);
      if (waited) add(waited);
    }
  }
  const cycleLength = nodes.size;
  tasks.forEach((task, id) => {
    const waited = waitedNode(task);
    const touched: Node[] = [...task.holds.map((lock): Node => ({ kind: 'lock', lock })), ...(waited ? [waited] : [])];
    if (touched.length === 0) return;
    add({ kind: 'task', task: id });
    touched.forEach(add);
  });
  return { nodes: [...nodes.values()], cycleLength };
}

function ringPosition(i: number, count: number, radius: number, centre: number): Point {
  const angle = -Math.PI / 2 + (2 * Math.PI * i) / count;
  return { x: centre + radius * Math.cos(angle), y: centre + radius * Math.sin(angle) };
}

function arrow(position: Map<string, Point>, from: Node, to: Node, kind: 'holds' | 'waits' | 'may', inCycle: boolean): SVGLineElement {
  const a = position.get(nodeKey(from))!;
  const b = position.get(nodeKey(to))!;
  // Stop short of the node's shape so the arrowhead shows.
  const length = Math.hypot(b.x - a.x, b.y - a.y) || 1;
  const trim = 24;
  const line = svg('line', {
    class: `edge ${kind}${inCycle ? ' cycle' : ''}`,
    x1: a.x + ((b.x - a.x) * trim) / length,
    y1: a.y + ((b.y - a.y) * trim) / length,
    x2: b.x - ((b.x - a.x) * trim) / length,
    y2: b.y - ((b.y - a.y) * trim) / length,
    'marker-end': inCycle ? 'url(#arrow-cycle)' : 'url(#arrow)',
  });
  return line;
}

function nodeName(result: SimulationResult, node: Node): string {
  switch (node.kind) {
    case 'task':
      return result.tasks[node.task]!.name;
    case 'lock':
      return result.locks.find((lock) => lock.id === node.lock)?.name ?? node.lock;
    case 'event':
      return result.events.find((event) => event.id === node.event)?.name ?? node.event;
  }
}

function nodeShape(node: Node, at: Point, tasks: TaskSnapshot[]): SVGElement {
  switch (node.kind) {
    case 'task':
      return svg('circle', { class: `node task state-${tasks[node.task]!.status}`, cx: at.x, cy: at.y, r: 20 });
    case 'lock':
      return svg('rect', { class: 'node lock', x: at.x - 22, y: at.y - 14, width: 44, height: 28, rx: 4 });
    case 'event':
      return svg('polygon', { class: 'node event', points: `${at.x},${at.y - 18} ${at.x + 22},${at.y} ${at.x},${at.y + 18} ${at.x - 22},${at.y}` });
  }
}

function drawNode(result: SimulationResult, node: Node, at: Point, tasks: TaskSnapshot[]): SVGGElement {
  const name = nodeName(result, node);
  const short = shortName(name);
  const label = svg('text', { class: 'node-label', x: at.x, y: at.y + (node.kind === 'lock' ? 30 : 34), 'text-anchor': 'middle' });
  label.textContent = short;
  return svg('g', { class: `graph-node ${node.kind}`, 'data-name': name }, [nodeShape(node, at, tasks), label, svgTitle(`${node.kind} ${name}`)]);
}

function shortName(name: string): string {
  return name.length > LABEL_CHARACTERS ? `${name.slice(0, LABEL_CHARACTERS - 1)}…` : name;
}
