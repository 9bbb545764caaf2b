/**
 * Reassigning the households of a full shelter, on points drawn in metres east of Xinyi
 * (tests/unit/routing/support/network.ts). Distances are great-circle metres, within 0.5 % of
 * the drawn ones at these few kilometres.
 */
import { describe, expect, it } from 'vitest';
import { reassignHouseholds, type ShelterWithRoom, type WaitingHousehold } from '../../../server/analysis/reassign-households.ts';
import { at } from '../routing/support/network.ts';

const household = (id: number, x: number, residents: number): WaitingHousehold => {
  const [lon, lat] = at(x, 0);
  return { id, lon, lat, residents };
};
const shelterAt = (id: number, x: number, vacancies: number): ShelterWithRoom => {
  const [lon, lat] = at(x, 0);
  return { id, lon, lat, vacancies };
};

describe('reassignHouseholds', () => {
  /**
   * Households 1 (4 people) and 2 (6 people) wait at x = 0. Shelter 10 at 1000 m has room for 6,
   * shelter 20 at 2000 m for 10. Largest first: household 2 takes shelter 10's last 6 places;
   * household 1 no longer fits there and goes on to shelter 20, 2000 m away.
   */
  it('fills the nearest shelter with the largest household first and sends the rest to the next one with room', () => {
    const res = reassignHouseholds([household(1, 0, 4), household(2, 0, 6)], [shelterAt(10, 1000, 6), shelterAt(20, 2000, 10)]);
    expect(res.map((r) => [r.task_id, r.to_shelter_id])).toEqual([[2, 10], [1, 20]]);
    expect(res[0].distance_m).toBeCloseTo(1000, -1);
    expect(res[1].distance_m).toBeCloseTo(2000, -1);
  });

  /**
   * Household 3 (12 people) fits nowhere (10 places at most): it is listed with no shelter, and
   * the 10 places stay free for household 4 (5 people) behind it.
   */
  it('lists a household nobody can take whole, without using up the room it did not get', () => {
    const res = reassignHouseholds([household(4, 0, 5), household(3, 0, 12)], [shelterAt(10, 1000, 10)]);
    expect(res[0]).toEqual({ task_id: 3, to_shelter_id: null, distance_m: null });
    expect(res[1]).toMatchObject({ task_id: 4, to_shelter_id: 10 });
  });

  /** Two shelters on the same spot, both with room: the lower id wins, whatever the input order. */
  it('breaks a tie in distance by the lower shelter id and leaves its inputs as they were', () => {
    const households = [household(5, 0, 2)];
    const shelters = [shelterAt(30, 500, 4), shelterAt(20, 500, 4)];
    const copy = structuredClone({ households, shelters });
    expect(reassignHouseholds(households, shelters)[0].to_shelter_id).toBe(20);
    expect({ households, shelters }).toEqual(copy);
  });
});
