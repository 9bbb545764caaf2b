/** The evacuation card as GET /api/cards/{code} answers it: read by the card page and its map. */
import type { CardAnswer } from '../../../server/cards/contract.ts';
import type { Label } from '../i18n.ts';

export interface SignalLevel {
  colour: string;
  name: Label;
  meaning: Label;
  actions: { zh: string[]; en: string[] };
}

/** The card as the server's contract gives it. */
export type Card = CardAnswer;
