/** Seeded random numbers for test instances: the service's own mulberry32. */
export { mulberry32 as prng } from '../../../../server/analysis/seeded-random.ts';
