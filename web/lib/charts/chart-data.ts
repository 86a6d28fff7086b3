/** In-place writes into chart.js data arrays (pure; the chart attachment's `apply` functions use them). */

/**
 * The array to write a dataset's points into. With decimation active chart.js keeps the full
 * series in `_data` and serves a decimated copy as `data`; writing into that copy would be lost.
 */
export function sourceData<T>(dataset: { data: T[] }): T[] {
  return (dataset as { _data?: T[] })._data ?? dataset.data;
}

/** Makes `target` hold `source`'s points, reusing its point objects and its identity. */
export function writePoints(target: { x: number; y: number | null }[], source: readonly { x: number; y: number | null }[]): void {
  const shared = Math.min(target.length, source.length);
  for (let i = 0; i < shared; i++) {
    target[i]!.x = source[i]!.x;
    target[i]!.y = source[i]!.y;
  }
  // push and splice: chart.js listens to both on its data arrays. splice needs its count spelt
  // out: chart.js's listener reads it from the arguments, and a one-argument splice leaves the
  // chart with elements for points that are gone (it then throws while drawing).
  if (source.length > shared) target.push(...source.slice(shared).map((p) => ({ x: p.x, y: p.y })));
  else if (target.length > shared) target.splice(shared, target.length - shared);
}
