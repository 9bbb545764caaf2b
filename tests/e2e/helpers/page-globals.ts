/// <reference lib="dom" />
/**
 * The handles the web client puts on `window` for diagnostics and these tests, typed with
 * just what the tests read (the client's own types live in web/, a separate project).
 */
export interface MapHandle {
  getView(): {
    setCenter(c: number[]): void;
    setZoom(z: number): void;
    getZoom(): number | undefined;
    getCenter(): number[] | undefined;
    calculateExtent(size?: number[]): number[];
    fit(extent: number[], options?: { padding?: number[] }): void;
  };
  getSize(): number[] | undefined;
  render(): void;
  once(type: 'rendercomplete', f: () => void): void;
  getPixelFromCoordinate(c: number[]): number[];
  getTargetElement(): HTMLElement;
}

export interface SourceHandle {
  getFeatures(): Array<{ getId(): string | number | undefined; get(k: string): unknown; getProperties(): Record<string, unknown> }>;
}

declare global {
  interface Window {
    __onemap?: {
      map: MapHandle;
      counts(): Record<string, number>;
      /** Features drawn now by the layers whose `key` property names them (default: the analysis layers). */
      drawn(key?: string): Record<string, number>;
      properties(id: string, max: number): Record<string, unknown>[];
      /** Up to `max` lines of an analysis layer, in lon/lat, with their properties. */
      lines(id: string, max: number): Array<{ properties: Record<string, unknown>; coordinates: number[][] }>;
      layers: { usesTiles: boolean; shelters: SourceHandle; layers: Record<string, { getSource(): SourceHandle | null }> };
      ready: Promise<void>;
      /** "Where do I go?": the way it draws now, in lon/lat. */
      where: { drawnWay(): number[][] | null };
    };
    __onemapReport?: { mapReady: Promise<unknown> };
    __onemapCard?: { card: { shelter: { shelter: { properties: Record<string, unknown> } } | null }; mapReady: Promise<void>; way: Promise<number[][] | null> };
  }
}

/** Web Mercator metres of a lon/lat (EPSG:3857), as the map's view uses. */
export function mercator(lon: number, lat: number): [number, number] {
  const r = 6378137;
  const rad = Math.PI / 180;
  return [r * lon * rad, r * Math.log(Math.tan(Math.PI / 4 + (lat * rad) / 2))];
}
