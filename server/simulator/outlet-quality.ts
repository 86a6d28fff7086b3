import { stableHash } from './bank-time.ts';

/**
 * Each outlet's own service quality (issue #16), a fixed trait of its code: most outlets are near
 * their targets, about a quarter somewhat short (amber on the wall), one in ten clearly short (red).
 * The live simulator draws its customers' experience from it and the demo's history is built from
 * the same figures, so yesterday and last year look like today. Pure.
 */
export interface OutletQuality {
  tier: 'good' | 'amber' | 'red';
  /** Expected share of ratings 4–5 over all waits (满意率). */
  satisfaction: number;
  /** Share of finished tickets the customer rates (参评率). */
  participation: number;
  /** Share of finished tickets with a service error (差错). */
  errorShare: number;
  /** Multiplier of the drawn wait (crowding, counters open). */
  waitFactor: number;
  /** Multiplier of the drawn handling time (training, systems). */
  handlingFactor: number;
}

/** A fraction in [0, 1) from the code and a purpose, stable across runs and machines. */
const unit = (code: string, purpose: string): number => stableHash(code, purpose) / 2 ** 32;

const between = (low: number, high: number, u: number): number => low + (high - low) * u;

export function outletQuality(code: string): OutletQuality {
  const draw = unit(code, 'quality');
  const u = (purpose: string) => unit(code, purpose);
  if (draw < 0.65) {
    return {
      tier: 'good', satisfaction: between(0.981, 0.992, u('sat')), participation: between(0.82, 0.9, u('part')),
      errorShare: between(1, 4, u('err')) / 10_000, waitFactor: between(0.8, 1, u('wait')), handlingFactor: between(0.72, 0.82, u('hand')),
    };
  }
  if (draw < 0.9) {
    return {
      tier: 'amber', satisfaction: between(0.972, 0.98, u('sat')), participation: between(0.77, 0.83, u('part')),
      errorShare: between(4, 8, u('err')) / 10_000, waitFactor: between(0.95, 1.15, u('wait')), handlingFactor: between(0.82, 0.92, u('hand')),
    };
  }
  return {
    tier: 'red', satisfaction: between(0.95, 0.968, u('sat')), participation: between(0.62, 0.74, u('part')),
    errorShare: between(10, 18, u('err')) / 10_000, waitFactor: between(1.2, 1.45, u('wait')), handlingFactor: between(0.95, 1.05, u('hand')),
  };
}

/**
 * A rating for a customer of an outlet of this quality, from ONE uniform draw (so the random
 * stream stays aligned whatever the outlet): unsatisfied customers are 3.5× as many after a long
 * wait, scaled so the outlet's overall satisfaction is about `quality.satisfaction` with the usual
 * one wait in ten over the threshold.
 */
export function qualityRating(uniform: number, quality: OutletQuality, longWait: boolean): number {
  const baseUnsatisfied = (1 - quality.satisfaction) / 1.25;
  const unsatisfied = Math.min(0.9, longWait ? baseUnsatisfied * 3.5 : baseUnsatisfied);
  if (uniform < unsatisfied) {
    const v = uniform / unsatisfied;
    return v < 0.6 ? 3 : v < 0.85 ? 2 : 1;
  }
  return (uniform - unsatisfied) / (1 - unsatisfied) < 0.88 ? 5 : 4;
}
