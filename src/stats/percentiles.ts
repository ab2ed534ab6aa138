/** Summary of a set of durations: how many, and the nearest-rank 50th and 95th percentiles. */
export interface DurationSummary {
  count: number;
  p50Seconds: number | null;
  p95Seconds: number | null;
}

/**
 * Nearest-rank percentile of already sorted values (the smallest value with
 * at least p % of the values at or below it); null for no values.
 */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1]!;
}

export function summarise(durationsMs: readonly number[]): DurationSummary {
  const sorted = [...durationsMs].sort((a, b) => a - b);
  const seconds = (ms: number | null) => (ms === null ? null : Math.round(ms / 1000));
  return {
    count: sorted.length,
    p50Seconds: seconds(percentile(sorted, 50)),
    p95Seconds: seconds(percentile(sorted, 95)),
  };
}

/** The median in hours (one decimal), for the transparency report; null for no values. */
export function medianHours(durationsMs: readonly number[]): number | null {
  const sorted = [...durationsMs].sort((a, b) => a - b);
  const ms = percentile(sorted, 50);
  return ms === null ? null : Math.round((ms / 3_600_000) * 10) / 10;
}
