// Summaries of repeated measurements: the median, and the noise as the spread of the runs
// around it. Ratios always compare two medians taken in the same run of the bench.

export function median(values) {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Noise: (max − min) / median of the runs, as a fraction (0.04 = ±2 % around the median). */
export function spread(values) {
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length < 2) return NaN;
  const m = median(finite);
  return m === 0 ? NaN : (Math.max(...finite) - Math.min(...finite)) / m;
}

export function summarize(values) {
  return { runs: values, median: median(values), spread: spread(values) };
}

export function ratio(value, baseline) {
  return Number.isFinite(value) && Number.isFinite(baseline) && baseline !== 0 ? value / baseline : NaN;
}

// Formatting for the tables.
export const fmt = {
  ratio: (r) => (Number.isFinite(r) ? `${r.toFixed(2)}×` : '—'),
  pct: (f) => (Number.isFinite(f) ? `${(f * 100).toFixed(1)} %` : '—'),
  ms: (v) => (Number.isFinite(v) ? (v >= 10_000 ? `${(v / 1000).toFixed(1)} s` : `${Math.round(v)} ms`) : '—'),
  mb: (v) => (Number.isFinite(v) ? `${Math.round(v)} MB` : '—'),
  ns: (v) =>
    Number.isFinite(v) ? (v >= 1000 ? `${(v / 1000).toFixed(2)} µs` : `${v.toFixed(v < 10 ? 2 : 1)} ns`) : '—',
  signedNs: (v) => (Number.isFinite(v) ? `${v >= 0 ? '+' : '−'}${fmt.ns(Math.abs(v))}` : '—'),
  int: (v) => (Number.isFinite(v) ? Math.round(v).toLocaleString('en-US') : '—'),
};
