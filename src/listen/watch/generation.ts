let current = 0;

/** Tells every recorder of this process that the lists changed (they look again at their next batch). */
export function watchlistsChanged(): void {
  current++;
}

/** Goes up with every change of the lists made by this process. */
export function watchGeneration(): number {
  return current;
}
