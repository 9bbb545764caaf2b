/** Types for vt-pbf (it ships none): the one function the tile encoder uses. */
declare module 'vt-pbf' {
  interface VtPbf {
    /** Serialises geojson-vt-shaped tiles, one MVT layer per key, to protobuf. */
    fromGeojsonVt(layers: Record<string, { features: readonly unknown[] }>, options?: { version?: number; extent?: number }): Uint8Array;
  }
  const vtpbf: VtPbf;
  export default vtpbf;
}
