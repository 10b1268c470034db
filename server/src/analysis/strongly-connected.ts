// Strongly connected components, by Tarjan's algorithm — iterative, so a graph of any depth needs no call stack.
// Two nodes share a component when each reaches the other; a node on no cycle is a component of its own.

interface Frame<T> {
  node: T;
  successors: readonly T[];
  next: number;
}

/**
 * Each node's component, numbered from 0 (equal numbers: one component), for `nodes` and all they reach. A
 * component's number is above those of the components it reaches (Tarjan closes those first).
 */
export function stronglyConnectedComponents<T>(nodes: Iterable<T>, successorsOf: (node: T) => readonly T[]): Map<T, number> {
  const index = new Map<T, number>();
  const lowLink = new Map<T, number>();
  const open: T[] = [];
  const isOpen = new Set<T>();
  const component = new Map<T, number>();
  const work: Frame<T>[] = [];
  let components = 0;
  const enter = (node: T): void => {
    index.set(node, index.size);
    lowLink.set(node, index.get(node)!);
    open.push(node);
    isOpen.add(node);
    work.push({ node, successors: successorsOf(node), next: 0 });
  };
  const lower = (node: T, to: number): void => void lowLink.set(node, Math.min(lowLink.get(node)!, to));
  for (const root of nodes) {
    if (!index.has(root)) enter(root);
    while (work.length > 0) {
      const frame = work.at(-1)!;
      if (frame.next < frame.successors.length) {
        const successor = frame.successors[frame.next++]!;
        if (!index.has(successor)) enter(successor);
        else if (isOpen.has(successor)) lower(frame.node, index.get(successor)!);
        continue;
      }
      work.pop();
      if (work.length > 0) lower(work.at(-1)!.node, lowLink.get(frame.node)!);
      if (lowLink.get(frame.node) === index.get(frame.node)) closeComponent(frame.node, components++, open, isOpen, component);
    }
  }
  return component;
}

/** The root's component is everything still open above it: number them all. */
function closeComponent<T>(root: T, number: number, open: T[], isOpen: Set<T>, component: Map<T, number>): void {
  let member: T;
  do {
    member = open.pop()!;
    isOpen.delete(member);
    component.set(member, number);
  } while (member !== root);
}
