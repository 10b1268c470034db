// The lock-order graph's cycle search on graphs written by hand: strongly connected components, and the shortest
// witness through an edge, searched inside its component — parallel edges, modes at the junctions, near misses.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type * as ts from 'typescript';
import { LockGraph } from '../../server/src/analysis/locks/cycles';
import type { LockEdge, LockMode, LockSite } from '../../server/src/analysis/locks/lock-analysis';
import { stronglyConnectedComponents } from '../../server/src/analysis/strongly-connected';

/** The partition the components make, each component's nodes sorted, components by their first node. */
function partition(edges: Record<string, string[]>): string[][] {
  const component = stronglyConnectedComponents(Object.keys(edges), (node) => edges[node] ?? []);
  const groups = new Map<number, string[]>();
  for (const [node, number] of component) groups.set(number, [...(groups.get(number) ?? []), node]);
  return [...groups.values()].map((group) => group.sort()).sort((a, b) => a[0]!.localeCompare(b[0]!));
}

describe('strongly connected components', () => {
  test('a cycle of two, a cycle of three, and the nodes on no cycle each alone', () => {
    assert.deepEqual(partition({ a: ['b'], b: ['a', 'c'], c: ['d'], d: ['e'], e: ['c', 'f'] }), [['a', 'b'], ['c', 'd', 'e'], ['f']]);
  });

  test('a self-loop is a component of one', () => {
    assert.deepEqual(partition({ a: ['a', 'b'], b: [] }), [['a'], ['b']]);
  });

  test('two cycles joined one way stay two components', () => {
    assert.deepEqual(partition({ a: ['b'], b: ['a', 'c'], c: ['d'], d: ['c'] }), [['a', 'b'], ['c', 'd']]);
  });

  test('a DAG with two ways to one node has no component larger than one', () => {
    assert.deepEqual(partition({ a: ['b', 'c'], b: ['d'], c: ['d'], d: [] }), [['a'], ['b'], ['c'], ['d']]);
  });

  test('a chain of 200,000 nodes and the edge back that closes it: one component, no stack overflow', () => {
    const length = 200_000;
    const component = stronglyConnectedComponents([0], (node) => [(node + 1) % length]);
    assert.equal(component.size, length);
    assert.equal(new Set(component.values()).size, 1);
  });
});

interface EdgeOptions {
  heldMode?: LockMode;
  takenMode?: LockMode;
  capacity?: number;
}

const call = {} as ts.CallExpression;

function site(key: string, mode: LockMode, capacity: number): LockSite {
  return { ref: { identity: { key, label: key, family: false, capacity, reentrant: false }, mode }, kind: 'acquire', call, lockExpression: call, fn: {} as LockSite['fn'], ownerFlagged: false };
}

/** held → taken, a mutex at each end unless told otherwise. */
function edge(held: string, taken: string, { heldMode = 'exclusive', takenMode = 'exclusive', capacity = 1 }: EdgeOptions = {}): LockEdge {
  return { held: site(held, heldMode, capacity), taken: { site: site(taken, takenMode, capacity), mode: takenMode, chain: [] }, via: call };
}

describe('the shortest cycle through an edge', () => {
  test('a cycle of two: the other side', () => {
    const [ab, ba] = [edge('a', 'b'), edge('b', 'a')];
    const graph = new LockGraph([ab, ba]);
    assert.deepEqual(graph.cycleThrough(ab), [ba]);
    assert.deepEqual(graph.cycleThrough(ba), [ab]);
  });

  test('a cycle of three: the two edges after it, in order', () => {
    const [ab, bc, ca] = [edge('a', 'b'), edge('b', 'c'), edge('c', 'a')];
    assert.deepEqual(new LockGraph([ab, bc, ca]).cycleThrough(ab), [bc, ca]);
  });

  test('of a cycle of three and one of two through the same edge, the shorter', () => {
    const [ab, bc, ca, ba] = [edge('a', 'b'), edge('b', 'c'), edge('c', 'a'), edge('b', 'a')];
    const graph = new LockGraph([ab, bc, ca, ba]);
    assert.deepEqual(graph.cycleThrough(ab), [ba]);
    assert.deepEqual(graph.cycleThrough(bc), [ca, ab]);
  });

  test('a self-loop is no cycle (reentry is lock-reentry\'s), nor does it lead anywhere', () => {
    const [aa, ab] = [edge('a', 'a'), edge('a', 'b')];
    const graph = new LockGraph([aa, ab]);
    assert.equal(graph.cycleThrough(aa), undefined);
    assert.equal(graph.cycleThrough(ab), undefined);
  });

  test('parallel edges: each finds the one cycle, through the first of the parallel edges back', () => {
    const [ab1, ab2, ba1, ba2] = [edge('a', 'b'), edge('a', 'b'), edge('b', 'a'), edge('b', 'a')];
    const graph = new LockGraph([ab1, ab2, ba1, ba2]);
    assert.equal(graph.cycleThrough(ab1)![0], ba1);
    assert.equal(graph.cycleThrough(ab2)![0], ba1);
    assert.equal(graph.cycleThrough(ba2)![0], ab1);
  });

  test('parallel edges that differ in mode stay apart: a shared hold the first cannot close, the exclusive one after it can', () => {
    const ab = edge('a', 'b', { takenMode: 'shared' });
    const sharedBack = edge('b', 'a', { heldMode: 'shared' });
    const exclusiveBack = edge('b', 'a');
    const graph = new LockGraph([ab, sharedBack, exclusiveBack]);
    assert.deepEqual(graph.cycleThrough(ab), [exclusiveBack]);
    assert.equal(new LockGraph([ab, sharedBack]).cycleThrough(ab), undefined);
  });

  test('two components joined by an edge: the joining edge is on no cycle, each component keeps its own', () => {
    const [ab, ba, cd, dc, ac] = [edge('a', 'b'), edge('b', 'a'), edge('c', 'd'), edge('d', 'c'), edge('a', 'c')];
    const graph = new LockGraph([ab, ba, cd, dc, ac]);
    assert.equal(graph.cycleThrough(ac), undefined);
    assert.deepEqual(graph.cycleThrough(ab), [ba]);
    assert.deepEqual(graph.cycleThrough(dc), [cd]);
  });

  test('near miss: a DAG with two ways from a to c has no cycle', () => {
    const edges = [edge('a', 'b'), edge('b', 'c'), edge('a', 'c')];
    const graph = new LockGraph(edges);
    for (const each of edges) assert.equal(graph.cycleThrough(each), undefined);
  });

  test('near miss: a limit of unknown capacity cannot close a cycle', () => {
    const [ab, ba] = [edge('a', 'b', { capacity: Infinity }), edge('b', 'a', { capacity: Infinity })];
    assert.equal(new LockGraph([ab, ba]).cycleThrough(ab), undefined);
  });
});
