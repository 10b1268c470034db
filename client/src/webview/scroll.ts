// Scrolling a box, and only that box (scrollIntoView would move the page too), just far enough to show a range.

/** Moves `box`'s scroll on one axis the least that shows [start, end] of its content, when it is not shown already. */
export function revealWithin(box: HTMLElement, axis: 'x' | 'y', start: number, end: number, margin = 8): void {
  const size = axis === 'x' ? box.clientWidth : box.clientHeight;
  const current = axis === 'x' ? box.scrollLeft : box.scrollTop;
  let next = current;
  if (start - margin < current || end - start + 2 * margin > size) next = start - margin;
  else if (end + margin > current + size) next = end + margin - size;
  if (next === current) return;
  if (axis === 'x') box.scrollLeft = next;
  else box.scrollTop = next;
}

/** The item's extent inside the scrolling box, in the box's content coordinates (vertical). */
export function extentIn(box: HTMLElement, item: Element): { start: number; end: number } {
  const top = item.getBoundingClientRect().top - box.getBoundingClientRect().top + box.scrollTop;
  return { start: top, end: top + item.getBoundingClientRect().height };
}
