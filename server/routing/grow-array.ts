/** A typed array twice as long holding the same values first: the pools and heaps that grow as they fill. */
export function doubled<T extends Int32Array | Float64Array>(arr: T, Ctor: { new (n: number): T }): T {
  const next = new Ctor(arr.length * 2);
  next.set(arr);
  return next;
}
