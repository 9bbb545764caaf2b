import { describe, expect, it } from 'vitest';
import { HttpError } from '../../../server/http/errors.ts';
import { MAX_ZOOM, parseTileCoord, tileAt, tileTouches, unitBox } from '../../../server/tiles/tile-grid.ts';

function fieldsOf(raw: { z: string; x: string; y: string }, names?: { z: string; x: string; y: string }): string[] {
  try {
    parseTileCoord(raw, names);
  } catch (e) {
    expect(e).toBeInstanceOf(HttpError);
    expect((e as HttpError).status).toBe(400);
    return (e as HttpError).details.map((d) => String(d.field));
  }
  return [];
}

describe('parseTileCoord', () => {
  it('accepts every tile of the grid up to the deepest zoom', () => {
    expect(parseTileCoord({ z: '0', x: '0', y: '0' })).toEqual({ z: 0, x: 0, y: 0 });
    const last = String(2 ** MAX_ZOOM - 1);
    expect(parseTileCoord({ z: String(MAX_ZOOM), x: last, y: last })).toEqual({ z: MAX_ZOOM, x: 2 ** MAX_ZOOM - 1, y: 2 ** MAX_ZOOM - 1 });
  });

  it('names each field that is outside the grid or not a whole number', () => {
    expect(fieldsOf({ z: String(MAX_ZOOM + 1), x: '0', y: '0' })).toEqual(['z']);
    expect(fieldsOf({ z: '2', x: '4', y: '4' })).toEqual(['x', 'y']);
    expect(fieldsOf({ z: '1.5', x: '0', y: '0' })).toEqual(['z']);
    expect(fieldsOf({ z: '3', x: '-1', y: '1e2' })).toEqual(['x', 'y']);
    expect(fieldsOf({ z: '3', x: '123456789012345678901', y: '0' })).toEqual(['x']);
    expect(fieldsOf({ z: '3', x: '9', y: '0' }, { z: 'tileMatrix', x: 'tileCol', y: 'tileRow' })).toEqual(['tileCol']);
  });
});

describe('tileAt and tileTouches', () => {
  it('finds the tile of Xinyi city at zoom 10 (the XYZ scheme, y from the north)', () => {
    // By the slippy-map formula: x = (110.94 + 180) / 360 · 1024 = 827.6; y = (1 − asinh(tan 22.35°) / π) / 2 · 1024 = 446.8.
    expect(tileAt(110.94, 22.35, 10)).toEqual({ z: 10, x: 827, y: 446 });
  });

  it('says a tile far from a box does not touch it, and its neighbour within the margin does', () => {
    const box = unitBox([110.9, 22.3, 111.0, 22.4]);
    const inside = tileAt(110.95, 22.35, 12);
    expect(tileTouches(inside, box, 0)).toBe(true);
    expect(tileTouches({ z: 12, x: inside.x + 10, y: inside.y }, box, 0.1)).toBe(false);
    const east = tileAt(111.0, 22.35, 12);
    expect(tileTouches({ z: 12, x: east.x + 1, y: east.y }, box, 1)).toBe(true);
  });
});
