/** Where the map opens: Xinyi (信宜市), lon/lat box from DESIGN.md. */
import { transformExtent } from 'ol/proj.js';

export const XINYI_LONLAT: [number, number, number, number] = [110.68, 22.19, 111.68, 22.71];
export const XINYI_EXTENT = transformExtent(XINYI_LONLAT, 'EPSG:4326', 'EPSG:3857');
