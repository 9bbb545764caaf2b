/** The bounds on what one import may cost, from configuration (server/config.ts). */
import type { Config } from '../config.ts';

export interface ImportLimits {
  maxUploadBytes: number;
  maxDecompressedBytes: number;
  maxColumns: number;
  maxRows: number;
  /** Nodes of an OpenStreetMap extract held to draw its ways. */
  maxOsmNodes: number;
}

export function importLimits(config: Pick<Config, 'IMPORT_MAX_UPLOAD_BYTES' | 'IMPORT_MAX_DECOMPRESSED_BYTES' | 'IMPORT_MAX_COLUMNS' | 'IMPORT_MAX_ROWS' | 'IMPORT_MAX_OSM_NODES'>): ImportLimits {
  return {
    maxUploadBytes: config.IMPORT_MAX_UPLOAD_BYTES,
    maxDecompressedBytes: config.IMPORT_MAX_DECOMPRESSED_BYTES,
    maxColumns: config.IMPORT_MAX_COLUMNS,
    maxRows: config.IMPORT_MAX_ROWS,
    maxOsmNodes: config.IMPORT_MAX_OSM_NODES,
  };
}

export const megabytes = (n: number) => `${Math.round((n / 1024 / 1024) * 10) / 10} MB`;
