/** A task that does nothing: running it starts a thread (and loads its code) ahead of real work. */
export function ready(): boolean {
  return true;
}
