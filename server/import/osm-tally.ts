/** What an OpenStreetMap file held and what became of its ways, for the import report. */
export interface OsmTally {
  nodes: number;
  ways: number;
  relations: number;
  /** Ways tagged highway=*. */
  highway_ways: number;
  kept: number;
  /** Kept with only the parts whose nodes are in the file (an extract cut at its border). */
  clipped: number;
  /** Ways left out, by reason. */
  skipped: Record<string, number>;
}

export const emptyTally = (): OsmTally => ({ nodes: 0, ways: 0, relations: 0, highway_ways: 0, kept: 0, clipped: 0, skipped: {} });

