import type { PlaylistSpec } from './playlist.ts';

/**
 * The turn of a playlist: which entry is on, and a `cycle` number that changes at each turn (and
 * each restart), so a progress bar keyed on it starts again. `run()` turns it every interval until
 * the returned function stops it; the page runs it only while the screen is live.
 */
export class Playlist {
  readonly intervalMs: number;
  #index = $state(0);
  #cycle = $state(0);
  #isRunning = $state(false);

  constructor(spec: PlaylistSpec) {
    this.intervalMs = spec.intervalMs;
  }

  /** The entry on screen among `count` (the list may grow once the child units are known). */
  indexOf(count: number): number {
    return count > 0 ? this.#index % count : 0;
  }
  get cycle(): number {
    return this.#cycle;
  }
  get isRunning(): boolean {
    return this.#isRunning;
  }

  /** Turns to the next of `count` entries every interval; returns the function that stops. */
  run(count: () => number): () => void {
    this.#isRunning = true;
    this.#cycle += 1;
    const timer = setInterval(() => {
      this.#index = (this.indexOf(count()) + 1) % Math.max(1, count());
      this.#cycle += 1;
    }, this.intervalMs);
    return () => {
      clearInterval(timer);
      this.#isRunning = false;
    };
  }
}
