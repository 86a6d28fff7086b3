import { createSubscriber } from 'svelte/reactivity';

/**
 * The current time for countdowns, shared: one interval however many rows read it, running only
 * while something on screen does (createSubscriber starts it with the first reader and stops it
 * after the last). Reading `now` outside an effect just gives the time.
 */
export class Ticker {
  readonly #subscribe: () => void;

  constructor(periodMs: number) {
    this.#subscribe = createSubscriber((update) => {
      const timer = setInterval(update, periodMs);
      return () => clearInterval(timer);
    });
  }

  get now(): Date {
    this.#subscribe();
    return new Date();
  }
}

/** Countdowns move every 30 s: minutes are the finest unit they show. */
export const countdownTicker = new Ticker(30_000);
