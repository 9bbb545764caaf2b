/** What the warning intake answers, in zod: the warning created (a warnings feature), or the codes a Cancel ended. */
import { z } from 'zod';
import { layerFeature } from '../features/contract.ts';
import { warnings } from '../layers/warnings.ts';

export const cancelAnswer = z.object({ cancelled: z.array(z.string()) });
export const warningFeature = layerFeature(warnings);
export type WarningFeature = z.infer<typeof warningFeature>;
