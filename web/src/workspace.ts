/**
 * What a staff workspace (planning, geohazards) gets from the map page and gives back. The page
 * loads a workspace on demand; both sides import these types from here, never each other.
 */
import type Map from 'ol/Map.js';
import type { Registry } from './registry.ts';
import type { PublicLayers } from './map/public-layers.ts';
import type { Principal } from './session.ts';

export interface AppContext {
  map: Map;
  reg: Registry;
  layers: PublicLayers;
  me: Principal;
}

export interface Workspace {
  element: HTMLElement;
  /** Puts the workspace's layers and tools on the map. */
  activate(): void;
  /** Takes them off again. */
  deactivate(): void;
}
