/** One polite live region for announcements (read by screen readers) and a visible toast. */
import { h } from './dom.ts';

let region: HTMLElement | null = null;
let timer: ReturnType<typeof setTimeout> | undefined;

export function mountStatus(parent: HTMLElement): void {
  region = h('div', { class: 'toast', role: 'status', 'aria-live': 'polite', hidden: true });
  parent.append(region);
}

export function announce(message: string, kind: 'info' | 'error' = 'info', ms = 5000): void {
  if (!region) return;
  region.textContent = message;
  region.dataset.kind = kind;
  region.hidden = false;
  clearTimeout(timer);
  timer = setTimeout(() => {
    if (region) region.hidden = true;
  }, ms);
}
