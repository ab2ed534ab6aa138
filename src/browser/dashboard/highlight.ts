/** Offsets into a comment body (UTF-16 code units, end exclusive), as the moderation engine reports them. */
export interface Span {
  start: number;
  end: number;
}

export interface Segment {
  text: string;
  /** Indexes of the reasons whose span covers this segment (empty: plain text). */
  reasons: number[];
}

/**
 * Cuts `body` into plain and matched segments. Spans may overlap, be out of
 * range or empty (a stale or buggy reason must never break the page); each
 * segment lists every reason that covers it.
 */
export function highlightSegments(body: string, spans: (Span | undefined)[]): Segment[] {
  const cuts = new Set([0, body.length]);
  const valid: [number, Span][] = [];
  spans.forEach((span, i) => {
    if (!span || !Number.isFinite(span.start) || !Number.isFinite(span.end)) return;
    const start = Math.max(0, Math.min(body.length, Math.floor(span.start)));
    const end = Math.max(0, Math.min(body.length, Math.floor(span.end)));
    if (end <= start) return;
    valid.push([i, { start, end }]);
    cuts.add(start).add(end);
  });
  const points = [...cuts].sort((a, b) => a - b);
  const segments: Segment[] = [];
  for (let k = 0; k < points.length - 1; k++) {
    const from = points[k]!;
    const to = points[k + 1]!;
    const reasons = valid.filter(([, s]) => s.start <= from && s.end >= to).map(([i]) => i);
    const last = segments.at(-1);
    if (last && last.reasons.join() === reasons.join()) last.text += body.slice(from, to);
    else segments.push({ text: body.slice(from, to), reasons });
  }
  return segments;
}
