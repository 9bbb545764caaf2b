/** A risk grade as a coloured chip (极高 red … 低 blue), or "not graded". */
import type { Registry } from '../registry.ts';
import { t } from '../i18n.ts';
import { h } from './dom.ts';

export function gradeChip(reg: Registry, grade: string | null | undefined): HTMLElement {
  return h('span', { class: `grade-chip grade-${grade ?? 'none'}` }, grade ? reg.valueLabel('risk_sites', 'grade', grade) : t('ungraded'));
}
