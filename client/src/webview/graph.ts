// The wait-for graph at the cursor: tasks (circles) and locks (boxes) on a ring; an arrow from a lock to each
// task holding it, a dashed arrow from a task to the lock it waits for. On a deadlock the cycle's arrows are
// drawn in the error colour, and the cycle's nodes come first on the ring so it reads as a loop.
import type { SimulationResult, TaskSnapshot } from '../../../scheduler/index';
import { svg, svgTitle } from './dom';

type Node = { kind: 'task'; task: number } | { kind: 'lock'; lock: string };
const nodeKey = (node: Node) => (node.kind === 'task' ? `t${node.task}` : `l${node.lock}`);

const SIZE = 320;
const RADIUS = 115;

export function renderWaitForGraph(result: SimulationResult, tasks: TaskSnapshot[], showCycle: boolean): SVGSVGElement {
  const root = svg('svg', { class: 'graph', width: SIZE, height: SIZE, viewBox: `0 0 ${SIZE} ${SIZE}`, role: 'img', 'aria-label': 'Wait-for graph' });
  root.append(arrowheads());
  const cycleEdges = new Set(showCycle ? cycleEdgeKeys(result) : []);
  const nodes = orderNodes(result, tasks, showCycle);
  if (nodes.length === 0) {
    root.append(svg('text', { class: 'graph-empty', x: SIZE / 2, y: SIZE / 2, 'text-anchor': 'middle' }, ['No task holds or waits for a lock']));
    return root;
  }
  const position = new Map(nodes.map((node, i) => [nodeKey(node), ringPosition(i, nodes.length)]));
  const edges = svg('g', { class: 'edges' });
  tasks.forEach((task, id) => {
    for (const lock of task.holds) edges.append(arrow(position, { kind: 'lock', lock }, { kind: 'task', task: id }, 'holds', cycleEdges.has(`l${lock}>t${id}`)));
    if (task.wait?.kind === 'lock') edges.append(arrow(position, { kind: 'task', task: id }, { kind: 'lock', lock: task.wait.lock }, 'waits', cycleEdges.has(`t${id}>l${task.wait.lock}`)));
  });
  root.append(edges, ...nodes.map((node) => drawNode(result, node, position.get(nodeKey(node))!, tasks)));
  return root;
}

function arrowheads(): SVGDefsElement {
  const marker = (id: string) => svg('marker', { id, viewBox: '0 0 10 10', refX: 10, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' }, [svg('path', { d: 'M 0 0 L 10 5 L 0 10 z' })]);
  return svg('defs', {}, [marker('arrow'), marker('arrow-cycle')]);
}

/** `lock>task` (held by) and `task>lock` (waits for) for every edge of the deadlock's cycle. */
function cycleEdgeKeys(result: SimulationResult): string[] {
  return (result.deadlock?.cycle ?? []).flatMap((edge) => (edge.lock === undefined ? [] : [`t${edge.task}>l${edge.lock}`, `l${edge.lock}>t${edge.holder}`]));
}

function orderNodes(result: SimulationResult, tasks: TaskSnapshot[], showCycle: boolean): Node[] {
  const nodes = new Map<string, Node>();
  const add = (node: Node) => nodes.set(nodeKey(node), node);
  if (showCycle) {
    for (const edge of result.deadlock?.cycle ?? []) {
      add({ kind: 'task', task: edge.task });
      if (edge.lock !== undefined) add({ kind: 'lock', lock: edge.lock });
    }
  }
  tasks.forEach((task, id) => {
    const locks = [...task.holds, ...(task.wait?.kind === 'lock' ? [task.wait.lock] : [])];
    if (locks.length === 0) return;
    add({ kind: 'task', task: id });
    for (const lock of locks) add({ kind: 'lock', lock });
  });
  return [...nodes.values()];
}

function ringPosition(i: number, count: number): { x: number; y: number } {
  const angle = -Math.PI / 2 + (2 * Math.PI * i) / count;
  return { x: SIZE / 2 + RADIUS * Math.cos(angle), y: SIZE / 2 + RADIUS * Math.sin(angle) };
}

function arrow(position: Map<string, { x: number; y: number }>, from: Node, to: Node, kind: 'holds' | 'waits', inCycle: boolean): SVGLineElement {
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

function drawNode(result: SimulationResult, node: Node, at: { x: number; y: number }, tasks: TaskSnapshot[]): SVGGElement {
  const name = node.kind === 'task' ? result.tasks[node.task]!.name : (result.locks.find((lock) => lock.id === node.lock)?.name ?? node.lock);
  const short = name.length > 16 ? `${name.slice(0, 15)}…` : name;
  const shape =
    node.kind === 'task'
      ? svg('circle', { class: `node task state-${tasks[node.task]!.status}`, cx: at.x, cy: at.y, r: 20 })
      : svg('rect', { class: 'node lock', x: at.x - 22, y: at.y - 14, width: 44, height: 28, rx: 4 });
  const label = svg('text', { class: 'node-label', x: at.x, y: at.y + (node.kind === 'task' ? 34 : 30), 'text-anchor': 'middle' });
  label.textContent = short;
  return svg('g', { class: `graph-node ${node.kind}`, 'data-name': name }, [shape, label, svgTitle(`${node.kind === 'task' ? 'task' : 'lock'} ${name}`)]);
}
