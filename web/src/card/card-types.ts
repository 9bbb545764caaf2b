/** The evacuation card as GET /api/cards/{code} answers it: read by the card page and its map. */
import type { CardAnswer } from '../../../server/cards/contract.ts';

/** The card as the server's contract gives it. */
export type Card = CardAnswer;
