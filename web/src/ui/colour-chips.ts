/** Colour keys: a small square of a colour beside its meaning, in a wrapping list. */
import { h } from './dom.ts';

export function colourChip(colour: string): HTMLElement {
  const c = h('span', { class: 'chip' });
  c.style.background = colour;
  return c;
}

export function chips(items: ReadonlyArray<readonly [string, string]>): HTMLUListElement {
  return h('ul', { class: 'classes' }, ...items.map(([colour, text]) => h('li', {}, colourChip(colour), h('span', {}, text))));
}
