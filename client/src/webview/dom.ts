// Building DOM without markup strings: every text goes through textContent (or an SVG text node), so a task
// named `<img src=x onerror=…>` stays text. Nothing in the page uses innerHTML.

type Handlers = { [K in keyof HTMLElementEventMap]?: (event: HTMLElementEventMap[K]) => void };

export interface ElementProps {
  className?: string;
  text?: string;
  attrs?: Record<string, string>;
  on?: Handlers;
}

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: ElementProps = {}, children: (Node | string)[] = []): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (props.className) element.className = props.className;
  if (props.text !== undefined) element.textContent = props.text;
  for (const [name, value] of Object.entries(props.attrs ?? {})) element.setAttribute(name, value);
  for (const [type, handler] of Object.entries(props.on ?? {})) element.addEventListener(type, handler as EventListener);
  element.append(...children);
  return element;
}

/** A toolbar button; `pressed` makes it a toggle. */
export function button(id: string, text: string, label: string, onClick: () => void, pressed?: boolean): HTMLButtonElement {
  const toggle: Record<string, string> = pressed === undefined ? {} : { 'aria-pressed': String(pressed) };
  return el('button', { text, attrs: { id, type: 'button', title: label, 'aria-label': label, ...toggle }, on: { click: onClick } });
}

const SVG_NS = 'http://www.w3.org/2000/svg';

export function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number> = {}, children: (Node | string)[] = []): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attrs)) element.setAttribute(name, String(value));
  element.append(...children);
  return element;
}

/** An SVG <title> child: the tooltip, as text. */
export function svgTitle(text: string): SVGTitleElement {
  const title = svg('title');
  title.textContent = text;
  return title;
}
